package io.baton.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.baton.api.AVSessionDescriptor;
import io.baton.api.AVSessionManager;
import io.baton.api.BatonDevice;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two daemons in two network namespaces the test creates, joined by a veth pair (multicast routed over it, so mDNS
 * never leaves them): each finds the other by mDNS/DNS-SD, they pair by the discovered address, and a session on one
 * is controlled from the other over the real (non-loopback) link. Needs root for the namespaces; skips loudly without
 * it.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class DeviceDiscoveryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(40);

  @TempDir Path dir;
  private final List<String> namespaces = new ArrayList<>();
  private final List<AutoCloseable> open = new ArrayList<>();
  private String nsA;
  private String nsB;
  private String addressA;
  private String addressB;

  @BeforeEach
  void network() throws Exception {
    boolean root = new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    if (!root) {
      System.err.println("DeviceDiscoveryTest SKIPPED: creating network namespaces needs root (CI runs as root)");
    }
    Assumptions.assumeTrue(root, "needs root for ip netns");
    int n = ThreadLocalRandom.current().nextInt(1, 250);
    String tag = Long.toString(ProcessHandle.current().pid() % 100000) + n;
    nsA = "baton-da" + tag;
    nsB = "baton-db" + tag;
    addressA = "10.234." + n + ".1";
    addressB = "10.234." + n + ".2";
    String ifA = "bda" + tag;
    String ifB = "bdb" + tag;
    run("ip", "netns", "add", nsA);
    namespaces.add(nsA);
    run("ip", "netns", "add", nsB);
    namespaces.add(nsB);
    run("ip", "link", "add", ifA, "type", "veth", "peer", "name", ifB);
    run("ip", "link", "set", ifA, "netns", nsA);
    run("ip", "link", "set", ifB, "netns", nsB);
    run("ip", "netns", "exec", nsA, "ip", "addr", "add", addressA + "/24", "dev", ifA);
    run("ip", "netns", "exec", nsB, "ip", "addr", "add", addressB + "/24", "dev", ifB);
    for (String[] ns : new String[][] {{nsA, ifA}, {nsB, ifB}}) {
      run("ip", "netns", "exec", ns[0], "ip", "link", "set", "lo", "up");
      run("ip", "netns", "exec", ns[0], "ip", "link", "set", ns[1], "up");
      run("ip", "netns", "exec", ns[0], "ip", "route", "add", "224.0.0.0/4", "dev", ns[1]);
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      try {
        open.get(i).close();
      } catch (Exception e) {
        // Every resource gets its chance to close.
      }
    }
    for (String ns : namespaces) {
      new ProcessBuilder("ip", "netns", "del", ns).redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** A daemon in {@code ns}; its socket is on the shared file system, so the test JVM reaches it. */
  private AVSessionManager daemon(String ns, String name, String... args) throws Exception {
    Path socket = dir.resolve(name + "/run/baton.sock");
    List<String> all = new ArrayList<>(List.of("daemon", "--socket", socket.toString(),
        "--state-dir", dir.resolve(name + "/state").toString(), "--device-name", name, "--no-web", "--no-mpris"));
    all.addAll(List.of(args));
    JavaProcess daemon = JavaProcess.baton(List.of("ip", "netns", "exec", ns),
        System.getProperty("java.class.path"), all);
    open.add(daemon);
    daemon.awaitLineStartingWith("baton daemon ready on ", BatonFixture.START_TIMEOUT);
    AVSessionManager sdk = AVSessionManager.builder().socket(socket).appId("it." + name)
        .retryTimeout(Duration.ofSeconds(30)).connect();
    open.add(sdk);
    return sdk;
  }

  private static Optional<BatonDevice> discovered(AVSessionManager sdk, String name) throws Exception {
    return sdk.getDeviceManager().getDiscoveredDevices().get(10, TimeUnit.SECONDS).stream()
        .filter(d -> d.name().equals(name)).findFirst();
  }

  @Test
  void daemonsInTwoNamespaces_findEachOther_pair_andControlSessionsOverTheLink() throws Exception {
    AVSessionManager a = daemon(nsA, "alpha", "--listen", addressA + ":7401");
    AVSessionManager b = daemon(nsB, "beta", "--listen", addressB + ":7402");
    long started = System.nanoTime();

    await().atMost(WAIT).until(() -> discovered(a, "beta").isPresent() && discovered(b, "alpha").isPresent());
    System.out.printf("discovery: both found after %d ms%n", (System.nanoTime() - started) / 1_000_000);
    BatonDevice beta = discovered(a, "beta").orElseThrow();
    assertThat(beta.address()).isEqualTo(addressB + ":7402");
    assertThat(beta.keyFingerprint()).isEmpty(); // An announcement proves nothing.
    String betaId = b.getDeviceManager().getLocalDevice().get(10, TimeUnit.SECONDS).deviceId();
    assertThat(beta.deviceId()).isEqualTo(betaId);

    String code = b.getDeviceManager().allowPairing().get(10, TimeUnit.SECONDS).code();
    BatonDevice paired = a.getDeviceManager().pair(beta.address(), code).get(20, TimeUnit.SECONDS);
    assertThat(paired.deviceId()).isEqualTo(betaId);
    // Paired devices leave the "discovered" list.
    await().atMost(WAIT).until(() -> discovered(a, "beta").isEmpty() && discovered(b, "alpha").isEmpty());

    var app = b.createSession("radio", io.baton.api.AVSessionType.AUDIO).get(10, TimeUnit.SECONDS);
    List<io.baton.api.AVControlCommand> received = new java.util.concurrent.CopyOnWriteArrayList<>();
    app.addCommandHandler(io.baton.api.AVControlCommandType.PLAY, received::add);
    app.setAVMetadata(io.baton.api.AVMetadata.builder().setAssetId("r1").setTitle("Radio").build())
        .get(10, TimeUnit.SECONDS);
    app.activate().get(10, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> a.getAllSessionDescriptors().get(10, TimeUnit.SECONDS).stream()
        .anyMatch(d -> d.sessionId().equals(app.getSessionId()) && d.active()));
    AVSessionDescriptor remote = a.getAllSessionDescriptors().get(10, TimeUnit.SECONDS).stream()
        .filter(d -> d.sessionId().equals(app.getSessionId())).findFirst().orElseThrow();
    assertThat(remote.remote()).isTrue();
    assertThat(remote.deviceId()).isEqualTo(betaId);
    a.createController(app.getSessionId()).get(10, TimeUnit.SECONDS)
        .sendControlCommand(io.baton.api.AVControlCommand.play()).get(10, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> !received.isEmpty());
    JsonNode devices = JSON.readTree(cli(dir.resolve("alpha/run/baton.sock"), "devices", "--json"));
    assertThat(devices.get("devices").get(0).get("address").asText()).isEqualTo(addressB + ":7402");
    assertThat(devices.get("devices").get(0).get("state").asText()).isEqualTo("connected");
  }

  private String cli(Path socket, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--socket", socket.toString()));
    try (JavaProcess p = JavaProcess.baton(all)) {
      assertThat(p.waitFor(BatonFixture.START_TIMEOUT)).as(p.stderr()).isZero();
      return String.join("\n", p.drainLines());
    }
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + String.join(" ", command));
    }
    String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed: " + output);
    }
  }
}
