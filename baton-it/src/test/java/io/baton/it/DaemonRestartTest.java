package io.baton.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.baton.api.AVControlCommand;
import io.baton.api.AVControlCommandType;
import io.baton.api.AVMetadata;
import io.baton.api.AVSession;
import io.baton.api.AVSessionController;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.AVSessionManager;
import io.baton.api.AVSessionType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of the daemon: SDK retries then 6600101 and sessionServiceDie; after a restart, recovery and history. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DaemonRestartTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private BatonFixture baton;

  @AfterEach
  void tearDown() throws Exception {
    baton.close();
  }

  @Test
  void daemonKilled_callsFailWith6600101AfterRetry_thenSessionsAndControllersAreRestored() throws Exception {
    baton = new BatonFixture(dir).startDaemon();
    // The SDK's default retry timeout, the one this test measures.
    AVSessionManager appManager = baton.manager("it.app", Duration.ofSeconds(3));
    AVSessionManager controlManager = baton.manager("it.remote", Duration.ofSeconds(3));
    CompletableFuture<Void> died = new CompletableFuture<>();
    CompletableFuture<Void> restored = new CompletableFuture<>();
    controlManager.addListener(new AVSessionManager.Listener() {
      @Override
      public void onSessionServiceDie() {
        died.complete(null);
      }

      @Override
      public void onSessionServiceRestored() {
        restored.complete(null);
      }
    });
    List<String> newIds = new CopyOnWriteArrayList<>();
    appManager.addRecoveryListener(new AVSessionManager.RecoveryListener() {
      @Override
      public void onSessionRestored(String oldSessionId, String newSessionId) {
        newIds.add(newSessionId);
      }
    });
    AVSession session = appManager.createSession("restartable", AVSessionType.AUDIO).get(10, TimeUnit.SECONDS);
    List<AVControlCommand> received = new CopyOnWriteArrayList<>();
    session.addCommandHandler(AVControlCommandType.PLAY, received::add);
    session.setAVMetadata(AVMetadata.builder().setAssetId("song-1").setTitle("Before the crash").build())
        .get(10, TimeUnit.SECONDS);
    session.activate().get(10, TimeUnit.SECONDS);
    String oldId = session.getSessionId();
    AVSessionController controller = controlManager.createController(oldId).get(10, TimeUnit.SECONDS);
    controller.sendControlCommand(AVControlCommand.play()).get(10, TimeUnit.SECONDS);

    baton.daemon().kill9();

    died.get(10, TimeUnit.SECONDS);
    long start = System.nanoTime();
    assertThatThrownBy(() -> controller.getAVMetadata().get(20, TimeUnit.SECONDS)).satisfies(t -> {
      AVSessionException e = AVSessionException.fromThrowable(t);
      assertThat(e.errorCode()).as(e.getMessage()).isEqualTo(AVSessionErrorCode.SERVICE_EXCEPTION);
    });
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(2500), Duration.ofSeconds(8));

    baton.startDaemon();

    restored.get(30, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(30)).until(() -> !newIds.isEmpty() && !session.getSessionId().equals(oldId));
    assertThat(session.getSessionId()).isEqualTo(newIds.get(0));
    await().atMost(Duration.ofSeconds(30)).until(() -> controller.getSessionId().equals(session.getSessionId()));
    assertThat(controller.getAVMetadata().get(10, TimeUnit.SECONDS).title()).isEqualTo("Before the crash");
    assertThat(controller.isActive().get(10, TimeUnit.SECONDS)).isTrue();
    controller.sendControlCommand(AVControlCommand.play()).get(10, TimeUnit.SECONDS);
    assertThat(received).hasSize(2);
  }

  @Test
  void history_survivesDaemonRestart() throws Exception {
    baton = new BatonFixture(dir).startDaemon();
    AVSessionManager app = baton.manager("it.history");
    AVSession session = app.createSession("remember-me", AVSessionType.VIDEO).get(10, TimeUnit.SECONDS);
    session.setAVMetadata(AVMetadata.builder().setAssetId("m1").setTitle("Remembered").build())
        .get(10, TimeUnit.SECONDS);
    session.destroy().get(10, TimeUnit.SECONDS);
    // SIGTERM: a clean shutdown writes what is pending.
    baton.daemon().terminate();

    baton.startDaemon();
    BatonFixture.CliResult history = baton.cli("history", "--json");

    assertThat(history.exitCode()).as(history.stderr()).isZero();
    JsonNode entries = JSON.readTree(history.stdout());
    assertThat(entries).hasSize(1);
    assertThat(entries.get(0).get("appId").asText()).isEqualTo("it.history");
    assertThat(entries.get(0).get("tag").asText()).isEqualTo("remember-me");
    assertThat(entries.get(0).get("title").asText()).isEqualTo("Remembered");
    assertThat(entries.get(0).get("type").asText()).isEqualTo("video");
  }
}
