package io.baton.mpris;

import io.baton.api.AVControlCommand;
import io.baton.api.AVControlCommandType;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVSession;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.AVSessionManager;
import io.baton.api.AVSessionType;
import io.baton.api.LoopMode;
import io.baton.api.Nullable;
import io.baton.api.PlaybackPosition;
import io.baton.api.PlaybackState;
import io.baton.mpris.dbus.MediaPlayer2;
import io.baton.mpris.dbus.MediaPlayer2Player;
import io.baton.mpris.dbus.RemoteProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.errors.NotSupported;
import org.freedesktop.dbus.errors.UnknownMethod;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.types.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MPRIS player on the bus imported as a Baton session: its own SDK connection (app id {@code mpris.<name>}) with
 * one session (tag: the player's Identity), kept in sync with the player's properties, whose commands become MPRIS
 * calls.
 *
 * <h2>Lifecycle</h2>
 * {@link #start()} reads the player's properties, then creates and activates the session. {@link #close()} (the
 * player left the bus, or the bridge stops) closes the SDK connection, which destroys the session.
 *
 * <h2>Threading</h2>
 * State (properties, position, what was published) lives on the bridge executor: signals and call replies are handed
 * there. Command handlers run on this player's own thread (the SDK connection's callback executor) and wait there for
 * the player's reply, at most {@link #CALL_WAIT}: a player that is slow or a proxy of a Baton export cannot stall the
 * bridge. What they need of the state they read from a volatile snapshot. Calls to the player never block a dbus-java
 * thread: they are asynchronous ({@link BusConnections#call}).
 */
/* package */ final class ImportedPlayer {
  private static final Logger log = LoggerFactory.getLogger(ImportedPlayer.class);

  /** How long a command waits for the player's reply: below the daemon's 5 s command timeout. */
  static final Duration CALL_WAIT = Duration.ofSeconds(4);

  /** How far fastForward and rewind move without a parameter: upstream's default skip interval. */
  static final long DEFAULT_SKIP_MS = 15_000;

  private static final int MAX_TAG_CHARS = 256;

  private final String busName;
  private final String owner;
  private final String appId;
  private final DBusConnection connection;
  private final RemoteProperties properties;
  private final MediaPlayer2Player player;
  private final Path daemonSocket;
  private final Executor bridgeExecutor;
  private final ExecutorService commandThread;

  // Bridge executor only.
  private final Map<String, Object> rootProperties = new HashMap<>();
  private final Map<String, Object> playerProperties = new HashMap<>();
  private final List<Runnable> beforeLoad = new ArrayList<>();
  private final Map<AVControlCommandType, AVSession.Registration> handlers = new EnumMap<>(AVControlCommandType.class);
  private PlaybackPosition position = new PlaybackPosition(0, 0);
  private boolean loaded;
  private boolean positionPending;
  private boolean closed;
  private @Nullable AVSessionManager manager;
  private @Nullable AVSession session;
  private @Nullable AVMetadata publishedMetadata;
  private @Nullable AVPlaybackState publishedState;
  private @Nullable List<LoopMode> publishedLoopModes;

  // Written on the bridge executor, read by command handlers.
  private volatile CommandView view = CommandView.EMPTY;

  /**
   * A player to import, not yet started.
   *
   * @param owner the unique name owning {@code busName}: calls go there, so a replacement player is never mistaken
   *     for this one
   */
  ImportedPlayer(String busName, String owner, DBusConnection connection, Path daemonSocket, Executor bridgeExecutor)
      throws DBusException {
    this.busName = busName;
    this.owner = owner;
    this.appId = MprisNames.importAppId(busName);
    this.connection = connection;
    this.properties = connection.getRemoteObject(owner, MediaPlayer2.OBJECT_PATH, RemoteProperties.class);
    this.player = connection.getRemoteObject(owner, MediaPlayer2.OBJECT_PATH, MediaPlayer2Player.class);
    this.daemonSocket = daemonSocket;
    this.bridgeExecutor = bridgeExecutor;
    this.commandThread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "baton-mpris-" + MprisNames.playerName(busName));
      t.setDaemon(true);
      return t;
    });
  }

  String busName() {
    return busName;
  }

  String owner() {
    return owner;
  }

  /** Reads the player's properties, then creates its session. Bridge executor. */
  void start() {
    CompletableFuture<Map<String, Variant<?>>> root =
        BusConnections.<Map<String, Variant<?>>>call(connection, properties, "GetAll", MediaPlayer2.INTERFACE)
            // The root interface only gives the tag and OpenUri support: a player without it is still a player.
            .exceptionally(e -> Map.of());
    CompletableFuture<Timed<Map<String, Variant<?>>>> playerAll =
        BusConnections.<Map<String, Variant<?>>>call(connection, properties, "GetAll", MediaPlayer2Player.INTERFACE)
            .thenApply(Timed::now);
    root.thenCombine(playerAll, Loaded::new)
        .whenCompleteAsync((loaded, error) -> {
          if (closed) {
            return;
          }
          if (error != null) {
            log.warn("Not importing MPRIS player {}: reading its properties failed: {}", busName, error.toString());
            return;
          }
          onLoaded(loaded.root(), loaded.player());
        }, bridgeExecutor);
  }

  private void onLoaded(Map<String, Variant<?>> root, Timed<Map<String, Variant<?>>> player) {
    mergeInto(rootProperties, root);
    mergeInto(playerProperties, player.value());
    position = new PlaybackPosition(Math.max(0, longValue(playerProperties.get("Position")) / 1000), player.atMs());
    loaded = true;
    beforeLoad.forEach(Runnable::run);
    beforeLoad.clear();
    createSession();
  }

  private void createSession() {
    MprisMetadata metadata = MprisMetadata.fromDBus(map(playerProperties.get("Metadata")));
    String identity = rootProperties.get("Identity") instanceof String s && !s.isBlank() ? s : null;
    String tag = identity != null ? identity : MprisNames.playerName(busName);
    if (tag.length() > MAX_TAG_CHARS) {
      tag = tag.substring(0, MAX_TAG_CHARS);
    }
    AVSessionType type = MprisMapping.sessionType(busName, identity, metadata.url());
    try {
      manager = AVSessionManager.builder()
          .socket(daemonSocket)
          .appId(appId)
          .callbackExecutor(commandThread)
          .retryTimeout(MprisBridge.DAEMON_CONNECT_TIMEOUT)
          .recovery(false)
          .connect();
    } catch (AVSessionException | IllegalArgumentException e) {
      log.warn("Not importing MPRIS player {}: {}", busName, e.getMessage());
      return;
    }
    String sessionTag = tag;
    manager.createSession(sessionTag, type).whenCompleteAsync((created, error) -> {
      if (error != null) {
        if (!closed) {
          log.warn("Not importing MPRIS player {}: {}", busName, AVSessionException.fromThrowable(error).getMessage());
        }
        return;
      }
      if (closed) {
        return;
      }
      session = created;
      created.addCallback(new AVSession.Callback() {
        @Override
        public void onCommonCommand(String command, Map<String, Object> args) {
          if (MprisBridge.SET_VOLUME_COMMAND.equals(command)) {
            setVolume(args.get(MprisBridge.VOLUME_ARGUMENT));
          }
        }
      });
      publish();
      created.activate().whenComplete((v, e) -> logFailure("activate", e));
      log.info("Imported MPRIS player {} as session {} (app {}, tag '{}', {})", busName, created.getSessionId(),
          appId, sessionTag, type.label());
    }, bridgeExecutor);
  }

  /** A PropertiesChanged signal of this player. Bridge executor. */
  void onPropertiesChanged(String interfaceName, Map<String, Variant<?>> changed, List<String> invalidated) {
    if (!loaded) {
      beforeLoad.add(() -> onPropertiesChanged(interfaceName, changed, invalidated));
      return;
    }
    if (MediaPlayer2.INTERFACE.equals(interfaceName)) {
      mergeInto(rootProperties, changed);
      publish();
      return;
    }
    if (!MediaPlayer2Player.INTERFACE.equals(interfaceName)) {
      return;
    }
    // Rebase the position to now under the old state, so that a state change without a fresh reading still starts
    // from the right place.
    long now = System.currentTimeMillis();
    if (publishedState != null) {
      position = new PlaybackPosition(publishedState.extrapolatedPositionMs(now, durationMs()), now);
    }
    mergeInto(playerProperties, changed);
    if (!invalidated.isEmpty()) {
      refreshAll();
    }
    if (changed.containsKey("PlaybackStatus") || changed.containsKey("Rate") || changed.containsKey("Metadata")) {
      refreshPosition();
    } else {
      publish();
    }
  }

  /** A Seeked signal of this player, received at {@code atMs}. Bridge executor. */
  void onSeeked(long positionUs, long atMs) {
    if (!loaded) {
      beforeLoad.add(() -> onSeeked(positionUs, atMs));
      return;
    }
    position = new PlaybackPosition(Math.max(0, positionUs / 1000), atMs);
    publish();
  }

  private void refreshPosition() {
    positionPending = true;
    BusConnections.<Variant<?>>call(connection, properties, "Get", MediaPlayer2Player.INTERFACE, "Position")
        .thenApply(Timed::now)
        .whenCompleteAsync((reply, error) -> {
          positionPending = false;
          if (error == null && reply.value() != null && reply.value().getValue() instanceof Number us) {
            position = new PlaybackPosition(Math.max(0, us.longValue() / 1000), reply.atMs());
          }
          publish();
        }, bridgeExecutor);
  }

  private void refreshAll() {
    BusConnections.<Map<String, Variant<?>>>call(connection, properties, "GetAll", MediaPlayer2Player.INTERFACE)
        .whenCompleteAsync((all, error) -> {
          if (error == null && !closed) {
            mergeInto(playerProperties, all);
            publish();
          }
        }, bridgeExecutor);
  }

  /** Sends the session whatever changed since the last publication. Bridge executor. */
  private void publish() {
    MprisMetadata metadata = MprisMetadata.fromDBus(map(playerProperties.get("Metadata")));
    AVPlaybackState state = playbackState(metadata);
    view = new CommandView(metadata.trackId(), state, durationMs(), number(playerProperties.get("MinimumRate")),
        number(playerProperties.get("MaximumRate")), playerProperties.get("LoopStatus") instanceof String,
        playerProperties.get("Shuffle") instanceof Boolean);
    AVSession s = session;
    if (s == null || closed) {
      return;
    }
    AVMetadata avMetadata = metadata.toAVMetadata();
    if (!avMetadata.equals(publishedMetadata)) {
      publishedMetadata = avMetadata;
      s.setAVMetadata(avMetadata).whenComplete((v, e) -> logFailure("setAVMetadata", e));
    }
    if (!positionPending && !state.equals(publishedState)) {
      publishedState = state;
      s.setAVPlaybackState(state).whenComplete((v, e) -> logFailure("setAVPlaybackState", e));
    }
    syncCommands(s);
  }

  private AVPlaybackState playbackState(MprisMetadata metadata) {
    PlaybackState state = MprisMapping.playbackState(string(playerProperties.get("PlaybackStatus")));
    boolean hasLoop = playerProperties.get("LoopStatus") instanceof String
        || playerProperties.get("Shuffle") instanceof Boolean;
    Object rate = playerProperties.get("Rate");
    Object volume = playerProperties.get("Volume");
    Long lengthMs = metadata.lengthUs() == null ? null : metadata.lengthUs() / 1000;
    return AVPlaybackState.builder()
        .setState(state)
        .setSpeed(rate instanceof Number r && r.doubleValue() > 0 && Double.isFinite(r.doubleValue())
            ? r.doubleValue() : null)
        .setPosition(state == PlaybackState.STOP ? new PlaybackPosition(0, position.updateTimeMs()) : position)
        .setLoopMode(hasLoop ? MprisMapping.loopMode(string(playerProperties.get("LoopStatus")),
            MprisMapping.flag(playerProperties, "Shuffle")) : null)
        .setVolume(volume instanceof Number v && v.doubleValue() >= 0
            ? (int) Math.round(v.doubleValue() * MprisMapping.VOLUME_SCALE) : null)
        .setMaxVolume(volume instanceof Number ? MprisMapping.VOLUME_SCALE : null)
        .setDurationMs(lengthMs != null && lengthMs >= 0 && lengthMs <= Integer.MAX_VALUE ? lengthMs.intValue() : null)
        .build();
  }

  private long durationMs() {
    MprisMetadata metadata = MprisMetadata.fromDBus(map(playerProperties.get("Metadata")));
    return metadata.lengthUs() == null ? 0 : metadata.lengthUs() / 1000;
  }

  private void syncCommands(AVSession s) {
    List<AVControlCommandType> wanted = MprisMapping.validCommands(playerProperties, rootProperties);
    List<LoopMode> loopModes = MprisMapping.supportedLoopModes(playerProperties);
    if (!loopModes.equals(publishedLoopModes)) {
      publishedLoopModes = loopModes;
      s.setSupportedLoopModes(loopModes).whenComplete((v, e) -> logFailure("setSupportedLoopModes", e));
    }
    handlers.entrySet().removeIf(entry -> {
      if (wanted.contains(entry.getKey())) {
        return false;
      }
      entry.getValue().close();
      return true;
    });
    for (AVControlCommandType type : wanted) {
      if (!handlers.containsKey(type)) {
        handlers.put(type, s.addCommandHandler(type, this::onCommand));
      }
    }
  }

  // ---------------------------------------------------------------- Commands (this player's command thread)

  /** Runs one Baton command as the matching MPRIS call and waits for the player's reply. */
  private void onCommand(AVControlCommand command) {
    CommandView v = view;
    switch (command.command()) {
      case PLAY -> await("Play", () -> call(player, "play"));
      case PAUSE -> await("Pause", () -> call(player, "pause"));
      case STOP -> await("Stop", () -> call(player, "stop"));
      case PLAY_NEXT -> await("Next", () -> call(player, "next"));
      case PLAY_PREVIOUS -> await("Previous", () -> call(player, "previous"));
      case SEEK -> {
        long targetMs = command.longParameter(0);
        if (!v.trackId().isEmpty() && !v.trackId().equals(MprisNames.NO_TRACK)) {
          await("SetPosition", () -> call(player, "setPosition", new DBusPath(v.trackId()), targetMs * 1000));
        } else {
          long offsetUs = (targetMs - v.positionMs(System.currentTimeMillis())) * 1000;
          await("Seek", () -> call(player, "seek", offsetUs));
        }
      }
      case FAST_FORWARD -> {
        long offsetUs = command.longParameter(DEFAULT_SKIP_MS) * 1000;
        await("Seek", () -> call(player, "seek", offsetUs));
      }
      case REWIND -> {
        long offsetUs = -command.longParameter(DEFAULT_SKIP_MS) * 1000;
        await("Seek", () -> call(player, "seek", offsetUs));
      }
      case SET_SPEED -> {
        double speed = command.doubleParameter(1.0);
        if (v.minimumRate() != null && speed < v.minimumRate() || v.maximumRate() != null && speed > v.maximumRate()) {
          throw AVSessionErrorCode.COMMAND_INVALID.toException("speed " + speed + " is outside " + busName
              + "'s range [" + v.minimumRate() + ", " + v.maximumRate() + "]");
        }
        await("Set Rate", () -> setProperty("Rate", new Variant<>(speed)));
      }
      case SET_LOOP_MODE -> {
        LoopMode mode = command.loopModeParameter();
        MprisMapping.LoopTarget target = mode == null ? null : MprisMapping.loopTarget(mode).orElse(null);
        if (target == null) {
          throw AVSessionErrorCode.COMMAND_INVALID.toException("MPRIS has no loop mode " + mode);
        }
        if (target.loopStatus() != null && v.hasLoopStatus()) {
          await("Set LoopStatus", () -> setProperty("LoopStatus", new Variant<>(target.loopStatus())));
        }
        if (target.shuffle() != null && v.hasShuffle()) {
          await("Set Shuffle", () -> setProperty("Shuffle", new Variant<>(target.shuffle())));
        }
      }
      case PLAY_WITH_ASSET_ID -> {
        String uri = command.stringParameter();
        await("OpenUri", () -> call(player, "openUri", uri));
      }
      default -> throw AVSessionErrorCode.COMMAND_INVALID.toException(
          busName + " has no MPRIS method for " + command.command().commandName());
    }
  }

  /** The {@code setVolume} common command: Volume = volume ÷ 100. Command thread. */
  private void setVolume(@Nullable Object volume) {
    if (!(volume instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() < 0) {
      throw AVSessionErrorCode.INVALID_PARAMETER.toException(
          MprisBridge.VOLUME_ARGUMENT + " must be a number >= 0, was " + volume);
    }
    double mprisVolume = n.doubleValue() / MprisMapping.VOLUME_SCALE;
    await("Set Volume", () -> setProperty("Volume", new Variant<>(mprisVolume)));
  }

  private CompletableFuture<Object> call(DBusInterface remote, String method, Object... args) {
    return BusConnections.call(connection, remote, method, args);
  }

  private CompletableFuture<Object> setProperty(String name, Variant<?> value) {
    return BusConnections.call(connection, properties, "Set", MediaPlayer2Player.INTERFACE, name, value);
  }

  /** Waits for a call to the player; its failure becomes the AVSession error the controller sees. */
  private void await(String what, Supplier<CompletableFuture<Object>> call) {
    try {
      call.get().get(CALL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      AVSessionErrorCode code = cause instanceof UnknownMethod || cause instanceof NotSupported
          ? AVSessionErrorCode.COMMAND_INVALID
          : AVSessionErrorCode.SERVICE_EXCEPTION;
      throw code.toException(busName + " refused " + what + ": " + cause.getMessage());
    } catch (TimeoutException e) {
      throw AVSessionErrorCode.SERVICE_EXCEPTION.toException(
          busName + " did not answer " + what + " within " + CALL_WAIT.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw AVSessionErrorCode.SERVICE_EXCEPTION.toException("interrupted while calling " + busName);
    }
  }

  /** Destroys the session (by closing its SDK connection). Idempotent. Bridge executor. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    handlers.clear();
    if (manager != null) {
      manager.close();
      log.info("Removed the session of MPRIS player {}", busName);
    }
    commandThread.shutdownNow();
  }

  private void logFailure(String what, @Nullable Throwable error) {
    if (error != null && !closed) {
      log.warn("MPRIS player {}: {} failed: {}", busName, what, AVSessionException.fromThrowable(error).getMessage());
    }
  }

  // ---------------------------------------------------------------- Values

  /** Copies properties into {@code target}, unwrapped from their variants (defensively: any value is accepted). */
  private static void mergeInto(Map<String, Object> target, Map<String, ?> changes) {
    changes.forEach((name, value) -> {
      Object plain = value instanceof Variant<?> v ? v.getValue() : value;
      target.put(name, plain);
    });
  }

  private static @Nullable Map<?, ?> map(@Nullable Object value) {
    return value instanceof Map<?, ?> m ? m : null;
  }

  private static @Nullable String string(@Nullable Object value) {
    return value instanceof String s ? s : null;
  }

  private static @Nullable Double number(@Nullable Object value) {
    return value instanceof Number n ? n.doubleValue() : null;
  }

  private static long longValue(@Nullable Object value) {
    return value instanceof Number n ? n.longValue() : 0;
  }

  /** The two GetAll replies a player's import starts from. */
  private record Loaded(Map<String, Variant<?>> root, Timed<Map<String, Variant<?>>> player) {}

  /** A reply and the wall-clock time it arrived, for positions. */
  private record Timed<T>(T value, long atMs) {
    static <T> Timed<T> now(T value) {
      return new Timed<>(value, System.currentTimeMillis());
    }
  }

  /** What command handlers need of the player's state, as of the last change. */
  private record CommandView(String trackId, AVPlaybackState state, long durationMs, @Nullable Double minimumRate,
      @Nullable Double maximumRate, boolean hasLoopStatus, boolean hasShuffle) {
    static final CommandView EMPTY = new CommandView("", AVPlaybackState.EMPTY, 0, null, null, false, false);

    long positionMs(long nowEpochMs) {
      return state.extrapolatedPositionMs(nowEpochMs, durationMs);
    }
  }
}
