package io.baton.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.baton.api.AVSessionDescriptor;
import io.baton.api.AVSessionManager;
import io.baton.api.AVSessionType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MPRIS bridge across the lives of its peers: players quitting, the bus restarting, the daemon restarting, two
 * daemons on one bus, no bus at all. Bus names are read with playerctl and dbus-send, sessions through the SDK.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class MprisLifecycleTest {
  private static final Duration WAIT = Duration.ofSeconds(40);

  @TempDir Path dir;
  private PrivateBus bus;
  private final List<AutoCloseable> resources = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    List<String> missing = PrivateBus.missingPrograms();
    assumeTrue(missing.isEmpty(), "MPRIS tests skipped: missing " + missing + " (.ci/run installs them)");
    bus = PrivateBus.start(dir.resolve("bus"));
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        // Every resource gets its chance to close.
      }
    }
    if (bus != null) {
      bus.close();
    }
  }

  @Test
  void busRestarts_exportsComeBack_importsFollowTheNewBus() throws Exception {
    BatonFixture baton = daemon("a");
    AVSessionManager sdk = sdk(baton, "it.lifecycle");
    BatonFixture.DemoPlayer player = baton.demoPlayer();
    String exported = exportName(player);
    mpv("mpv1");
    await().atMost(WAIT).until(() -> bus.players().containsAll(List.of(exported, "mpv"))
        && appIds(sdk).contains("mpris.mpv"));

    bus.restart();

    // mpv's player left with the old bus (GDBus even ends mpv when its bus goes away), and so did its session.
    await().atMost(WAIT).until(() -> !appIds(sdk).contains("mpris.mpv"));
    await().atMost(WAIT).until(() -> bus.players().equals(List.of(exported)));

    mpv("mpv2");

    await().atMost(WAIT).until(() -> appIds(sdk).contains("mpris.mpv"));
    assertThat(bus.players()).containsExactlyInAnyOrder(exported, "mpv");
  }

  @Test
  void daemonRestarts_namesAndSessionsDisappearAndComeBack() throws Exception {
    BatonFixture baton = daemon("a");
    BatonFixture.DemoPlayer player = baton.demoPlayer();
    String exported = exportName(player);
    mpv("mpv");
    await().atMost(WAIT).until(() -> bus.players().contains(exported));

    baton.daemon().terminate();

    await().atMost(WAIT).until(() -> bus.players().equals(List.of("mpv")));

    baton.startDaemon("--mpris-bus", bus.address());
    AVSessionManager sdk = sdk(baton, "it.lifecycle");

    // The demo player's SDK restores its session under a new id: a new name; mpv is imported again.
    await().atMost(WAIT).until(() -> appIds(sdk).containsAll(List.of("baton.cli", "mpris.mpv")));
    String restoredId = sdk.getAllSessionDescriptors().get(10, TimeUnit.SECONDS).stream()
        .filter(d -> d.appId().equals("baton.cli")).findFirst().orElseThrow().sessionId();
    String restored = "baton.baton_cli_" + restoredId.substring(0, 12);
    await().atMost(WAIT).until(() -> bus.players().contains(restored));
    assertThat(bus.players()).containsExactlyInAnyOrder(restored, "mpv");
  }

  @Test
  void twoDaemonsOnOneBus_neitherImportsTheOthersExports() throws Exception {
    BatonFixture a = daemon("a");
    BatonFixture b = daemon("b");
    AVSessionManager sdkA = sdk(a, "it.lifecycle.a");
    AVSessionManager sdkB = sdk(b, "it.lifecycle.b");
    String exportA = exportName(a.demoPlayer());
    String exportB = exportName(b.demoPlayer());
    mpv("mpv");

    await().atMost(WAIT).until(() -> bus.players().containsAll(List.of(exportA, exportB, "mpv"))
        && appIds(sdkA).contains("mpris.mpv") && appIds(sdkB).contains("mpris.mpv"));
    // Give a loop time to show: a re-import would add a session, its re-export a name.
    long settle = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    await().atMost(WAIT).pollDelay(Duration.ofSeconds(3)).until(() -> System.nanoTime() >= settle);

    assertThat(bus.players()).containsExactlyInAnyOrder(exportA, exportB, "mpv");
    assertThat(appIds(sdkA)).containsExactlyInAnyOrder("baton.cli", "mpris.mpv");
    assertThat(appIds(sdkB)).containsExactlyInAnyOrder("baton.cli", "mpris.mpv");
  }

  @Test
  void noBus_daemonServesWithoutTheBridgeAndSaysSoOnce() throws Exception {
    // No --mpris-bus, and surefire removes DBUS_SESSION_BUS_ADDRESS from the environment.
    BatonFixture baton = new BatonFixture(dir.resolve("a")).startDaemon();
    resources.add(baton);
    AVSessionManager sdk = sdk(baton, "it.lifecycle");

    sdk.createSession("app", AVSessionType.AUDIO).get(10, TimeUnit.SECONDS);

    assertThat(appIds(sdk)).containsExactly("it.lifecycle");
    await().atMost(WAIT).untilAsserted(() -> assertThat(baton.daemon().stderr()).contains("MPRIS bridge off"));
    assertThat(baton.daemon().stderr().split("MPRIS bridge", -1)).hasSize(2);
    assertThat(bus.players()).isEmpty();
  }

  @Test
  void noMprisOption_bridgeOffEvenWithABus() throws Exception {
    BatonFixture baton = new BatonFixture(dir.resolve("a")).startDaemon("--no-mpris", "--mpris-bus", bus.address());
    resources.add(baton);
    AVSessionManager sdk = sdk(baton, "it.lifecycle");
    sdk.createSession("app", AVSessionType.AUDIO).get(10, TimeUnit.SECONDS);
    mpv("mpv");

    await().atMost(WAIT).until(() -> bus.players().contains("mpv"));

    assertThat(bus.players()).containsExactly("mpv");
    assertThat(appIds(sdk)).containsExactly("it.lifecycle");
    assertThat(baton.daemon().stderr()).doesNotContain("MPRIS bridge");
  }

  // ---------------------------------------------------------------- Helpers

  private BatonFixture daemon(String name) throws Exception {
    BatonFixture baton = new BatonFixture(dir.resolve(name));
    resources.add(baton);
    return baton.startDaemon("--mpris-bus", bus.address());
  }

  private AVSessionManager sdk(BatonFixture baton, String appId) {
    PatientSdk sdk = new PatientSdk(baton.socket);
    resources.add(sdk);
    return sdk.connect(appId);
  }

  private MpvPlayer mpv(String name) throws Exception {
    MpvPlayer mpv = MpvPlayer.start(bus, dir.resolve("bus"), name, MpvPlayer.tone(dir));
    resources.add(mpv);
    return mpv;
  }

  private static String exportName(BatonFixture.DemoPlayer player) {
    return "baton.baton_cli_" + player.sessionId().substring(0, 12);
  }

  private static List<String> appIds(AVSessionManager sdk) throws Exception {
    return sdk.getAllSessionDescriptors().get(10, TimeUnit.SECONDS).stream()
        .map(AVSessionDescriptor::appId).toList();
  }
}
