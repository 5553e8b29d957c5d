package io.baton.client;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.baton.api.AVControlCommand;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVSessionController;
import io.baton.api.AVSessionDescriptor;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.AVSessionManager;
import io.baton.api.EventFilter;
import io.baton.api.PlaybackPosition;
import io.baton.api.PlaybackState;
import io.baton.protocol.ProtoConverters;
import io.baton.protocol.v1.ControllerEvent;
import io.baton.protocol.v1.EventFilterKind;
import io.baton.protocol.v1.SessionDescriptor;
import io.baton.protocol.v1.SessionState;
import io.baton.protocol.v1.StringList;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Tests for {@link ControllerImpl}, over {@link FakeDaemon}. */
@Timeout(30)
class ControllerImplTest {
  private static final String SESSION = "S1";

  private FakeDaemon daemon;
  private AVSessionManager manager;

  @BeforeEach
  void setUp() {
    daemon = new FakeDaemon();
    daemon.service().sessions.add(SESSION);
    manager =
        ManagerImpl.connect(
            AVSessionManager.builder().appId("test.app").retryTimeout(Duration.ofSeconds(2)),
            daemon::newChannel,
            () -> {});
  }

  @AfterEach
  void tearDown() {
    manager.close();
    daemon.close();
  }

  private AVSessionController controller() throws Exception {
    return manager.createController(SESSION).get(5, SECONDS);
  }

