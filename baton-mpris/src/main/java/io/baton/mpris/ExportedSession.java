package io.baton.mpris;

import io.baton.api.AVControlCommand;
import io.baton.api.AVControlCommandType;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVSessionController;
import io.baton.api.AVSessionDescriptor;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.AVSessionManager;
import io.baton.api.EventFilter;
import io.baton.api.LoopMode;
import io.baton.api.Nullable;
import io.baton.mpris.dbus.MediaPlayer2;
import io.baton.mpris.dbus.MediaPlayer2Player;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.errors.PropertyReadOnly;
import org.freedesktop.dbus.errors.UnknownProperty;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Baton session exported as an MPRIS player: a controller of the session (through the bridge's SDK connection)
 * and a D-Bus connection of its own that owns {@code org.mpris.MediaPlayer2.baton.<app>_<short id>}.
 *
 * <p>A connection per session because an MPRIS player is a bus name with one object at {@code /org/mpris/MediaPlayer2}:
 * clients such as playerctl send calls to the name's unique owner, so two players on one connection could not be
 * told apart.
 *
 * <h2>Lifecycle</h2>
 * {@link #start()} creates the controller, reads the session's state, then exports the object and requests the name;
 * {@link #close()} (the session was destroyed, or the bridge lost the bus or stops) closes the connection, which
 * releases the name, and destroys the controller.
 *
 * <h2>Threading</h2>
 * State changes run on the bridge executor (the SDK connection's callback executor): controller events and the start
 * sequence. The state is an immutable {@link SessionState} in a volatile field, read by the D-Bus method threads of
 * this session's connection. A D-Bus method that sends a command waits for the session's app to run it (at most
 * {@link #COMMAND_WAIT}) on that D-Bus thread, never on the bridge executor nor on the connection's reader thread.
 */
/* package */ final class ExportedSession {
  private static final Logger log = LoggerFactory.getLogger(ExportedSession.class);

  /**
   * How long a D-Bus method waits for its Baton command: longer than the daemon's own command timeout (5 s by
   * default) plus the SDK's retry window, so that Baton's error, not this wait, is what the caller normally sees.
   */
  static final Duration COMMAND_WAIT = Duration.ofSeconds(10);

  /** Incoming-call threads per exported session (see {@link BusConnections#open}). */
  private static final int METHOD_CALL_THREADS = 2;

  private final AVSessionDescriptor descriptor;
  private final String busName;
  private final String address;
  private final AVSessionManager manager;
  private final Executor bridgeExecutor;
  private final Runnable onBusLost;
  private final Consumer<ExportedSession> onGone;
  private final PlayerObject object = new PlayerObject();
  /** Fails when the session is no longer exported, releasing D-Bus threads that wait for a command. */
  private final CompletableFuture<Void> closing = new CompletableFuture<>();

  // Bridge executor only.
  private @Nullable AVSessionController controller;
  private @Nullable DBusConnection connection;
  private @Nullable PlayerProperties announced;
  private final List<UnaryOperator<SessionState>> earlyEvents = new ArrayList<>();
  private boolean trackChanged;
  private boolean closed;

  // Written on the bridge executor, read by D-Bus threads.
  private volatile @Nullable SessionState state;
  private volatile @Nullable AVSessionController liveController;

  /**
   * An exported session, not yet started.
   *
   * @param onBusLost told when this session's D-Bus connection breaks on its own (the bus went away)
   * @param onGone told (on the bridge executor) when the session is gone or could not be exported
   */
  ExportedSession(AVSessionDescriptor descriptor, String address, AVSessionManager manager, Executor bridgeExecutor,
      Runnable onBusLost, Consumer<ExportedSession> onGone) {
    this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
    this.busName = MprisNames.exportBusName(descriptor.appId(), descriptor.sessionId());
    this.address = address;
    this.manager = manager;
    this.bridgeExecutor = bridgeExecutor;
    this.onBusLost = onBusLost;
    this.onGone = onGone;
  }

  /** The exported session's id. */
  String sessionId() {
    return descriptor.sessionId();
  }

  /** The bus name this session owns once started. */
  String busName() {
    return busName;
  }

  /** Creates the controller, reads the state and exports the player. Bridge executor. */
  void start() {
    String sessionId = descriptor.sessionId();
    manager.createController(sessionId)
        .thenCompose(c -> {
          controller = c;
          c.addListener(new Listener());
          return CompletableFuture.allOf(
                  c.setMetadataFilter(EventFilter.ALL), c.setPlaybackStateFilter(EventFilter.ALL))
              .thenCompose(v -> snapshot(c));
        })
        .whenCompleteAsync((snapshot, error) -> {
          if (error != null) {
            AVSessionException e = AVSessionException.fromThrowable(error);
            // 6600102: the session went away while we looked at it, nothing to export.
            if (e.errorCode() != AVSessionErrorCode.SESSION_NOT_EXIST) {
              log.warn("Not exporting session {} to MPRIS: {}", sessionId, e.getMessage());
            }
            fail();
            return;
          }
          goLive(snapshot);
        }, bridgeExecutor);
  }

  private CompletableFuture<SessionState> snapshot(AVSessionController c) {
    CompletableFuture<AVMetadata> metadata = c.getAVMetadata();
    CompletableFuture<AVPlaybackState> playbackState = c.getAVPlaybackState();
    CompletableFuture<List<String>> commands = c.getValidCommands();
    CompletableFuture<Boolean> active = c.isActive();
    CompletableFuture<List<Double>> speeds = c.getSupportedPlaySpeeds();
    return CompletableFuture.allOf(metadata, playbackState, commands, active, speeds)
        .thenApply(v -> new SessionState(descriptor, metadata.join(), playbackState.join(), commands.join(),
            active.join(), speeds.join()));
  }

  private void goLive(SessionState snapshot) {
    if (closed) {
      return;
    }
    SessionState current = snapshot;
    for (UnaryOperator<SessionState> event : earlyEvents) {
      current = event.apply(current);
    }
    earlyEvents.clear();
    state = current;
    announced = MprisMapping.playerProperties(current);
    DBusConnection c = null;
    try {
      c = BusConnections.open(address, METHOD_CALL_THREADS, onBusLost);
      c.exportObject(MediaPlayer2.OBJECT_PATH, object);
      liveController = controller;
      c.requestBusName(busName);
      connection = c;
      log.info("Exported session {} ({}, {}) to MPRIS as {}", descriptor.sessionId(), descriptor.appId(),
          descriptor.tag(), busName);
    } catch (DBusException | RuntimeException e) {
      log.warn("Could not export session {} to MPRIS as {}: {}", descriptor.sessionId(), busName, e.toString());
      if (c != null) {
        BusConnections.closeQuietly(c);
      }
      fail();
    }
  }

  private void fail() {
    close();
    onGone.accept(this);
  }

  /** Releases the bus name and the controller. Idempotent. Bridge executor. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    liveController = null;
    // Before closing the connection: dbus-java waits for its method-call threads to finish.
    closing.completeExceptionally(AVSessionErrorCode.SESSION_NOT_EXIST.toException(
        "session " + descriptor.sessionId() + " is no longer exported"));
    if (connection != null) {
      BusConnections.closeQuietly(connection);
      connection = null;
      log.info("Removed MPRIS player {} (session {})", busName, descriptor.sessionId());
    }
    if (controller != null) {
      controller.destroy().exceptionally(e -> null);
      controller = null;
    }
  }

  /** Applies one controller event: before the snapshot it is queued, afterwards announced. Bridge executor. */
  private void apply(UnaryOperator<SessionState> event, boolean mayJump) {
    if (closed) {
      return;
    }
    SessionState before = state;
    if (before == null) {
      earlyEvents.add(event);
      return;
    }
    SessionState after = event.apply(before);
    state = after;
    if (connection == null) {
      return;
    }
    PlayerProperties properties = MprisMapping.playerProperties(after);
    Map<String, Variant<?>> changed = properties.changedSince(announced);
    announced = properties;
    try {
      if (!changed.isEmpty()) {
        connection.sendMessage(new Properties.PropertiesChanged(
            MediaPlayer2.OBJECT_PATH, MediaPlayer2Player.INTERFACE, changed, List.of()));
      }
      if (mayJump) {
        long now = System.currentTimeMillis();
        if (MprisMapping.isJump(before, after, now, trackChanged)) {
          connection.sendMessage(new MediaPlayer2Player.Seeked(MediaPlayer2.OBJECT_PATH, after.positionMs(now) * 1000));
        }
        trackChanged = false;
      }
    } catch (DBusException e) {
      log.warn("Could not signal a change of MPRIS player {}: {}", busName, e.toString());
    }
  }

  /** Controller events, on the bridge executor (the SDK connection's callback executor). */
  private final class Listener implements AVSessionController.Listener {
    @Override
    public void onMetadataChange(AVMetadata metadata) {
      apply(s -> {
        if (!Objects.equals(s.metadata().assetId(), metadata.assetId())) {
          trackChanged = true;
        }
        return s.withMetadata(metadata);
      }, false);
    }

    @Override
    public void onPlaybackStateChange(AVPlaybackState playbackState) {
      apply(s -> s.withPlaybackState(playbackState), playbackState.position() != null);
    }

    @Override
    public void onActiveStateChange(boolean active) {
      apply(s -> s.withActive(active), false);
    }

    @Override
    public void onValidCommandChange(List<String> commands) {
      apply(s -> s.withValidCommands(commands), false);
    }

    @Override
    public void onSessionDestroy(AVSessionDescriptor destroyed) {
      fail();
    }
  }

  // ---------------------------------------------------------------- The D-Bus object (D-Bus method threads)

  /** The exported object: both MPRIS interfaces and their properties. Runs on this connection's D-Bus threads. */
  private final class PlayerObject implements MediaPlayer2, MediaPlayer2Player, Properties {
    @Override
    public String getObjectPath() {
      return MediaPlayer2.OBJECT_PATH;
    }

    @Override
    public void raise() {
      // CanRaise is false: a Baton session has no window to raise.
    }

    @Override
    public void quit() {
      // CanQuit is false: the bridge does not end other apps' sessions.
    }

    @Override
    public void next() {
      send(AVControlCommand.playNext());
    }

    @Override
    public void previous() {
      send(AVControlCommand.playPrevious());
    }

    @Override
    public void pause() {
      send(AVControlCommand.pause());
    }

    @Override
    public void playPause() {
      boolean playing = MprisMapping.PLAYING.equals(MprisMapping.playbackStatus(current().playbackState().state()));
      send(playing ? AVControlCommand.pause() : AVControlCommand.play());
    }

    @Override
    public void stop() {
      send(AVControlCommand.stop());
    }

    @Override
    public void play() {
      send(AVControlCommand.play());
    }

    @Override
    public void seek(Long offsetUs) {
      SessionState s = current();
      long target = MprisMapping.seekTargetMs(s.positionMs(System.currentTimeMillis()), offsetUs);
      long duration = durationMs(s);
      String seek = AVControlCommandType.SEEK.commandName();
      if (duration > 0 && target > duration && s.accepts(AVControlCommandType.PLAY_NEXT.commandName())) {
        // MPRIS: seeking past the end acts like Next.
        send(AVControlCommand.playNext());
      } else if (!s.accepts(seek) && offsetUs > 0 && s.accepts(AVControlCommandType.FAST_FORWARD.commandName())) {
        send(AVControlCommand.fastForward(offsetUs / 1000));
      } else if (!s.accepts(seek) && offsetUs < 0 && s.accepts(AVControlCommandType.REWIND.commandName())) {
        send(AVControlCommand.rewind(-offsetUs / 1000));
      } else {
        send(AVControlCommand.seek(target));
      }
    }

    @Override
    public void setPosition(DBusPath trackId, Long positionUs) {
      SessionState s = current();
      long duration = durationMs(s);
      // MPRIS: a stale track id or a position outside the track is ignored, not an error.
      if (!MprisNames.trackIdPath(s.metadata().assetId()).equals(trackId.getPath()) || positionUs < 0
          || duration > 0 && positionUs / 1000 > duration) {
        log.debug("MPRIS player {}: SetPosition({}, {}) ignored", busName, trackId.getPath(), positionUs);
        return;
      }
      send(AVControlCommand.seek(positionUs / 1000));
    }

    @Override
    public void openUri(String uri) {
      SessionState s = current();
      if (!s.accepts(AVControlCommandType.PLAY_WITH_ASSET_ID.commandName())
          && s.accepts(AVControlCommandType.PLAY_FROM_ASSET_ID.commandName())) {
        try {
          send(AVControlCommand.playFromAssetId(Long.parseLong(uri.trim())));
          return;
        } catch (NumberFormatException notNumeric) {
          throw AVSessionError.of(AVSessionErrorCode.INVALID_PARAMETER.toException(
              "uri: this session plays assets by numeric id (playFromAssetId), not '" + uri + "'"));
        }
      }
      send(AVControlCommand.playWithAssetId(uri));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <A> A Get(String interfaceName, String propertyName) {
      // Null makes dbus-java answer UnknownProperty.
      return (A) properties(interfaceName).get(propertyName);
    }

    @Override
    public Map<String, Variant<?>> GetAll(String interfaceName) {
      return properties(interfaceName);
    }

    @Override
    public <A> void Set(String interfaceName, String propertyName, A value) {
      Object v = value instanceof Variant<?> variant ? variant.getValue() : value;
      if (!MediaPlayer2Player.INTERFACE.equals(interfaceName)) {
        throw properties(interfaceName).containsKey(propertyName)
            ? new PropertyReadOnly(propertyName + " is read-only")
            : new UnknownProperty("no property " + interfaceName + "." + propertyName);
      }
      SessionState s = current();
      switch (propertyName) {
        case "LoopStatus" -> {
          String status = String.valueOf(v);
          LoopMode mode = MprisMapping.loopModeForLoopStatus(status).orElseThrow(() -> AVSessionError.of(
              AVSessionErrorCode.INVALID_PARAMETER.toException(
                  "LoopStatus must be None, Track or Playlist, was '" + status + "'")));
          send(AVControlCommand.setLoopMode(mode));
        }
        case "Shuffle" -> {
          if (!(v instanceof Boolean shuffle)) {
            throw AVSessionError.of(AVSessionErrorCode.INVALID_PARAMETER.toException("Shuffle must be a boolean"));
          }
          MprisMapping.loopModeForShuffle(shuffle, s.playbackState().loopMode())
              .ifPresent(mode -> send(AVControlCommand.setLoopMode(mode)));
        }
        case "Rate" -> send(AVControlCommand.setSpeed(number(v, "Rate")));
        case "Volume" -> {
          int volume = MprisMapping.sessionVolume(number(v, "Volume"), s.playbackState());
          await(controller().sendCommonCommand(MprisBridge.SET_VOLUME_COMMAND,
              Map.of(MprisBridge.VOLUME_ARGUMENT, volume)));
        }
        default -> throw properties(interfaceName).containsKey(propertyName)
            ? new PropertyReadOnly(propertyName + " is read-only")
            : new UnknownProperty("no property " + interfaceName + "." + propertyName);
      }
    }

    private Map<String, Variant<?>> properties(String interfaceName) {
      if (MediaPlayer2Player.INTERFACE.equals(interfaceName)) {
        SessionState s = current();
        Map<String, Variant<?>> all = MprisMapping.playerProperties(s).toVariants();
        all.put("Position", new Variant<>(s.positionMs(System.currentTimeMillis()) * 1000));
        return all;
      }
      if (MediaPlayer2.INTERFACE.equals(interfaceName)) {
        Map<String, Variant<?>> root = new LinkedHashMap<>();
        root.put("CanQuit", new Variant<>(false));
        root.put("CanRaise", new Variant<>(false));
        root.put("HasTrackList", new Variant<>(false));
        root.put("Identity", new Variant<>(descriptor.appId() + " (" + descriptor.tag() + ")"));
        root.put("SupportedUriSchemes", new Variant<>(List.of(), "as"));
        root.put("SupportedMimeTypes", new Variant<>(List.of(), "as"));
        return root;
      }
      return new LinkedHashMap<>();
    }

    private double number(Object value, String property) {
      if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
        return n.doubleValue();
      }
      throw AVSessionError.of(AVSessionErrorCode.INVALID_PARAMETER.toException(property + " must be a number"));
    }

    private long durationMs(SessionState s) {
      Integer fromState = s.playbackState().durationMs();
      return fromState != null && fromState > 0 ? fromState : s.fallbackDurationMs();
    }

    private void send(AVControlCommand command) {
      await(controller().sendControlCommand(command));
    }

    private AVSessionController controller() {
      AVSessionController c = liveController;
      if (c == null) {
        throw AVSessionError.of(AVSessionErrorCode.SESSION_NOT_EXIST.toException(
            "session " + descriptor.sessionId() + " is no longer exported"));
      }
      return c;
    }

    private SessionState current() {
      SessionState s = state;
      if (s == null) {
        // Unreachable in practice: the name is requested only after the first state is in place.
        throw AVSessionError.of(AVSessionErrorCode.SERVICE_EXCEPTION.toException("player not ready"));
      }
      return s;
    }

    /** Waits for a Baton call on this D-Bus thread; its failure becomes the D-Bus error carrying the code. */
    private void await(CompletableFuture<Void> call) {
      try {
        CompletableFuture.anyOf(call, closing).get(COMMAND_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        AVSessionException refused = AVSessionException.fromThrowable(e.getCause());
        log.debug("MPRIS player {}: Baton refused the call: {}", busName, refused.getMessage());
        throw AVSessionError.of(refused);
      } catch (TimeoutException e) {
        throw AVSessionError.of(AVSessionErrorCode.SERVICE_EXCEPTION.toException(
            "no answer from the session within " + COMMAND_WAIT.toSeconds() + " s"));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DBusExecutionException("interrupted while waiting for the session");
      }
    }
  }
}
