package io.baton.mpris;

import io.baton.api.AVControlCommandType;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVSessionType;
import io.baton.api.LoopMode;
import io.baton.api.Nullable;
import io.baton.api.PlaybackState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The MPRIS ↔ AVSession mapping tables, in both directions, as pure functions (the README's table is this class).
 * Nothing here does I/O; {@code MprisMappingTest} covers every row.
 */
/* package */ final class MprisMapping {
  /** PlaybackStatus values. */
  static final String PLAYING = "Playing";
  static final String PAUSED = "Paused";
  static final String STOPPED = "Stopped";

  /** LoopStatus values. */
  static final String LOOP_NONE = "None";
  static final String LOOP_TRACK = "Track";
  static final String LOOP_PLAYLIST = "Playlist";

  /**
   * A position change larger than this that the playback state does not explain is a jump: exported sessions emit
   * {@code Seeked} for it. Smaller differences are the app's clock and rounding, not seeks.
   */
  static final long SEEK_TOLERANCE_MS = 500;

  /** The rate range an exported session offers when it accepts setSpeed without declaring its speeds. */
  static final double DEFAULT_MINIMUM_RATE = 0.25;
  static final double DEFAULT_MAXIMUM_RATE = 4.0;

  /** Volume scale of imported players ({@code maxVolume}), and of sessions that set a volume without a maximum. */
  static final int VOLUME_SCALE = 100;

  private static final Set<String> VIDEO_EXTENSIONS = Set.of(
      "mp4", "m4v", "mkv", "webm", "avi", "mov", "ogv", "wmv", "flv", "mpg", "mpeg", "ts", "m2ts", "3gp");
  private static final Set<String> AUDIO_EXTENSIONS = Set.of(
      "mp3", "wav", "flac", "ogg", "oga", "opus", "m4a", "aac", "wma", "aiff", "aif", "ape", "mka", "alac");
  /** Players whose media is usually video (and browsers, whose MPRIS sessions are mostly web video). */
  private static final List<String> VIDEO_PLAYERS = List.of(
      "mpv", "vlc", "totem", "celluloid", "smplayer", "mplayer", "kodi", "haruna", "dragon", "parole", "showtime",
      "firefox", "chromium", "chrome", "brave", "vivaldi", "opera", "edge", "epiphany", "plex", "jellyfin");

  private MprisMapping() {}

  // ---------------------------------------------------------------- Playback status

  /**
   * Export: PLAY, FAST_FORWARD and REWIND are Playing; PAUSE, PREPARE and BUFFERING are Paused; INITIAL, STOP,
   * COMPLETED, RELEASED, ERROR and IDLE (and no state) are Stopped.
   */
  static String playbackStatus(@Nullable PlaybackState state) {
    if (state == null) {
      return STOPPED;
    }
    return switch (state) {
      case PLAY, FAST_FORWARD, REWIND -> PLAYING;
      case PAUSE, PREPARE, BUFFERING -> PAUSED;
      case INITIAL, STOP, COMPLETED, RELEASED, ERROR, IDLE -> STOPPED;
    };
  }

  /** Import: Playing is PLAY, Paused PAUSE, anything else STOP. */
  static PlaybackState playbackState(@Nullable String status) {
    if (PLAYING.equals(status)) {
      return PlaybackState.PLAY;
    }
    return PAUSED.equals(status) ? PlaybackState.PAUSE : PlaybackState.STOP;
  }

  // ---------------------------------------------------------------- Loop and shuffle

  /** Export: SINGLE is Track, LIST Playlist, every other mode (and none) None. */
  static String loopStatus(@Nullable LoopMode mode) {
    if (mode == LoopMode.SINGLE) {
      return LOOP_TRACK;
    }
    return mode == LoopMode.LIST ? LOOP_PLAYLIST : LOOP_NONE;
  }

  /** Export: Shuffle is true exactly in SHUFFLE. */
  static boolean shuffle(@Nullable LoopMode mode) {
    return mode == LoopMode.SHUFFLE;
  }

  /** Import: Shuffle on is SHUFFLE; otherwise Track is SINGLE, Playlist LIST, None (or absent) SEQUENCE. */
  static LoopMode loopMode(@Nullable String loopStatus, boolean shuffle) {
    if (shuffle) {
      return LoopMode.SHUFFLE;
    }
    if (LOOP_TRACK.equals(loopStatus)) {
      return LoopMode.SINGLE;
    }
    return LOOP_PLAYLIST.equals(loopStatus) ? LoopMode.LIST : LoopMode.SEQUENCE;
  }

  /** Export, setting LoopStatus: None is SEQUENCE, Track SINGLE, Playlist LIST; any other value is empty (invalid). */
  static Optional<LoopMode> loopModeForLoopStatus(String loopStatus) {
    return switch (loopStatus) {
      case LOOP_NONE -> Optional.of(LoopMode.SEQUENCE);
      case LOOP_TRACK -> Optional.of(LoopMode.SINGLE);
      case LOOP_PLAYLIST -> Optional.of(LoopMode.LIST);
      default -> Optional.empty();
    };
  }

  /**
   * Export, setting Shuffle: on is SHUFFLE; off is SEQUENCE when the session shuffles, and nothing to do otherwise.
   */
  static Optional<LoopMode> loopModeForShuffle(boolean shuffle, @Nullable LoopMode current) {
    if (shuffle) {
      return current == LoopMode.SHUFFLE ? Optional.empty() : Optional.of(LoopMode.SHUFFLE);
    }
    return current == LoopMode.SHUFFLE ? Optional.of(LoopMode.SEQUENCE) : Optional.empty();
  }

  /**
   * Import, a setLoopMode command: the LoopStatus to set (null: leave it) and the Shuffle to set (null: leave it).
   * SHUFFLE turns Shuffle on; SEQUENCE, SINGLE and LIST set None, Track, Playlist and turn Shuffle off.
   *
   * @return empty for a mode MPRIS cannot express (CUSTOM, UNDEFINED)
   */
  static Optional<LoopTarget> loopTarget(LoopMode mode) {
    return switch (mode) {
      case SHUFFLE -> Optional.of(new LoopTarget(null, true));
      case SEQUENCE -> Optional.of(new LoopTarget(LOOP_NONE, false));
      case SINGLE -> Optional.of(new LoopTarget(LOOP_TRACK, false));
      case LIST -> Optional.of(new LoopTarget(LOOP_PLAYLIST, false));
      case CUSTOM, UNDEFINED -> Optional.empty();
    };
  }

  /** The LoopStatus and Shuffle values that express a loop mode; null: leave that property as it is. */
  record LoopTarget(@Nullable String loopStatus, @Nullable Boolean shuffle) {}

  // ---------------------------------------------------------------- Rate and volume

  /**
   * Export: MinimumRate and MaximumRate. The declared speeds' range; without declared speeds, 0.25 to 4 when the
   * session accepts setSpeed and 1 to 1 when it does not. Widened to include the current rate, as MPRIS requires.
   */
  static double[] rateRange(List<Double> supportedSpeeds, boolean acceptsSetSpeed, double rate) {
    double min;
    double max;
    if (!supportedSpeeds.isEmpty()) {
      min = supportedSpeeds.stream().mapToDouble(Double::doubleValue).min().orElse(1.0);
      max = supportedSpeeds.stream().mapToDouble(Double::doubleValue).max().orElse(1.0);
    } else if (acceptsSetSpeed) {
      min = DEFAULT_MINIMUM_RATE;
      max = DEFAULT_MAXIMUM_RATE;
    } else {
      min = 1.0;
      max = 1.0;
    }
    return new double[] {Math.min(min, rate), Math.max(max, rate)};
  }

  /**
   * Export: Volume is volume ÷ maxVolume; without a maximum, volume ÷ 100; 1.0 when the session reports neither
   * (upstream's defaults are volume 0 and maxVolume 0, which mean "not set", not "muted").
   */
  static double volume(AVPlaybackState state) {
    int volume = state.volume() == null ? 0 : state.volume();
    int max = state.maxVolume() == null ? 0 : state.maxVolume();
    if (max > 0) {
      return volume / (double) max;
    }
    return volume > 0 ? volume / (double) VOLUME_SCALE : 1.0;
  }

  /** Export, setting Volume: the session's volume for MPRIS volume {@code volume} (below 0 counts as 0). */
  static int sessionVolume(double volume, AVPlaybackState state) {
    double clamped = Double.isNaN(volume) || volume < 0 ? 0 : volume;
    int scale = state.maxVolume() != null && state.maxVolume() > 0 ? state.maxVolume() : VOLUME_SCALE;
    return (int) Math.min(Integer.MAX_VALUE, Math.round(clamped * scale));
  }

  // ---------------------------------------------------------------- Export: every property

  /** Export: the Player properties of a session. */
  static PlayerProperties playerProperties(SessionState s) {
    AVPlaybackState state = s.playbackState();
    double rate = state.speed() == null ? 1.0 : state.speed();
    double[] range = rateRange(s.supportedSpeeds(), s.accepts(AVControlCommandType.SET_SPEED.commandName()), rate);
    long stateDuration = state.durationMs() == null ? 0 : state.durationMs();
    boolean active = s.active();
    return new PlayerProperties(
        playbackStatus(state.state()),
        loopStatus(state.loopMode()),
        rate,
        shuffle(state.loopMode()),
        MprisMetadata.fromAVMetadata(s.metadata(), stateDuration),
        volume(state),
        range[0],
        range[1],
        active && s.accepts(AVControlCommandType.PLAY_NEXT.commandName()),
        active && s.accepts(AVControlCommandType.PLAY_PREVIOUS.commandName()),
        active && s.accepts(AVControlCommandType.PLAY.commandName()),
        active && s.accepts(AVControlCommandType.PAUSE.commandName()),
        active && s.accepts(AVControlCommandType.SEEK.commandName()),
        /* canControl= */ true);
  }

  /**
   * Export: whether going from {@code before} to {@code after} is a jump that needs {@code Seeked}: the new position
   * differs by more than {@link #SEEK_TOLERANCE_MS} from where {@code before} extrapolates to now, and, right after a
   * track change, also from the start of the track.
   */
  static boolean isJump(SessionState before, SessionState after, long nowEpochMs, boolean trackChanged) {
    if (after.playbackState().position() == null) {
      return false;
    }
    long actual = after.positionMs(nowEpochMs);
    if (trackChanged && actual <= SEEK_TOLERANCE_MS) {
      return false;
    }
    long expected = before.positionMs(nowEpochMs);
    return Math.abs(actual - expected) > SEEK_TOLERANCE_MS;
  }

  /** Export, Seek(offset): the position to seek to, never below 0. */
  static long seekTargetMs(long positionMs, long offsetUs) {
    long target = positionMs + offsetUs / 1000;
    return Math.max(0, target);
  }

  // ---------------------------------------------------------------- Import: valid commands and type

  /**
   * Import: the valid commands of a player, in a fixed order. Without CanControl, none. Otherwise: play (CanPlay),
   * pause (CanPause), stop (CanControl), playNext (CanGoNext), playPrevious (CanGoPrevious), seek, fastForward and
   * rewind (CanSeek), setSpeed (MaximumRate above MinimumRate), setLoopMode (LoopStatus or Shuffle present),
   * playWithAssetId (the root interface lists SupportedUriSchemes).
   *
   * @param player the Player interface's properties (values unwrapped from their variants)
   * @param root the root interface's properties
   */
  static List<AVControlCommandType> validCommands(Map<String, ?> player, Map<String, ?> root) {
    List<AVControlCommandType> commands = new ArrayList<>();
    if (!flag(player, "CanControl")) {
      return commands;
    }
    if (flag(player, "CanPlay")) {
      commands.add(AVControlCommandType.PLAY);
    }
    if (flag(player, "CanPause")) {
      commands.add(AVControlCommandType.PAUSE);
    }
    commands.add(AVControlCommandType.STOP);
    if (flag(player, "CanGoNext")) {
      commands.add(AVControlCommandType.PLAY_NEXT);
    }
    if (flag(player, "CanGoPrevious")) {
      commands.add(AVControlCommandType.PLAY_PREVIOUS);
    }
    if (flag(player, "CanSeek")) {
      commands.add(AVControlCommandType.SEEK);
      commands.add(AVControlCommandType.FAST_FORWARD);
      commands.add(AVControlCommandType.REWIND);
    }
    Object min = player.get("MinimumRate");
    Object max = player.get("MaximumRate");
    if (min instanceof Number lo && max instanceof Number hi && hi.doubleValue() > lo.doubleValue()) {
      commands.add(AVControlCommandType.SET_SPEED);
    }
    if (player.get("LoopStatus") instanceof String || player.get("Shuffle") instanceof Boolean) {
      commands.add(AVControlCommandType.SET_LOOP_MODE);
    }
    if (root.get("SupportedUriSchemes") instanceof Collection<?> schemes && !schemes.isEmpty()
        || root.get("SupportedUriSchemes") instanceof Object[] array && array.length > 0) {
      commands.add(AVControlCommandType.PLAY_WITH_ASSET_ID);
    }
    return commands;
  }

  /**
   * Import: the loop modes a player supports: SEQUENCE, SINGLE and LIST when it has LoopStatus, SHUFFLE when it has
   * Shuffle (SEQUENCE also when it has only Shuffle, for turning it off).
   */
  static List<LoopMode> supportedLoopModes(Map<String, ?> player) {
    List<LoopMode> modes = new ArrayList<>();
    boolean loop = player.get("LoopStatus") instanceof String;
    boolean shuffle = player.get("Shuffle") instanceof Boolean;
    if (loop || shuffle) {
      modes.add(LoopMode.SEQUENCE);
    }
    if (loop) {
      modes.add(LoopMode.SINGLE);
      modes.add(LoopMode.LIST);
    }
    if (shuffle) {
      modes.add(LoopMode.SHUFFLE);
    }
    return modes;
  }

  /**
   * Import: the session type of a player, fixed when its session is created. The current track's file extension
   * decides (a video or an audio extension); without one, players known for video (mpv, VLC, browsers, …, by bus
   * name or Identity) are VIDEO and the rest AUDIO.
   */
  static AVSessionType sessionType(String busName, @Nullable String identity, @Nullable String url) {
    String extension = extension(url);
    if (VIDEO_EXTENSIONS.contains(extension)) {
      return AVSessionType.VIDEO;
    }
    if (AUDIO_EXTENSIONS.contains(extension)) {
      return AVSessionType.AUDIO;
    }
    String player = MprisNames.playerName(busName).toLowerCase(Locale.ROOT);
    String name = identity == null ? "" : identity.toLowerCase(Locale.ROOT);
    for (String video : VIDEO_PLAYERS) {
      if (player.startsWith(video) || name.contains(video)) {
        return AVSessionType.VIDEO;
      }
    }
    return AVSessionType.AUDIO;
  }

  /** The lower-case extension of the last path segment of a URL or path, or "" (query and fragment ignored). */
  static String extension(@Nullable String url) {
    if (url == null) {
      return "";
    }
    String path = url;
    int cut = path.indexOf('?');
    if (cut >= 0) {
      path = path.substring(0, cut);
    }
    cut = path.indexOf('#');
    if (cut >= 0) {
      path = path.substring(0, cut);
    }
    String last = path.substring(path.lastIndexOf('/') + 1);
    int dot = last.lastIndexOf('.');
    return dot < 0 ? "" : last.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /** A boolean property; absent or of another type counts as false. */
  static boolean flag(Map<String, ?> properties, String name) {
    return properties.get(name) instanceof Boolean b && b;
  }
}
