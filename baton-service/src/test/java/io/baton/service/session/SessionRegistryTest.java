package io.baton.service.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.baton.api.AVCallState;
import io.baton.api.AVControlCommand;
import io.baton.api.AVControlCommandType;
import io.baton.api.AVMediaDescription;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVQueueItem;
import io.baton.api.AVSessionDescriptor;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.AVSessionType;
import io.baton.api.CallState;
import io.baton.api.CommandInfo;
import io.baton.api.EventFilter;
import io.baton.api.KeyEvent;
import io.baton.api.LoopMode;
import io.baton.api.PlaybackPosition;
import io.baton.api.PlaybackState;
import io.baton.service.AccessPolicy;
import io.baton.service.DaemonConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tests for {@link SessionRegistry}: the session service's rules, without a transport. */
class SessionRegistryTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
  private final AtomicLong wallMs = new AtomicLong(1_700_000_000_000L);
  private ScheduledExecutorService scheduler;
  private SessionRegistry registry;
  private FakeClient app;
  private FakeClient controllerApp;

  @BeforeEach
  void setUp() {
    scheduler = Executors.newSingleThreadScheduledExecutor();
    registry = newRegistry(DaemonConfig.DEFAULTS.withMaxSessionsPerClient(3).withMaxSessions(5)
        .withCommandTimeout(Duration.ofMillis(200)).withTopSessionLinger(Duration.ofMillis(300)));
    app = connect("com.example.player", 100, 1000, false);
    controllerApp = connect("com.example.remote", 200, 1000, true);
  }

  @AfterEach
  void tearDown() {
    registry.close();
    scheduler.shutdownNow();
  }

  private SessionRegistry newRegistry(DaemonConfig config) {
    return new SessionRegistry(config, nanos::get, wallMs::get, scheduler, HistoryRecorder.NONE);
  }

  private FakeClient connect(String appId, int pid, int uid, boolean trusted) {
    FakeClient c = new FakeClient(appId, pid, uid, trusted);
    registry.clientConnected(c);
    return c;
  }

  private static void assertCode(ThrowingCallable call, AVSessionErrorCode code) {
    assertThatThrownBy(call).isInstanceOfSatisfying(AVSessionException.class,
        e -> assertThat(e.errorCode()).as(e.getMessage()).isEqualTo(code));
  }

  private static void assertFailsWith(CompletableFuture<?> future, AVSessionErrorCode code) {
    assertThatThrownBy(future::join).cause().isInstanceOfSatisfying(AVSessionException.class,
        e -> assertThat(e.errorCode()).as(e.getMessage()).isEqualTo(code));
  }

  /** An active session with handlers for {@code commands}, and a controller on it owned by controllerApp. */
  private String activeSession(String... commands) {
    String id = registry.createSession(app, "main", AVSessionType.AUDIO).sessionId();
    registry.setValidCommands(app, id, List.of(commands));
    registry.setActive(app, id, true);
    return id;
  }

  private long controller(String sessionId) {
    return registry.createController(controllerApp, sessionId).controllerId();
  }

  private void answerLastCommand(FakeClient owner) {
    registry.commandResult(owner, owner.lastCommand().commandId(), null);
  }

  // ------------------------------------------------------------------------------------------------ sessions

  @Test
  void createSession_valid_isInactiveWith64HexIdAndAnnounced() {
    AVSessionDescriptor d = registry.createSession(app, "main", AVSessionType.VIDEO);

    assertThat(d.sessionId()).matches("[0-9A-F]{64}");
    assertThat(d.active()).isFalse();
    assertThat(d.appId()).isEqualTo("com.example.player");
    assertThat(d.pid()).isEqualTo(100);
    assertThat(controllerApp.managerEvents).extracting(ManagerEvent::kind)
        .containsExactly(ManagerEvent.Kind.SESSION_CREATE);
  }

  @Test
  void createSession_emptyTag_fails401AndCreatesNothing() {
    assertThatThrownBy(() -> registry.createSession(app, "", AVSessionType.AUDIO))
        .isInstanceOfSatisfying(AVSessionException.class, e -> {
          assertThat(e.code()).isEqualTo(401);
          assertThat(e.detail()).isEqualTo("tag: must not be empty");
        });
    assertThat(registry.listSessions()).isEmpty();
  }

  @Test
  void createSession_perClientLimitReached_fails6600101NamingTheLimit() {
    for (int i = 0; i < 3; i++) {
      registry.createSession(app, "s" + i, AVSessionType.AUDIO);
    }

    assertThatThrownBy(() -> registry.createSession(app, "s3", AVSessionType.AUDIO))
        .isInstanceOfSatisfying(AVSessionException.class, e -> {
          assertThat(e.code()).isEqualTo(6600101);
          assertThat(e.detail()).contains("3 sessions per app");
        });
    // Another app in the same process (a bridge hosting several apps) has its own allowance.
    FakeClient sameProcessOtherApp = connect("mpris.vlc", 100, 1000, false);
    registry.createSession(sameProcessOtherApp, "vlc", AVSessionType.AUDIO);
  }

  @Test
  void createSession_daemonLimitReached_fails6600101() {
    for (int i = 0; i < 5; i++) {
      registry.createSession(connect("app" + i, 300 + i, 1000, false), "s", AVSessionType.AUDIO);
    }

    assertThatThrownBy(() -> registry.createSession(app, "s", AVSessionType.AUDIO))
        .isInstanceOfSatisfying(AVSessionException.class,
            e -> assertThat(e.detail()).contains("5 sessions in the daemon"));
  }

  @Test
  void setMetadata_sameAssetId_mergesSetFields() {
    String id = activeSession();
    registry.setMetadata(app, id, AVMetadata.builder().setAssetId("a").setTitle("T").setArtist("A").build());

    registry.setMetadata(app, id, AVMetadata.builder().setAssetId("a").setTitle("T2").build());

    AVMetadata m = registry.getState(controllerApp, controller(id)).metadata();
    assertThat(m.title()).isEqualTo("T2");
    assertThat(m.artist()).isEqualTo("A");
  }

  @Test
  void setMetadata_differentAssetId_replacesEverything() {
    String id = activeSession();
    registry.setMetadata(app, id, AVMetadata.builder().setAssetId("a").setTitle("T").setArtist("A").build());

    registry.setMetadata(app, id, AVMetadata.builder().setAssetId("b").setTitle("T2").build());

    AVMetadata m = registry.getState(controllerApp, controller(id)).metadata();
    assertThat(m.assetId()).isEqualTo("b");
    assertThat(m.artist()).isNull();
  }

  @Test
  void setMetadata_invalid_fails401NamingFieldAndKeepsState() {
    String id = activeSession();
    registry.setMetadata(app, id, AVMetadata.builder().setAssetId("a").setTitle("T").build());

    assertThatThrownBy(() -> registry.setMetadata(app, id,
        AVMetadata.builder().setAssetId("a").setTitle("X").setDurationMs(-2L).build()))
        .isInstanceOfSatisfying(AVSessionException.class, e -> {
          assertThat(e.code()).isEqualTo(401);
          assertThat(e.detail()).startsWith("metadata.duration");
        });
    assertCode(() -> registry.setMetadata(app, id, AVMetadata.builder().setTitle("no asset").build()),
        AVSessionErrorCode.INVALID_PARAMETER);
    assertCode(() -> registry.setMetadata(app, id,
        AVMetadata.builder().setAssetId("a").setTitle("x".repeat(40960)).build()),
        AVSessionErrorCode.INVALID_PARAMETER);
    assertThat(registry.getState(controllerApp, controller(id)).metadata().title()).isEqualTo("T");
  }

  @Test
  void setPlaybackState_mergesFieldByFieldAndRejectsBadSpeed() {
    String id = activeSession();
    registry.setPlaybackState(app, id, AVPlaybackState.builder().setState(PlaybackState.PLAY).setSpeed(2.0).build());
    registry.setPlaybackState(app, id, AVPlaybackState.builder().setVolume(7).build());

    assertCode(() -> registry.setPlaybackState(app, id, AVPlaybackState.builder().setSpeed(Double.NaN).build()),
        AVSessionErrorCode.INVALID_PARAMETER);
    assertCode(() -> registry.setPlaybackState(app, id, AVPlaybackState.builder().setSpeed(-1.0).build()),
        AVSessionErrorCode.INVALID_PARAMETER);
    assertCode(() -> registry.setPlaybackState(app, id,
        AVPlaybackState.builder().setPosition(new PlaybackPosition(-5, 0)).build()),
        AVSessionErrorCode.INVALID_PARAMETER);
    AVPlaybackState s = registry.getState(controllerApp, controller(id)).playbackState();
    assertThat(s.state()).isEqualTo(PlaybackState.PLAY);
    assertThat(s.speed()).isEqualTo(2.0);
    assertThat(s.volume()).isEqualTo(7);
    assertThat(s.loopMode()).isEqualTo(LoopMode.SEQUENCE);
  }

  @Test
  void setQueueItems_tooManyOrEmptyAssetId_fails401() {
    String id = activeSession();
    List<AVQueueItem> items = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      items.add(new AVQueueItem(i, AVMediaDescription.builder().setAssetId("a" + i).build()));
    }

    assertCode(() -> registry.setQueueItems(app, id, items), AVSessionErrorCode.INVALID_PARAMETER);
    assertCode(() -> registry.setQueueItems(app, id,
        List.of(new AVQueueItem(1, AVMediaDescription.builder().build()))), AVSessionErrorCode.INVALID_PARAMETER);
    registry.setQueueItems(app, id, items.subList(0, 999));
    assertThat(registry.getState(controllerApp, controller(id)).queueItems()).hasSize(999);
  }

  @Test
  void updateOrDestroy_byAnotherClient_fails201_andChangesNothing() {
    String id = activeSession();
    registry.setQueueTitle(app, id, "theirs");

    assertCode(() -> registry.setQueueTitle(controllerApp, id, "mine now"), AVSessionErrorCode.PERMISSION_DENIED);
    assertCode(() -> registry.destroySession(controllerApp, id), AVSessionErrorCode.PERMISSION_DENIED);
    assertCode(() -> registry.setQueueTitle(controllerApp, "NO-SUCH", "x"), AVSessionErrorCode.SESSION_NOT_EXIST);
    assertThat(registry.getState(controllerApp, controller(id)).queueTitle()).isEqualTo("theirs");
  }

  @Test
  void setValidCommands_changes_notifyControllersInOrderWithoutDuplicates() {
    String id = activeSession();
    long c = controller(id);

    registry.setValidCommands(app, id, List.of("play", "pause", "play"));

    assertThat(controllerApp.events(ControllerEvent.Kind.VALID_COMMAND_CHANGE)).containsExactly(
        List.of("play", "pause"));
    assertThat(registry.getState(controllerApp, c).validCommands()).containsExactly("play", "pause");
    assertCode(() -> registry.setValidCommands(app, id, List.of("dance")), AVSessionErrorCode.INVALID_PARAMETER);
  }

  // ------------------------------------------------------------------------------------------------ filters

  @Test
  void metadataChange_noFilter_deliversNothing() {
    String id = activeSession();
    controller(id);

    registry.setMetadata(app, id, AVMetadata.builder().setAssetId("a").setTitle("T").build());

    assertThat(controllerApp.events(ControllerEvent.Kind.METADATA_CHANGE)).isEmpty();
  }

  @Test
  void metadataChange_filterAll_deliversTheUpdate() {
    String id = activeSession();
    long c = controller(id);
    registry.setFilter(controllerApp, c, SessionRegistry.FilterKind.METADATA, EventFilter.ALL);

    AVMetadata update = AVMetadata.builder().setAssetId("a").setTitle("T").build();
    registry.setMetadata(app, id, update);
    registry.setMetadata(app, id, update);

    assertThat(controllerApp.events(ControllerEvent.Kind.METADATA_CHANGE)).containsExactly(update, update);
  }

  @Test
  void metadataChange_keyFilter_deliversOnlyChangedListedFieldsWithAssetId() {
    String id = activeSession();
    long c = controller(id);
    registry.setFilter(controllerApp, c, SessionRegistry.FilterKind.METADATA, EventFilter.of("artist"));
    registry.setFilter(controllerApp, c, SessionRegistry.FilterKind.METADATA, EventFilter.of("title"));

    registry.setMetadata(app, id, AVMetadata.builder().setAssetId("a").setTitle("T").setArtist("A").build());
    registry.setMetadata(app, id, AVMetadata.builder().setAssetId("a").setTitle("T").setArtist("B").build());
    registry.setMetadata(app, id, AVMetadata.builder().setAssetId("a").setTitle("U").build());

    assertThat(controllerApp.events(ControllerEvent.Kind.METADATA_CHANGE)).containsExactly(
        AVMetadata.builder().setAssetId("a").setTitle("T").build(),
        AVMetadata.builder().setAssetId("a").setTitle("U").build());
  }

  @Test
  void playbackStateChange_keyFilter_deliversChangedFieldsOnly() {
    String id = activeSession();
    long c = controller(id);
    registry.setFilter(controllerApp, c, SessionRegistry.FilterKind.PLAYBACK_STATE, EventFilter.of("state"));

    registry.setPlaybackState(app, id, AVPlaybackState.builder().setState(PlaybackState.PLAY).setVolume(3).build());
    registry.setPlaybackState(app, id, AVPlaybackState.builder().setState(PlaybackState.PLAY).setVolume(4).build());

    assertThat(controllerApp.events(ControllerEvent.Kind.PLAYBACK_STATE_CHANGE)).containsExactly(
        AVPlaybackState.builder().setState(PlaybackState.PLAY).build());
  }

  @Test
  void callStateChange_keyFilter_deliversWhenListedFieldChanged() {
    String id = registry.createSession(app, "call", AVSessionType.VOICE_CALL).sessionId();
    long c = controller(id);
    registry.setFilter(controllerApp, c, SessionRegistry.FilterKind.CALL_STATE, EventFilter.of("muted"));

    registry.setCallState(app, id, new AVCallState(CallState.ACTIVE, false));
    registry.setCallState(app, id, new AVCallState(CallState.ACTIVE, true));

    assertThat(controllerApp.events(ControllerEvent.Kind.CALL_STATE_CHANGE)).containsExactly(
        new AVCallState(CallState.ACTIVE, true));
  }

  // ------------------------------------------------------------------------------------------------ commands

  @Test
  void sendControlCommand_valid_reachesOwnerWithCommandInfoAndCompletesOnAnswer() {
    String id = activeSession("play");
    long c = controller(id);

    CompletableFuture<Void> done = registry.sendControlCommand(controllerApp, c, AVControlCommand.play());

    CommandRequest.Control request = (CommandRequest.Control) app.lastCommand();
    assertThat(request.sessionId()).isEqualTo(id);
    assertThat(request.command().commandInfo()).isEqualTo(
        new CommandInfo("com.example.remote", "", "", "app", 200));
    assertThat(done).isNotDone();
    registry.commandResult(app, request.commandId(), null);
    assertThat(done).isCompleted();
  }

  @Test
  void sendControlCommand_appAnswersWithError_failsWithThatCode() {
    String id = activeSession("play");
    CompletableFuture<Void> done = registry.sendControlCommand(controllerApp, controller(id), AVControlCommand.play());

    registry.commandResult(app, app.lastCommand().commandId(),
        new AVSessionException(AVSessionErrorCode.COMMAND_INVALID, "not now"));

    assertFailsWith(done, AVSessionErrorCode.COMMAND_INVALID);
  }

  @Test
  void sendControlCommand_appNeverAnswers_fails6600101AfterTimeout() {
    String id = activeSession("play");
    CompletableFuture<Void> done = registry.sendControlCommand(controllerApp, controller(id), AVControlCommand.play());

    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(300));

    await().atMost(Duration.ofSeconds(2)).until(done::isDone);
    assertFailsWith(done, AVSessionErrorCode.SERVICE_EXCEPTION);
  }

  @Test
  void sendControlCommand_checkOrder_matchesUpstream() {
    String id = activeSession("play");
    long c = controller(id);

    // 401 for a bad parameter comes first, even on a destroyed controller.
    registry.destroyController(controllerApp, c);
    assertCode(() -> registry.sendControlCommand(controllerApp, c, AVControlCommand.seek(-1)),
        AVSessionErrorCode.INVALID_PARAMETER);
    assertCode(() -> registry.sendControlCommand(controllerApp, c, AVControlCommand.play()),
        AVSessionErrorCode.CONTROLLER_NOT_EXIST);

    long c2 = controller(id);
    registry.setActive(app, id, false);
    assertCode(() -> registry.sendControlCommand(controllerApp, c2, AVControlCommand.pause()),
        AVSessionErrorCode.SESSION_INACTIVE);
    registry.setActive(app, id, true);
    assertCode(() -> registry.sendControlCommand(controllerApp, c2, AVControlCommand.pause()),
        AVSessionErrorCode.COMMAND_INVALID);

    registry.destroySession(app, id);
    assertCode(() -> registry.sendControlCommand(controllerApp, c2, AVControlCommand.play()),
        AVSessionErrorCode.SESSION_NOT_EXIST);
  }

  @Test
  void sendControlCommand_unsupportedSpeedOrLoopMode_fails6600105() {
    String id = activeSession("setSpeed", "setLoopMode");
    long c = controller(id);
    registry.setSupportedSpeeds(app, id, List.of(1.0, 2.0));
    registry.setSupportedLoopModes(app, id, List.of(LoopMode.SEQUENCE));

    assertCode(() -> registry.sendControlCommand(controllerApp, c, AVControlCommand.setSpeed(3.0)),
        AVSessionErrorCode.COMMAND_INVALID);
    assertCode(() -> registry.sendControlCommand(controllerApp, c, AVControlCommand.setLoopMode(LoopMode.SHUFFLE)),
        AVSessionErrorCode.COMMAND_INVALID);
    assertCode(() -> registry.sendControlCommand(controllerApp, c, AVControlCommand.setSpeed(Double.NaN)),
        AVSessionErrorCode.INVALID_PARAMETER);
    registry.sendControlCommand(controllerApp, c, AVControlCommand.setSpeed(2.0));
    assertThat(app.commands).hasSize(1);
  }

  @Test
  void sendControlCommand_fastForwardWithoutTime_defaultsTo15Seconds() {
    String id = activeSession("fastForward");

    registry.sendControlCommand(controllerApp, controller(id), AVControlCommand.of(AVControlCommandType.FAST_FORWARD));

    assertThat(((CommandRequest.Control) app.lastCommand()).command().parameter()).isEqualTo(15_000L);
  }

  @Test
  void sendControlCommand_eleventhInOneSecond_fails6600107AndNextWindowPasses() {
    String id = activeSession("play");
    long c = controller(id);
    nanos.set(5_000_000_000L);
    for (int i = 0; i < 10; i++) {
      registry.sendControlCommand(controllerApp, c, AVControlCommand.play());
    }

    assertCode(() -> registry.sendControlCommand(controllerApp, c, AVControlCommand.play()),
        AVSessionErrorCode.MESSAGE_OVERLOAD);
    assertCode(() -> registry.getExtras(controllerApp, c), AVSessionErrorCode.MESSAGE_OVERLOAD);

    nanos.addAndGet(1_000_000_000L);
    registry.sendControlCommand(controllerApp, c, AVControlCommand.play());
    assertThat(app.commands).hasSize(11);
  }

  @Test
  void rateLimit_floodingProcess_doesNotLimitAnotherProcess() {
    String id = activeSession("play");
    long c = controller(id);
    FakeClient other = connect("other", 201, 1000, true);
    long otherController = registry.createController(other, id).controllerId();
    for (int i = 0; i < 10; i++) {
      registry.sendControlCommand(controllerApp, c, AVControlCommand.play());
    }

    registry.sendControlCommand(other, otherController, AVControlCommand.play());

    assertThat(app.commands).hasSize(11);
  }

  @Test
  void sendControlCommand_ownerOutboxFull_fails6600107() {
    String id = activeSession("play");
    long c = controller(id);
    app.capacity = 0;

    assertCode(() -> registry.sendControlCommand(controllerApp, c, AVControlCommand.play()),
        AVSessionErrorCode.MESSAGE_OVERLOAD);
  }

  @Test
  void sendCommonCommand_inactiveSession_fails6600106() {
    String id = registry.createSession(app, "main", AVSessionType.AUDIO).sessionId();
    long c = controller(id);

    assertCode(() -> registry.sendCommonCommand(controllerApp, c, "custom", Map.of()),
        AVSessionErrorCode.SESSION_INACTIVE);
    assertCode(() -> registry.sendCommonCommand(controllerApp, c, "", Map.of()),
        AVSessionErrorCode.INVALID_PARAMETER);
  }

  @Test
  void sendKeyEvent_withoutKeyHandler_isTranslatedToACommand() {
    String id = activeSession("playNext", "pause");
    long c = controller(id);

    registry.sendKeyEvent(controllerApp, c, KeyEvent.down(KeyEvent.KEYCODE_MEDIA_NEXT));
    registry.sendKeyEvent(controllerApp, c, KeyEvent.down(KeyEvent.KEYCODE_MEDIA_STOP));

    assertThat(app.commands).extracting(r -> ((CommandRequest.Control) r).command().command())
        .containsExactly(AVControlCommandType.PLAY_NEXT, AVControlCommandType.PAUSE);
    assertCode(() -> registry.sendKeyEvent(controllerApp, c, KeyEvent.down(42)), AVSessionErrorCode.COMMAND_INVALID);
  }

  @Test
  void sendKeyEvent_withKeyHandler_deliversRawKey() {
    String id = activeSession();
    registry.setHandlesKeyEvents(app, id, true);

    registry.sendKeyEvent(controllerApp, controller(id), KeyEvent.down(KeyEvent.KEYCODE_MEDIA_PLAY_PAUSE));

    assertThat(app.lastCommand()).isInstanceOf(CommandRequest.Key.class);
  }

  @Test
  void createController_otherAppsSessionWithoutTheGrant_fails201_ownAppsSessionIsAllowed() {
    String id = activeSession();
    FakeClient stranger = connect("stranger", 300, 2000, false);
    FakeClient sameUidOtherApp = connect("com.example.other", 301, 1000, false);
    FakeClient sameApp = connect("com.example.player", 302, 1000, false);

    assertCode(() -> registry.createController(stranger, id), AVSessionErrorCode.PERMISSION_DENIED);
    assertCode(() -> registry.createController(sameUidOtherApp, id), AVSessionErrorCode.PERMISSION_DENIED);
    assertThat(registry.createController(sameApp, id).snapshot().descriptor().sessionId()).isEqualTo(id);
    assertCode(() -> registry.createController(stranger, "UNKNOWN"), AVSessionErrorCode.SESSION_NOT_EXIST);
    assertCode(() -> registry.createController(stranger, ""), AVSessionErrorCode.INVALID_PARAMETER);
  }

  @Test
  void createController_byIdBeforeRestart_findsTheRestoredSession() {
    String oldId = "A".repeat(64);
    String restored = registry.createSession(app, "main", AVSessionType.AUDIO, oldId).sessionId();

    SessionRegistry.ControllerHandle handle = registry.createController(controllerApp, oldId);

    assertThat(handle.snapshot().descriptor().sessionId()).isEqualTo(restored);
    assertCode(() -> registry.createSession(app, "x", AVSessionType.AUDIO, "not-an-id"),
        AVSessionErrorCode.INVALID_PARAMETER);
    registry.destroySession(app, restored);
    assertCode(() -> registry.createController(controllerApp, oldId), AVSessionErrorCode.SESSION_NOT_EXIST);
  }

  // ------------------------------------------------------------------------------------------------ lifecycle

  @Test
  void clientDisconnected_destroysItsSessionsAndNotifiesEveryone() {
    String id = activeSession("play");
    long c = controller(id);
    CompletableFuture<Void> pending = registry.sendControlCommand(controllerApp, c, AVControlCommand.play());

    registry.clientDisconnected(app);

    assertThat(controllerApp.events(ControllerEvent.Kind.SESSION_DESTROY)).hasSize(1);
    assertThat(controllerApp.managerEvents).extracting(ManagerEvent::kind).contains(ManagerEvent.Kind.SESSION_DESTROY);
    assertFailsWith(pending, AVSessionErrorCode.SESSION_NOT_EXIST);
    assertCode(() -> registry.getState(controllerApp, c), AVSessionErrorCode.SESSION_NOT_EXIST);
    assertThat(registry.listSessions()).isEmpty();
  }

  @Test
  void clientDisconnected_releasesItsControllers() {
    String id = activeSession();
    long c = controller(id);

    registry.clientDisconnected(controllerApp);

    assertThat(registry.dump().get("controllers")).isEqualTo(0);
    registry.setMetadata(app, id, AVMetadata.builder().setAssetId("a").build());
    assertThat(registry.listSessions()).hasSize(1);
    assertThat(c).isPositive();
  }

  // ------------------------------------------------------------------------------------------------ top session

  @Test
  void topSession_mostRecentlyPlaying_winsAndLingersAfterStop() {
    String a = activeSession();
    FakeClient other = connect("other.player", 400, 1000, false);
    String b = registry.createSession(other, "b", AVSessionType.AUDIO).sessionId();
    registry.setActive(other, b, true);

    registry.setPlaybackState(app, a, AVPlaybackState.builder().setState(PlaybackState.PLAY).build());
    assertThat(topId()).isEqualTo(a);
    nanos.addAndGet(1_000_000);
    registry.setPlaybackState(other, b, AVPlaybackState.builder().setState(PlaybackState.PLAY).build());
    assertThat(topId()).isEqualTo(b);

    registry.setPlaybackState(other, b, AVPlaybackState.builder().setState(PlaybackState.PAUSE).build());
    assertThat(topId()).as("a is still playing").isEqualTo(a);
    registry.setPlaybackState(app, a, AVPlaybackState.builder().setState(PlaybackState.PAUSE).build());
    assertThat(topId()).as("lingers after it stops").isEqualTo(a);

    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(400));
    await().atMost(Duration.ofSeconds(3)).until(() -> topId().isEmpty());
    assertThat(controllerApp.managerEvents).filteredOn(e -> e.kind() == ManagerEvent.Kind.TOP_SESSION_CHANGE)
        .extracting(e -> e.descriptor().sessionId()).containsExactly(a, b, a);
  }

  @Test
  void topSession_callSession_winsOverPlayingMedia() {
    String media = activeSession();
    registry.setPlaybackState(app, media, AVPlaybackState.builder().setState(PlaybackState.PLAY).build());
    FakeClient dialer = connect("dialer", 500, 1000, false);
    String call = registry.createSession(dialer, "call", AVSessionType.VOICE_CALL).sessionId();

    registry.setActive(dialer, call, true);

    assertThat(topId()).isEqualTo(call);
  }

  private String topId() {
    return (String) registry.dump().get("topSession");
  }

  // ------------------------------------------------------------------------------------------------ system keys

  @Test
  void sendSystemKeyEvent_withoutTheGrant_fails201() {
    assertCode(() -> registry.sendSystemKeyEvent(app, KeyEvent.down(KeyEvent.KEYCODE_MEDIA_PLAY)),
        AVSessionErrorCode.PERMISSION_DENIED);
    assertCode(() -> registry.sendSystemControlCommand(app, AVControlCommand.play()),
        AVSessionErrorCode.PERMISSION_DENIED);
  }

  @Test
  void sharedMode_grantsAreByUid_systemCallsAlsoNeedASystemCaller() {
    registry.close();
    registry = new SessionRegistry(DaemonConfig.DEFAULTS, new AccessPolicy(true, Set.of(2001, 2002), Set.of(2002)),
        nanos::get, wallMs::get, scheduler, HistoryRecorder.NONE);
    app = connect("com.example.player", 100, 1000, false);
    String id = activeSession("play");
    FakeClient granted = connect("granted", 400, 2001, false);
    FakeClient system = connect("system", 401, 2002, false);
    FakeClient other = connect("other", 402, 2003, false);

    assertThat(registry.listSessions(granted)).hasSize(1);
    assertThat(registry.createController(granted, id).snapshot().descriptor().sessionId()).isEqualTo(id);
    assertCode(() -> registry.listSessions(other), AVSessionErrorCode.PERMISSION_DENIED);
    assertCode(() -> registry.history(other, 3), AVSessionErrorCode.PERMISSION_DENIED);
    assertCode(() -> registry.createController(other, id), AVSessionErrorCode.PERMISSION_DENIED);
    assertCode(() -> registry.sendSystemControlCommand(other, AVControlCommand.play()),
        AVSessionErrorCode.PERMISSION_DENIED);
    assertCode(() -> registry.sendSystemControlCommand(granted, AVControlCommand.play()),
        AVSessionErrorCode.NOT_SYSTEM_APP);
    registry.sendSystemControlCommand(system, AVControlCommand.play());
    assertThat(app.lastCommand().sessionId()).isEqualTo(id);
  }

  @Test
  void sendSystemKeyEvent_noActiveSession_fails6600102() {
    assertCode(() -> registry.sendSystemKeyEvent(controllerApp, KeyEvent.down(KeyEvent.KEYCODE_MEDIA_PLAY)),
        AVSessionErrorCode.SESSION_NOT_EXIST);
  }

  @Test
  void sendSystemKeyEvent_playPausePresses_areCountedInTheClickWindow() {
    String id = activeSession("play", "pause", "playNext", "playPrevious");
    registry.setPlaybackState(app, id, AVPlaybackState.builder().setState(PlaybackState.PLAY).build());

    assertThat(pressPlayPause(1)).isEqualTo(AVControlCommandType.PAUSE);
    assertThat(pressPlayPause(2)).isEqualTo(AVControlCommandType.PLAY_NEXT);
    assertThat(pressPlayPause(3)).isEqualTo(AVControlCommandType.PLAY_PREVIOUS);
  }

  private AVControlCommandType pressPlayPause(int presses) {
    int before = app.commands.size();
    List<CompletableFuture<Void>> futures = new ArrayList<>();
    for (int i = 0; i < presses; i++) {
      futures.add(registry.sendSystemKeyEvent(controllerApp, KeyEvent.down(KeyEvent.KEYCODE_MEDIA_PLAY_PAUSE)));
    }
    await().atMost(Duration.ofSeconds(3)).until(() -> app.commands.size() == before + 1);
    answerLastCommand(app);
    futures.forEach(CompletableFuture::join);
    return ((CommandRequest.Control) app.lastCommand()).command().command();
  }

  @Test
  void sendSystemControlCommand_goesToTopSession() {
    String id = activeSession("pause");
    registry.setPlaybackState(app, id, AVPlaybackState.builder().setState(PlaybackState.PLAY).build());

    registry.sendSystemControlCommand(controllerApp, AVControlCommand.pause());

    assertThat(app.lastCommand().sessionId()).isEqualTo(id);
  }

  @Test
  void history_maxOutOfRange_fails401() {
    assertCode(() -> registry.history(controllerApp, 11), AVSessionErrorCode.INVALID_PARAMETER);
    assertCode(() -> registry.history(controllerApp, -1), AVSessionErrorCode.INVALID_PARAMETER);
    assertThat(registry.history(controllerApp, 0).join()).isEmpty();
  }
}
