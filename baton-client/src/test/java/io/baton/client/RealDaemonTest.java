package io.baton.client;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.baton.api.AVControlCommand;
import io.baton.api.AVControlCommandType;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVSession;
import io.baton.api.AVSessionController;
import io.baton.api.AVSessionDescriptor;
import io.baton.api.AVSessionManager;
import io.baton.api.AVSessionType;
import io.baton.api.CommandInfo;
import io.baton.api.EventFilter;
import io.baton.api.PlaybackState;
import io.baton.service.BatonDaemon;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests the SDK against the real daemon ({@link BatonDaemon}) on a real Unix socket, through the public entry point
 * ({@link AVSessionManager#builder()}, which finds {@link BatonManagerProvider} with {@code ServiceLoader}).
 */
@Timeout(60)
class RealDaemonTest {
  @TempDir Path dir;
  private Path socket;
  private BatonDaemon daemon;
  private final List<AVSessionManager> managers = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    assumeTrue(Epoll.isAvailable(), "needs epoll");
    socket = dir.resolve("baton.sock");
    daemon = startDaemon();
  }

  @AfterEach
  void tearDown() {
    managers.forEach(AVSessionManager::close);
    if (daemon != null) {
      daemon.close();
    }
  }

  private BatonDaemon startDaemon() throws Exception {
    return BatonDaemon.builder().socket(socket).stateDir(dir.resolve("state")).start();
  }

  private AVSessionManager connect(String appId) {
    AVSessionManager manager =
        AVSessionManager.builder().socket(socket).appId(appId).retryTimeout(Duration.ofSeconds(5)).connect();
    managers.add(manager);
    return manager;
  }

  @Test
  void connect_publicBuilder_usesBatonManagerProvider() {
    AVSessionManager manager = connect("it.player");

    assertThat(manager).isInstanceOf(ManagerImpl.class);
    assertThat(manager.appId()).isEqualTo("it.player");
  }

  @Test
  void sendControlCommand_ownerHasHandler_completesAfterHandlerRan() throws Exception {
    AVSessionManager player = connect("it.player");
    AVSessionManager remote = connect("it.remote");
    AVSession session = player.createSession("main", AVSessionType.AUDIO).get(5, SECONDS);
    List<CommandInfo> seen = new CopyOnWriteArrayList<>();
    session.addCommandHandler(AVControlCommandType.PLAY, command -> seen.add(command.commandInfo()));
    session.activate().get(5, SECONDS);
    AVSessionController controller = remote.createController(session.getSessionId()).get(5, SECONDS);
    await().atMost(5, SECONDS).until(() -> controller.getValidCommands().get(5, SECONDS).equals(List.of("play")));

    controller.sendControlCommand(AVControlCommand.play()).get(5, SECONDS);

    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).callerAppId()).isEqualTo("it.remote");
    assertThat(seen.get(0).callerPid()).isEqualTo((int) ProcessHandle.current().pid());
  }

  @Test
  void controllerListener_playbackStateFilterAll_getsChanges() throws Exception {
    AVSessionManager manager = connect("it.player");
    AVSession session = manager.createSession("main", AVSessionType.AUDIO).get(5, SECONDS);
    AVSessionController controller = session.getController().get(5, SECONDS);
    List<PlaybackState> states = new CopyOnWriteArrayList<>();
    controller.addListener(
        new AVSessionController.Listener() {
          @Override
          public void onPlaybackStateChange(AVPlaybackState state) {
            states.add(state.state());
          }
        });
    controller.setPlaybackStateFilter(EventFilter.ALL).get(5, SECONDS);

    session.setAVPlaybackState(AVPlaybackState.builder().setState(PlaybackState.PLAY).build()).get(5, SECONDS);

    await().atMost(5, SECONDS).until(() -> states.contains(PlaybackState.PLAY));
  }

  @Test
  void close_sessionOwner_daemonDestroysItsSessions() throws Exception {
    AVSessionManager player = connect("it.player");
    AVSessionManager watcher = connect("it.watcher");
    List<String> destroyed = new CopyOnWriteArrayList<>();
    watcher.addListener(
        new AVSessionManager.Listener() {
          @Override
          public void onSessionDestroy(AVSessionDescriptor descriptor) {
            destroyed.add(descriptor.sessionId());
          }
        });
    String id = player.createSession("main", AVSessionType.AUDIO).get(5, SECONDS).getSessionId();

    player.close();

    await().atMost(5, SECONDS).until(() -> destroyed.contains(id));
    assertThat(watcher.getAllSessionDescriptors().get(5, SECONDS))
        .extracting(AVSessionDescriptor::sessionId)
        .doesNotContain(id);
  }

  @Test
  void daemonRestart_sessionRestoredWithStateAndHandlers() throws Exception {
    AVSessionManager manager = connect("it.player");
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
    AVSession session = manager.createSession("main", AVSessionType.AUDIO).get(5, SECONDS);
    List<String> played = new CopyOnWriteArrayList<>();
    session.addCommandHandler(AVControlCommandType.PLAY, command -> played.add("play"));
    session.setAVMetadata(AVMetadata.builder().setAssetId("42").setTitle("Song").build()).get(5, SECONDS);
    session.activate().get(5, SECONDS);
    AVSessionController controller = session.getController().get(5, SECONDS);
    String oldId = session.getSessionId();

    daemon.close();
    await().atMost(5, SECONDS).until(() -> events.contains("die"));
    daemon = startDaemon();

    await().atMost(10, SECONDS).until(() -> events.contains("restored"));
    assertThat(events).containsExactly("die", "restored");
    assertThat(session.getSessionId()).isNotEqualTo(oldId);
    assertThat(controller.getSessionId()).isEqualTo(session.getSessionId());
    assertThat(controller.getAVMetadata().get(5, SECONDS).title()).isEqualTo("Song");
    assertThat(controller.isActive().get(5, SECONDS)).isTrue();
    controller.sendControlCommand(AVControlCommand.play()).get(5, SECONDS);
    assertThat(played).containsExactly("play");
  }

  @Test
  void call_daemonBackAfterOneAndAHalfSeconds_succeedsWithinDefaultRetryTimeout() throws Exception {
    AVSessionManager manager =
        AVSessionManager.builder().socket(socket).appId("it.player").connect();
    managers.add(manager);
    AVSession session = manager.createSession("main", AVSessionType.AUDIO).get(5, SECONDS);
    daemon.close();
    daemon = null;
    ScheduledExecutorService restarter = Executors.newSingleThreadScheduledExecutor();
    try {
      ScheduledFuture<BatonDaemon> restarted = restarter.schedule(this::startDaemon, 1_500, MILLISECONDS);

      CompletableFuture<Void> title = session.setAVQueueTitle("back");

      title.get(10, SECONDS);
      daemon = restarted.get();
      assertThat(session.getController().get(5, SECONDS).getAVQueueTitle().get(5, SECONDS)).isEqualTo("back");
    } finally {
      restarter.shutdownNow();
    }
  }
}
