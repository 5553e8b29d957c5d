package io.baton.client;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.baton.api.AVControlCommandType;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVSession;
import io.baton.api.AVSessionController;
import io.baton.api.AVSessionDescriptor;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.AVSessionManager;
import io.baton.api.AVSessionType;
import io.baton.api.EventFilter;
import io.baton.api.PlaybackState;
import io.baton.protocol.v1.ManagerEvent;
import io.baton.protocol.v1.SessionDescriptor;
import io.baton.protocol.v1.SessionType;
import io.baton.protocol.v1.UpdateSessionRequest;
import io.baton.protocol.v1.UpdateSessionRequest.UpdateCase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Tests for {@link ManagerImpl}, over {@link FakeDaemon}. */
@Timeout(30)
class ManagerImplTest {
  private FakeDaemon daemon;
  private final List<AVSessionManager> managers = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    daemon = new FakeDaemon();
  }

  @AfterEach
  void tearDown() {
    managers.forEach(AVSessionManager::close);
    daemon.close();
  }

  private AVSessionManager connect(AVSessionManager.Builder builder) {
    AVSessionManager manager = ManagerImpl.connect(builder, daemon::newChannel, () -> {});
    managers.add(manager);
    return manager;
  }

  private AVSessionManager connect() {
    return connect(AVSessionManager.builder().appId("test.app").retryTimeout(Duration.ofSeconds(2)));
  }

  private static <T> T join(CompletableFuture<T> future) throws Exception {
    return future.get(5, SECONDS);
  }

  private static AVSessionException failure(CompletableFuture<?> future) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(5, SECONDS));
    assertThat(e.getCause()).isInstanceOf(AVSessionException.class);
    return (AVSessionException) e.getCause();
  }

  @Test
  void connect_daemonWelcomes_sendsHelloWithAppIdAndVersion() {
    AVSessionManager manager = connect();

    assertThat(manager.appId()).isEqualTo("test.app");
    assertThat(daemon.service().hellos).hasSize(1);
    assertThat(daemon.service().hellos.get(0).getHello().getAppId()).isEqualTo("test.app");
    assertThat(daemon.service().hellos.get(0).getHello().getProtocolVersion()).isEqualTo(1);
  }

  @Test
  void connect_invalidAppId_throwsIllegalArgumentException() {
    AVSessionManager.Builder builder = AVSessionManager.builder().appId("bad app id!");

    assertThatThrownBy(() -> connect(builder))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad app id!");
    assertThat(daemon.service().hellos).isEmpty();
  }

  @Test
  void connect_noDaemon_failsWith6600101AfterRetryTimeout() {
    daemon.kill();
    AVSessionManager.Builder builder =
        AVSessionManager.builder().appId("test.app").retryTimeout(Duration.ofMillis(400));
    long start = System.nanoTime();

    assertThatThrownBy(() -> connect(builder))
        .isInstanceOfSatisfying(
            AVSessionException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(AVSessionErrorCode.SERVICE_EXCEPTION);
              assertThat(e.detail()).contains("daemon unreachable for 400 ms");
            });
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(300L, 3_000L);
  }

  @Test
  void connect_daemonRefusesHello_failsAtOnceWithItsCode() {
    daemon.service().refuseHello = "hello.appId: not allowed";
    AVSessionManager.Builder builder =
        AVSessionManager.builder().appId("test.app").retryTimeout(Duration.ofSeconds(20));
    long start = System.nanoTime();

    assertThatThrownBy(() -> connect(builder))
        .isInstanceOfSatisfying(
            AVSessionException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(AVSessionErrorCode.INVALID_PARAMETER);
              assertThat(e.detail()).contains("hello.appId: not allowed");
            });
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(10_000L);
  }

  @Test
  void createSession_userExecutor_completesOnIt() throws Exception {
    ExecutorService pool =
        Executors.newSingleThreadExecutor(r -> new Thread(r, "app-thread"));
    try {
      AVSessionManager manager =
          connect(AVSessionManager.builder().appId("test.app").callbackExecutor(pool));
      AtomicReference<String> thread = new AtomicReference<>();
      // Hold the pool until the callback is attached, so the future cannot complete (on this thread) before.
      CountDownLatch attached = new CountDownLatch(1);
      pool.execute(() -> {
        try {
          attached.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });

      CompletableFuture<AVSession> created =
          manager.createSession("main", AVSessionType.AUDIO).whenComplete((s, e) -> thread.set(threadName()));
      attached.countDown();
      join(created);

      assertThat(thread.get()).isEqualTo("app-thread");
      manager.close();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void unaryCalls_afterWelcome_carryClientIdHeader() throws Exception {
    AVSessionManager manager = connect();

    join(manager.createSession("main", AVSessionType.AUDIO));

    assertThat(daemon.service().clientIdHeaders).containsExactly("client-1");
  }

  @Test
  void createSession_defaultExecutor_completesOnCallbackThread() throws Exception {
    AVSessionManager manager = connect();
    AtomicReference<String> thread = new AtomicReference<>();

    AVSession session =
        join(manager.createSession("main", AVSessionType.VIDEO).whenComplete((s, e) -> thread.set(threadName())));

    assertThat(thread.get()).isEqualTo(CallbackDispatcher.DEFAULT_THREAD_NAME);
    assertThat(session.getSessionTag()).isEqualTo("main");
    assertThat(session.getSessionType()).isEqualTo(AVSessionType.VIDEO);
    assertThat(daemon.service().createSessions.get(0).getType()).isEqualTo(SessionType.SESSION_TYPE_VIDEO);
  }

  @Test
  void addListener_firstAndSecond_subscribesOnce() {
    AVSessionManager manager = connect();

    manager.addListener(new AVSessionManager.Listener() {});
    manager.addListener(new AVSessionManager.Listener() {});

    await().atMost(5, SECONDS).until(() -> daemon.service().subscriptions().size() == 1);
    assertThat(daemon.service().subscriptions()).containsExactly(true);
  }

  @Test
  void removeListener_last_unsubscribes() {
    AVSessionManager manager = connect();
    AVSessionManager.Listener first = new AVSessionManager.Listener() {};
    AVSessionManager.Listener second = new AVSessionManager.Listener() {};
    manager.addListener(first);
    manager.addListener(second);

    manager.removeListener(first);
    manager.removeListener(second);

    await().atMost(5, SECONDS).until(() -> daemon.service().subscriptions().size() == 2);
    assertThat(daemon.service().subscriptions()).containsExactly(true, false);
  }

  @Test
  void managerEvents_listenerThrows_otherListenersStillGetEventsInOrder() {
    AVSessionManager manager = connect();
    List<String> events = new CopyOnWriteArrayList<>();
    manager.addListener(
        new AVSessionManager.Listener() {
          @Override
          public void onSessionCreate(AVSessionDescriptor descriptor) {
            throw new IllegalStateException("listener bug");
          }
        });
    manager.addListener(
        new AVSessionManager.Listener() {
          @Override
          public void onSessionCreate(AVSessionDescriptor descriptor) {
            events.add("create " + descriptor.sessionId() + " on " + threadName());
          }

          @Override
          public void onTopSessionChange(AVSessionDescriptor descriptor) {
            events.add("top " + descriptor.sessionId());
          }

          @Override
          public void onSessionDestroy(AVSessionDescriptor descriptor) {
            events.add("destroy " + descriptor.sessionId());
          }
        });

    SessionDescriptor s1 = SessionDescriptor.newBuilder().setSessionId("S1").build();
    daemon.service().sendManagerEvent(ManagerEvent.newBuilder().setSessionCreate(s1).build());
    daemon.service().sendManagerEvent(ManagerEvent.newBuilder().setTopSessionChange(s1).build());
    daemon.service().sendManagerEvent(ManagerEvent.newBuilder().setSessionDestroy(s1).build());

    await().atMost(5, SECONDS).until(() -> events.size() == 3);
    assertThat(events).containsExactly("create S1 on baton-callbacks", "top S1", "destroy S1");
  }

  @Test
  void close_calledTwice_isNoOpAndHalfClosesStreamOnce() {
    AVSessionManager manager = connect();

    manager.close();
    manager.close();

    assertThat(daemon.service().halfCloses.get()).isEqualTo(1);
  }

  @Test
  void close_thenCall_throwsIllegalStateException() {
    AVSessionManager manager = connect();

    manager.close();

    assertThatThrownBy(() -> manager.createSession("main", AVSessionType.AUDIO))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("manager is closed");
    assertThatThrownBy(manager::getAllSessionDescriptors).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void close_sessionCreated_sessionCallsThrowIllegalStateException() throws Exception {
    AVSessionManager manager = connect();
    AVSession session = join(manager.createSession("main", AVSessionType.AUDIO));

    manager.close();

    assertThatThrownBy(session::activate).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void call_daemonDownLongerThanRetryTimeout_failsWith6600101() throws Exception {
    AVSessionManager manager =
        connect(AVSessionManager.builder().appId("test.app").retryTimeout(Duration.ofMillis(300)));
    daemon.kill();

    AVSessionException e = failure(manager.getAllSessionDescriptors());

    assertThat(e.errorCode()).isEqualTo(AVSessionErrorCode.SERVICE_EXCEPTION);
    assertThat(e.detail()).isEqualTo("daemon unreachable for 300 ms");
  }

  @Test
  void call_daemonRestartsWithinRetryTimeout_succeedsOnNewDaemon() throws Exception {
    AVSessionManager manager =
        connect(AVSessionManager.builder().appId("test.app").retryTimeout(Duration.ofSeconds(5)));
    daemon.kill();

    CompletableFuture<AVSession> created = manager.createSession("late", AVSessionType.AUDIO);
    daemon.restart();

    assertThat(join(created).getSessionId()).startsWith("G2");
    assertThat(daemon.service().clientIdHeaders).containsExactly("client-2");
  }

  @Test
  void daemonRestart_listeners_hearDieThenRestoredOnce() throws Exception {
    AVSessionManager manager = connect();
    List<String> events = new CopyOnWriteArrayList<>();
    manager.addListener(
        new AVSessionManager.Listener() {
          @Override
          public void onSessionServiceDie() {
            events.add("die");
          }

          @Override
          public void onSessionServiceRestored() {
            events.add("restored");
          }
        });

    daemon.kill();
    await().atMost(5, SECONDS).until(() -> events.contains("die"));
    daemon.restart();

    await().atMost(5, SECONDS).until(() -> events.contains("restored"));
    assertThat(events).containsExactly("die", "restored");
    // The subscription is renewed on the new daemon.
    await().atMost(5, SECONDS).until(() -> daemon.service().subscriptions().equals(List.of(true)));
  }

  @Test
  void daemonRestart_recoveryOn_recreatesSessionAndReplaysState() throws Exception {
    AVSessionManager manager = connect();
    List<String> restored = new CopyOnWriteArrayList<>();
    manager.addRecoveryListener(
        new AVSessionManager.RecoveryListener() {
          @Override
          public void onSessionRestored(String oldSessionId, String newSessionId) {
            restored.add(oldSessionId + "->" + newSessionId);
          }
        });
    AVSession session = join(manager.createSession("main", AVSessionType.AUDIO));
    join(session.setAVMetadata(AVMetadata.builder().setAssetId("a").setTitle("Song").build()));
    join(session.setAVMetadata(AVMetadata.builder().setAssetId("a").setArtist("Band").build()));
    join(session.setAVPlaybackState(AVPlaybackState.builder().setState(PlaybackState.PLAY).build()));
    join(session.setAVPlaybackState(AVPlaybackState.builder().setSpeed(2.0).build()));
    join(session.setAVQueueTitle("Queue"));
    session.addCommandHandler(AVControlCommandType.PAUSE, command -> {});
    session.addCommandHandler(AVControlCommandType.PLAY, command -> {});
    join(session.activate());
    String oldId = session.getSessionId();
    // Valid-command updates are coalesced and sent in the background: let the latest one land before the crash.
    FakeDaemon.Service first = daemon.service();
    await().atMost(5, SECONDS).until(() -> first.updates(UpdateCase.VALID_COMMANDS).stream()
        .anyMatch(u -> u.getValidCommands().getValuesList().equals(List.of("pause", "play"))));

    daemon.kill();
    daemon.restart();

    await().atMost(5, SECONDS).until(() -> restored.size() == 1);
    FakeDaemon.Service fresh = daemon.service();
    assertThat(fresh.createSessions).hasSize(1);
    assertThat(fresh.createSessions.get(0).getTag()).isEqualTo("main");
    assertThat(session.getSessionId()).isEqualTo("G2S1").isNotEqualTo(oldId);
    assertThat(restored).containsExactly(oldId + "->G2S1");
    assertThat(fresh.updates).allMatch(u -> u.getSessionId().equals("G2S1"));
    assertThat(fresh.updates.stream().map(UpdateSessionRequest::getUpdateCase))
        .containsExactly(
            UpdateCase.METADATA, UpdateCase.PLAYBACK_STATE, UpdateCase.QUEUE_TITLE, UpdateCase.VALID_COMMANDS,
            UpdateCase.ACTIVE);
    io.baton.protocol.v1.Metadata metadata = fresh.updates(UpdateCase.METADATA).get(0).getMetadata();
    assertThat(metadata.getTitle()).isEqualTo("Song");
    assertThat(metadata.getArtist()).isEqualTo("Band");
    io.baton.protocol.v1.PlaybackStateInfo state = fresh.updates(UpdateCase.PLAYBACK_STATE).get(0).getPlaybackState();
    assertThat(state.getState()).isEqualTo(io.baton.protocol.v1.PlaybackState.PLAYBACK_STATE_PLAY);
    assertThat(state.getSpeed()).isEqualTo(2.0);
    assertThat(fresh.validCommandUpdates()).containsExactly(List.of("pause", "play"));
  }

  @Test
  void daemonRestart_recoveryOn_callWaitingDuringOutageUsesRestoredId() throws Exception {
    AVSessionManager manager = connect();
    AVSession session = join(manager.createSession("main", AVSessionType.AUDIO));
    daemon.kill();

    CompletableFuture<Void> title = session.setAVQueueTitle("after");
    daemon.restart();

    join(title);
    assertThat(daemon.service().updates(UpdateCase.QUEUE_TITLE)).hasSize(1);
    assertThat(daemon.service().updates(UpdateCase.QUEUE_TITLE).get(0).getSessionId()).isEqualTo("G2S1");
  }

  @Test
  void daemonRestart_recoveryOn_ownControllerFollowsRestoredSession() throws Exception {
    AVSessionManager manager = connect();
    List<String> reattached = new CopyOnWriteArrayList<>();
    manager.addRecoveryListener(
        new AVSessionManager.RecoveryListener() {
          @Override
          public void onControllerReattached(String oldSessionId, String newSessionId) {
            reattached.add(oldSessionId + "->" + newSessionId);
          }
        });
    AVSession session = join(manager.createSession("main", AVSessionType.AUDIO));
    AVSessionController controller = join(session.getController());
    join(controller.setPlaybackStateFilter(EventFilter.ALL));

    daemon.kill();
    daemon.restart();

    await().atMost(5, SECONDS).until(() -> reattached.size() == 1);
    assertThat(reattached).containsExactly("G1S1->G2S1");
    assertThat(controller.getSessionId()).isEqualTo("G2S1");
    assertThat(daemon.service().createControllers.get(0).getSessionId()).isEqualTo("G2S1");
    assertThat(daemon.service().filters).hasSize(1);
    assertThat(daemon.service().filters.get(0).getAll()).isTrue();
  }

  @Test
  void daemonRestart_foreignSessionGone_controllerLostAndFailsWith6600102() throws Exception {
    AVSessionManager manager = connect();
    daemon.service().sessions.add("FOREIGN");
    List<String> lost = new CopyOnWriteArrayList<>();
    manager.addRecoveryListener(
        new AVSessionManager.RecoveryListener() {
          @Override
          public void onControllerLost(String sessionId) {
            lost.add(sessionId);
          }
        });
    AVSessionController controller = join(manager.createController("FOREIGN"));

    daemon.kill();
    daemon.restart();

    // The controller waits twice the retry timeout (2 s here) for the session's owner to restore it.
    await().atMost(10, SECONDS).until(() -> lost.size() == 1);
    assertThat(lost).containsExactly("FOREIGN");
    assertThat(failure(controller.getAVMetadata()).errorCode()).isEqualTo(AVSessionErrorCode.SESSION_NOT_EXIST);
  }

  @Test
  void daemonRestart_recoveryOff_sessionFailsWith6600102AndControllerWith6600103() throws Exception {
    AVSessionManager manager =
        connect(
            AVSessionManager.builder().appId("test.app").retryTimeout(Duration.ofSeconds(2)).recovery(false));
    AVSession session = join(manager.createSession("main", AVSessionType.AUDIO));
    AVSessionController controller = join(session.getController());
    List<String> events = new CopyOnWriteArrayList<>();
    manager.addListener(
        new AVSessionManager.Listener() {
          @Override
          public void onSessionServiceRestored() {
            events.add("restored");
          }
        });

    daemon.kill();
    daemon.restart();

    await().atMost(5, SECONDS).until(() -> events.contains("restored"));
    assertThat(daemon.service().createSessions).isEmpty();
    assertThat(failure(session.activate()).errorCode()).isEqualTo(AVSessionErrorCode.SESSION_NOT_EXIST);
    assertThat(failure(controller.getAVMetadata()).errorCode()).isEqualTo(AVSessionErrorCode.CONTROLLER_NOT_EXIST);
    assertThat(daemon.service().updates).isEmpty();
  }

  private static String threadName() {
    return Thread.currentThread().getName();
  }
}