  private static AVSessionException failure(CompletableFuture<?> future) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(5, SECONDS));
    assertThat(e.getCause()).isInstanceOf(AVSessionException.class);
    return (AVSessionException) e.getCause();
  }

  private static ControllerEvent.Builder event(AVSessionController controller) {
    return ControllerEvent.newBuilder().addControllerIds(((ControllerImpl) controller).controllerId());
  }

  @Test
  void destroy_thenCall_failsWith6600103WithoutIpc() throws Exception {
    AVSessionController controller = controller();
    controller.destroy().get(5, SECONDS);
    int requestsBefore = daemon.service().clientIdHeaders.size();

    AVSessionException e = failure(controller.getAVMetadata());

    assertThat(e.errorCode()).isEqualTo(AVSessionErrorCode.CONTROLLER_NOT_EXIST);
    assertThat(failure(controller.sendControlCommand(AVControlCommand.play())).code()).isEqualTo(6600103);
    assertThat(failure(controller.setMetadataFilter(EventFilter.ALL)).code()).isEqualTo(6600103);
    assertThat(daemon.service().clientIdHeaders).hasSize(requestsBefore);
  }

  @Test
  void destroy_calledTwice_isNoOp() throws Exception {
    AVSessionController controller = controller();

    controller.destroy().get(5, SECONDS);
    controller.destroy().get(5, SECONDS);

    assertThat(daemon.service().destroyControllers).hasSize(1);
  }

  @Test
  void sessionDestroyEvent_listenerNotified_thenCallsFailWith6600102() throws Exception {
    AVSessionController controller = controller();
    List<String> destroyed = new CopyOnWriteArrayList<>();
    controller.addListener(
        new AVSessionController.Listener() {
          @Override
          public void onSessionDestroy(AVSessionDescriptor descriptor) {
            destroyed.add(descriptor.sessionId());
          }
        });

    daemon
        .service()
        .sendControllerEvent(
            event(controller).setSessionDestroy(SessionDescriptor.newBuilder().setSessionId(SESSION)).build());

    await().atMost(5, SECONDS).until(() -> destroyed.size() == 1);
    assertThat(destroyed).containsExactly(SESSION);
    assertThat(failure(controller.getValidCommands()).errorCode()).isEqualTo(AVSessionErrorCode.SESSION_NOT_EXIST);
  }

  @Test
  void events_severalKinds_deliveredInOrderToEveryListener() throws Exception {
    AVSessionController controller = controller();
    List<String> events = new CopyOnWriteArrayList<>();
    controller.addListener(
        new AVSessionController.Listener() {
          @Override
          public void onActiveStateChange(boolean active) {
            throw new IllegalStateException("listener bug");
          }
        });
    controller.addListener(
        new AVSessionController.Listener() {
          @Override
          public void onActiveStateChange(boolean active) {
            events.add("active " + active);
          }

          @Override
          public void onValidCommandChange(List<String> commands) {
            events.add("commands " + commands);
          }

          @Override
          public void onQueueTitleChange(String title) {
            events.add("title " + title);
          }
        });

    daemon.service().sendControllerEvent(event(controller).setActiveStateChange(true).build());
    daemon
        .service()
        .sendControllerEvent(
            event(controller).setValidCommandChange(StringList.newBuilder().addValues("play")).build());
    daemon.service().sendControllerEvent(event(controller).setQueueTitleChange("Q").build());

    await().atMost(5, SECONDS).until(() -> events.size() == 3);
    assertThat(events).containsExactly("active true", "commands [play]", "title Q");
  }

  @Test
  void playbackStateEvent_overlaysCachedState_realPositionExtrapolates() throws Exception {
    long now = System.currentTimeMillis();
    daemon
        .service()
        .states
        .put(
            SESSION,
            SessionState.newBuilder()
                .setSession(SessionDescriptor.newBuilder().setSessionId(SESSION))
                .setMetadata(ProtoConverters.toProto(AVMetadata.builder().setAssetId("a").setDurationMs(600_000L).build()))
                .setPlaybackState(
                    ProtoConverters.toProto(
                        AVPlaybackState.builder()
                            .setState(PlaybackState.PAUSE)
                            .setSpeed(2.0)
                            .setPosition(new PlaybackPosition(10_000, now - 5_000))
                            .build()))
                .build());
    AVSessionController controller = controller();
    assertThat(controller.getRealPlaybackPosition()).isEqualTo(10_000);
    List<AVPlaybackState> seen = new CopyOnWriteArrayList<>();
    controller.addListener(
        new AVSessionController.Listener() {
          @Override
          public void onPlaybackStateChange(AVPlaybackState state) {
            seen.add(state);
          }
        });

    // Only the state changes; speed and position stay from the cached state.
    daemon
        .service()
        .sendControllerEvent(
            event(controller)
                .setPlaybackStateChange(
                    ProtoConverters.toProto(AVPlaybackState.builder().setState(PlaybackState.PLAY).build()))
                .build());

    await().atMost(5, SECONDS).until(() -> seen.size() == 1);
    long position = controller.getRealPlaybackPosition();
    // 10 s + (≥ 5 s elapsed × speed 2), below the 600 s duration.
    assertThat(position).isBetween(20_000L, 60_000L);
  }

  @Test
  void setFilters_eachKind_sendsSetEventFilter() throws Exception {
    AVSessionController controller = controller();

    controller.setMetadataFilter(EventFilter.of("title", "artist")).get(5, SECONDS);
    controller.setPlaybackStateFilter(EventFilter.ALL).get(5, SECONDS);
    controller.setCallMetadataFilter(EventFilter.NONE).get(5, SECONDS);
    controller.setCallStateFilter(EventFilter.of("state")).get(5, SECONDS);

    assertThat(daemon.service().filters)
        .extracting(f -> f.getKind())
        .containsExactly(
            EventFilterKind.EVENT_FILTER_KIND_METADATA,
            EventFilterKind.EVENT_FILTER_KIND_PLAYBACK_STATE,
            EventFilterKind.EVENT_FILTER_KIND_CALL_METADATA,
            EventFilterKind.EVENT_FILTER_KIND_CALL_STATE);
    assertThat(daemon.service().filters.get(0).getKeysList()).containsExactly("artist", "title");
    assertThat(daemon.service().filters.get(0).getAll()).isFalse();
    assertThat(daemon.service().filters.get(1).getAll()).isTrue();
  }

  @Test
  void sendControlCommand_ack_completesAndSendsCommandForThisController() throws Exception {
    AVSessionController controller = controller();

    controller.sendControlCommand(AVControlCommand.seek(42)).get(5, SECONDS);

    assertThat(daemon.service().controlCommands).hasSize(1);
    assertThat(daemon.service().controlCommands.get(0).getControllerId())
        .isEqualTo(((ControllerImpl) controller).controllerId());
    assertThat(daemon.service().controlCommands.get(0).getCommand().getTimeMs()).isEqualTo(42);
  }

  @Test
  void getter_refreshesFromDaemon() throws Exception {
    AVSessionController controller = controller();
    daemon
        .service()
        .states
        .put(
            SESSION,
            SessionState.newBuilder()
                .setSession(SessionDescriptor.newBuilder().setSessionId(SESSION).setIsActive(true))
                .setQueueTitle("Queue")
                .addValidCommands("play")
                .build());

    assertThat(controller.getAVQueueTitle().get(5, SECONDS)).isEqualTo("Queue");
    assertThat(controller.isActive().get(5, SECONDS)).isTrue();
    assertThat(controller.getValidCommands().get(5, SECONDS)).containsExactly("play");
    assertThat(controller.getDescriptor().get(5, SECONDS).sessionId()).isEqualTo(SESSION);
  }

  @Test
  void createController_unknownSession_failsWith6600102() {
    assertThat(failure(manager.createController("nope")).errorCode()).isEqualTo(AVSessionErrorCode.SESSION_NOT_EXIST);
  }
}
