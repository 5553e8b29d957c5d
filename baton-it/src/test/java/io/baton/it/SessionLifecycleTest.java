package io.baton.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.baton.api.AVControlCommand;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVSessionController;
import io.baton.api.AVSessionDescriptor;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.AVSessionManager;
import io.baton.api.EventFilter;
import io.baton.api.PlaybackState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real daemon on a real socket, a demo player in its own JVM, and controllers in the test JVM: commands, events
 * and every local error code (6600101–6600107, 401).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SessionLifecycleTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private BatonFixture baton;

  @BeforeEach
  void setUp() throws Exception {
    baton = new BatonFixture(dir).startDaemon();
  }

  @AfterEach
  void tearDown() throws Exception {
    baton.close();
  }

  private static void assertCode(ThrowingCallable call, AVSessionErrorCode code) {
    assertThatThrownBy(call).satisfies(t -> {
      AVSessionException e = AVSessionException.fromThrowable(t);
      assertThat(e.errorCode()).as(e.getMessage()).isEqualTo(code);
    });
  }

  @Test
  void play_fromController_runsInDemoPlayerProcessAndStateComesBack() throws Exception {
    BatonFixture.DemoPlayer player = baton.demoPlayer("--title", "Integration Tone");
    AVSessionManager manager = baton.manager("it.controller");
    AVSessionController controller = manager.createController(player.sessionId()).get(10, TimeUnit.SECONDS);
    List<AVPlaybackState> states = new CopyOnWriteArrayList<>();
    controller.addListener(new AVSessionController.Listener() {
      @Override
      public void onPlaybackStateChange(AVPlaybackState state) {
        states.add(state);
      }
    });
    controller.setPlaybackStateFilter(EventFilter.of("state")).get(10, TimeUnit.SECONDS);

    controller.sendControlCommand(AVControlCommand.play()).get(10, TimeUnit.SECONDS);

    JsonNode received = JSON.readTree(player.process().nextLine(WAIT));
    assertThat(received.get("command").asText()).isEqualTo("play");
    assertThat(received.get("caller").asText()).isEqualTo("it.controller");
    await().atMost(WAIT).until(() -> states.stream().anyMatch(s -> s.state() == PlaybackState.PLAY));
    assertThat(controller.getAVMetadata().get(10, TimeUnit.SECONDS).title()).isEqualTo("Integration Tone");
    long first = controller.getRealPlaybackPosition();
    await().atMost(WAIT).until(() -> controller.getRealPlaybackPosition() >= first + 200);
  }

  @Test
  void errorCodes_eachLocalSituation_producesItsCode() throws Exception {
    BatonFixture.DemoPlayer player = baton.demoPlayer("--commands", "play,pause");
    BatonFixture.DemoPlayer inactive = baton.demoPlayer("--inactive", "--tag", "sleepy");
    AVSessionManager manager = baton.manager("it.errors");
    AVSessionController controller = manager.createController(player.sessionId()).get(10, TimeUnit.SECONDS);

    // 401: a bad parameter; 6600105: a command the session has no handler for.
    assertCode(() -> controller.sendControlCommand(AVControlCommand.seek(-1)).join(),
        AVSessionErrorCode.INVALID_PARAMETER);
    assertCode(() -> controller.sendControlCommand(AVControlCommand.seek(1000)).join(),
        AVSessionErrorCode.COMMAND_INVALID);
    // 6600106: the session is not activated.
    AVSessionController sleepy = manager.createController(inactive.sessionId()).get(10, TimeUnit.SECONDS);
    assertCode(() -> sleepy.sendControlCommand(AVControlCommand.play()).join(), AVSessionErrorCode.SESSION_INACTIVE);
    // 6600102: no such session.
    assertCode(() -> manager.createController("0".repeat(64)).join(), AVSessionErrorCode.SESSION_NOT_EXIST);
    // 6600103: a destroyed controller.
    sleepy.destroy().get(10, TimeUnit.SECONDS);
    assertCode(() -> sleepy.getAVMetadata().join(), AVSessionErrorCode.CONTROLLER_NOT_EXIST);
    assertCode(() -> sleepy.sendControlCommand(AVControlCommand.play()).join(),
        AVSessionErrorCode.CONTROLLER_NOT_EXIST);
  }

  @Test
  void rateLimit_floodingClientGets6600107_otherClientIsServed() throws Exception {
    BatonFixture.DemoPlayer player = baton.demoPlayer();

    BatonFixture.CliResult flood = baton.cli("send", player.sessionId(), "play", "--count", "40", "--json");

    assertThat(flood.exitCode()).as(flood.stderr()).isZero();
    JsonNode result = JSON.readTree(flood.stdout());
    assertThat(result.get("sent").asInt()).isEqualTo(40);
    assertThat(result.get("errors").get("6600107").asInt()).isPositive();
    assertThat(result.get("ok").asInt()).isBetween(10, 39);
    AVSessionController other = baton.manager("it.other").createController(player.sessionId())
        .get(10, TimeUnit.SECONDS);
    other.sendControlCommand(AVControlCommand.pause()).get(10, TimeUnit.SECONDS);
  }

  @Test
  void killDashNine_ofSessionApp_destroysItsSessionWithinOneSecond() throws Exception {
    BatonFixture.DemoPlayer player = baton.demoPlayer();
    AVSessionManager manager = baton.manager("it.watcher");
    AVSessionController controller = manager.createController(player.sessionId()).get(10, TimeUnit.SECONDS);
    CompletableFuture<AVSessionDescriptor> destroyed = new CompletableFuture<>();
    controller.addListener(new AVSessionController.Listener() {
      @Override
      public void onSessionDestroy(AVSessionDescriptor descriptor) {
        destroyed.complete(descriptor);
      }
    });

    long killedAt = System.nanoTime();
    player.process().kill9();

    assertThat(destroyed.get(5, TimeUnit.SECONDS).sessionId()).isEqualTo(player.sessionId());
    assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(Duration.ofSeconds(1));
    assertCode(() -> controller.sendControlCommand(AVControlCommand.play()).join(),
        AVSessionErrorCode.SESSION_NOT_EXIST);
    JsonNode dump = JSON.readTree(baton.cli("dump").stdout());
    assertThat(dump.get("sessions")).isEmpty();
    assertThat(dump.get("clients")).hasSize(2); // this test's manager and the dump command itself
  }
}
