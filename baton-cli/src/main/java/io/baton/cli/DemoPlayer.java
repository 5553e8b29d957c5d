package io.baton.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.api.AVControlCommand;
import io.baton.api.AVControlCommandType;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVSession;
import io.baton.api.LoopMode;
import io.baton.api.PlaybackPosition;
import io.baton.api.PlaybackState;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated audio player behind a real session: it publishes metadata and playback state and obeys control
 * commands, as a media app would, without playing any sound.
 *
 * <p>Commands: play / pause set the state; stop stops at 0; seek moves the position; fastForward / rewind move it by
 * their parameter (default {@link #DEFAULT_SKIP_MS}), clamped to [0, duration]; setSpeed, setLoopMode and
 * toggleFavorite change those fields; playNext / playPrevious switch to track N ({@code demo-N}, title
 * {@code "<title> #N"}) at position 0; playFromAssetId / playWithAssetId play that asset from 0. Every command
 * publishes the playback state with the position at that moment ({@code {elapsed, updateTime=now}}): controllers
 * extrapolate from there, so there are no periodic ticks. Each command received is then reported to the command log
 * as {@code {"command","parameter","caller"}}.
 *
 * <h2>Threading</h2>
 * Command handlers run on the manager's callback executor; the player's state is guarded by {@code this}. Nothing here
 * blocks on a Baton future: publishing is fire-and-forget, failures are logged.
 */
final class DemoPlayer {
  private static final Logger log = LoggerFactory.getLogger(DemoPlayer.class);

  /** How far fastForward and rewind move without a parameter: upstream's default skip interval, 15 s. */
  static final long DEFAULT_SKIP_MS = 15_000;

  /** The commands the demo player handles unless told otherwise. */
  static final List<AVControlCommandType> DEFAULT_COMMANDS = List.of(
      AVControlCommandType.PLAY,
      AVControlCommandType.PAUSE,
      AVControlCommandType.STOP,
      AVControlCommandType.PLAY_NEXT,
      AVControlCommandType.PLAY_PREVIOUS,
      AVControlCommandType.FAST_FORWARD,
      AVControlCommandType.REWIND,
      AVControlCommandType.SEEK,
      AVControlCommandType.SET_SPEED,
      AVControlCommandType.SET_LOOP_MODE,
      AVControlCommandType.TOGGLE_FAVORITE);

  /**
   * What the player plays and which commands it accepts.
   *
   * @param title the title of track 1 (later tracks are {@code "<title> #N"})
   * @param artist the artist of every track
   * @param durationMs the length of every track, > 0
   * @param commands the commands to register handlers for, in order
   */
  record Settings(String title, String artist, long durationMs, List<AVControlCommandType> commands) {
    /** Checks the values and copies the list. */
    Settings {
      Objects.requireNonNull(title, "title");
      Objects.requireNonNull(artist, "artist");
      if (durationMs <= 0) {
        throw new IllegalArgumentException("durationMs must be > 0, was " + durationMs);
      }
      commands = List.copyOf(commands);
    }
  }

  private final AVSession session;
  private final Settings settings;
  private final LongSupplier clock;
  private final Consumer<ObjectNode> commandLog;

  // Guarded by this.
  private PlaybackState state = PlaybackState.PAUSE;
  private long positionMs;
  private long positionTimeMs;
  private double speed = 1.0;
  private LoopMode loopMode = LoopMode.SEQUENCE;
  private boolean favorite;
  private int track = 1;
  private String assetId = "demo-1";
  private String title;

  /**
   * A player for {@code session}.
   *
   * @param clock wall-clock time in ms since the epoch (positions carry it as their update time)
   * @param commandLog told about every command received, after it took effect
   */
  DemoPlayer(AVSession session, Settings settings, LongSupplier clock, Consumer<ObjectNode> commandLog) {
    this.session = Objects.requireNonNull(session, "session");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.commandLog = Objects.requireNonNull(commandLog, "commandLog");
    this.title = settings.title();
  }

  /**
   * Registers the command handlers, publishes track 1's metadata and a paused state at position 0, then activates the
   * session if {@code activate} is set.
   *
   * @return completes when the session is ready (fails as the first failing session call)
   */
  CompletableFuture<Void> start(boolean activate) {
    for (AVControlCommandType type : settings.commands()) {
      session.addCommandHandler(type, this::onCommand);
    }
    AVMetadata metadata;
    AVPlaybackState playbackState;
    synchronized (this) {
      positionTimeMs = clock.getAsLong();
      metadata = metadata();
      playbackState = playbackState();
    }
    CompletableFuture<Void> ready =
        session.setAVMetadata(metadata).thenCompose(v -> session.setAVPlaybackState(playbackState));
    return activate ? ready.thenCompose(v -> session.activate()) : ready;
  }

  /** Handles one control command (the handler registered for every command in the settings). */
  void onCommand(AVControlCommand command) {
    AVMetadata newMetadata = null;
    AVPlaybackState playbackState;
    synchronized (this) {
      long now = clock.getAsLong();
      long position = positionAt(now);
      boolean newAsset = false;
      switch (command.command()) {
        case PLAY -> state = PlaybackState.PLAY;
        case PAUSE -> state = PlaybackState.PAUSE;
        case STOP -> {
          state = PlaybackState.STOP;
          position = 0;
        }
        case SEEK -> position = clamp(command.longParameter(position));
        case FAST_FORWARD -> position = clamp(position + command.longParameter(DEFAULT_SKIP_MS));
        case REWIND -> position = clamp(position - command.longParameter(DEFAULT_SKIP_MS));
        case SET_SPEED -> speed = command.doubleParameter(speed);
        case SET_LOOP_MODE, SET_TARGET_LOOP_MODE -> {
          LoopMode mode = command.loopModeParameter();
          if (mode != null && mode != LoopMode.UNDEFINED) {
            loopMode = mode;
          }
        }
        case TOGGLE_FAVORITE -> favorite = !favorite;
        case PLAY_NEXT, PLAY_PREVIOUS -> {
          track = command.command() == AVControlCommandType.PLAY_NEXT ? track + 1 : Math.max(1, track - 1);
          assetId = "demo-" + track;
          title = settings.title() + " #" + track;
          position = 0;
          newAsset = true;
        }
        case PLAY_FROM_ASSET_ID, PLAY_WITH_ASSET_ID -> {
          assetId = String.valueOf(command.parameter());
          title = settings.title() + " (" + assetId + ")";
          state = PlaybackState.PLAY;
          position = 0;
          newAsset = true;
        }
        default -> {
          // answer, hangUp, toggleCallMute: nothing to simulate for an audio player.
        }
      }
      positionMs = position;
      positionTimeMs = now;
      if (newAsset) {
        newMetadata = metadata();
      }
      playbackState = playbackState();
    }
    if (newMetadata != null) {
      publish(session.setAVMetadata(newMetadata), "metadata");
    }
    publish(session.setAVPlaybackState(playbackState), "playback state");
    commandLog.accept(commandJson(command));
  }

  /** The metadata of the current track. */
  synchronized AVMetadata metadata() {
    return AVMetadata.builder()
        .setAssetId(assetId)
        .setTitle(title)
        .setArtist(settings.artist())
        .setDurationMs(settings.durationMs())
        .build();
  }

  /** The full playback state, position as of the last change. */
  synchronized AVPlaybackState playbackState() {
    return AVPlaybackState.builder()
        .setState(state)
        .setSpeed(speed)
        .setPosition(new PlaybackPosition(positionMs, positionTimeMs))
        .setLoopMode(loopMode)
        .setFavorite(favorite)
        .setDurationMs(settings.durationMs() <= Integer.MAX_VALUE ? (int) settings.durationMs() : null)
        .build();
  }

  /** The position now, extrapolated from the last change. */
  synchronized long positionNow() {
    return positionAt(clock.getAsLong());
  }

  /** {@code {"command":"<upstream name>","parameter":…,"caller":"<app id>"}}. */
  static ObjectNode commandJson(AVControlCommand command) {
    ObjectNode node = Json.object().put("command", command.command().commandName());
    node.set("parameter", Json.parameter(command));
    node.put("caller", command.commandInfo().callerAppId());
    return node;
  }

  private long positionAt(long now) {
    return new PlaybackPosition(positionMs, positionTimeMs).extrapolate(now, state, speed, settings.durationMs());
  }

  private long clamp(long position) {
    return Math.max(0, Math.min(settings.durationMs(), position));
  }

  private static void publish(CompletableFuture<Void> call, String what) {
    call.whenComplete((v, error) -> {
      if (error != null) {
        log.warn("demo player could not publish its {}: {}", what, error.getMessage());
      }
    });
  }

  @Override
  public synchronized String toString() {
    return "DemoPlayer{" + assetId + ", " + state + " at " + positionMs + " ms}";
  }
}
