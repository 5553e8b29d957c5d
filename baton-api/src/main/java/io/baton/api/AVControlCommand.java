package io.baton.api;

import java.util.Objects;

/**
 * A control command a controller sends to a session: a type, an optional typed parameter and the sender's
 * {@link CommandInfo}. Create commands with the static factories ({@link #play()}, {@link #seek(long)} …).
 *
 * <p>Parameter per command: fastForward / rewind / seek: a {@code Long} of milliseconds (fastForward and rewind
 * default to the session's skip interval when absent); setSpeed: a {@code Double}; setLoopMode / setTargetLoopMode:
 * a {@link LoopMode}; toggleFavorite / playWithAssetId: a non-empty {@code String}; playFromAssetId: a {@code Long};
 * play: optionally a {@code String} session id (to promote that session to top). Other commands take none.
 *
 * @param command what to do
 * @param parameter the typed parameter, or {@code null}
 * @param commandInfo who sent it; filled in by the daemon
 */
public record AVControlCommand(AVControlCommandType command, @Nullable Object parameter, CommandInfo commandInfo) {

  /** Checks the components. */
  public AVControlCommand {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(commandInfo, "commandInfo");
    if (parameter != null
        && !(parameter instanceof Long || parameter instanceof Double || parameter instanceof String
            || parameter instanceof LoopMode)) {
      throw new IllegalArgumentException("parameter must be a Long, Double, String or LoopMode: " + parameter);
    }
  }

  /** A command without parameter. */
  public static AVControlCommand of(AVControlCommandType command) {
    return new AVControlCommand(command, null, CommandInfo.EMPTY);
  }

  /** A command with a parameter (see the class documentation for the types). */
  public static AVControlCommand of(AVControlCommandType command, @Nullable Object parameter) {
    return new AVControlCommand(command, parameter, CommandInfo.EMPTY);
  }

  /** Start or resume playback. */
  public static AVControlCommand play() {
    return of(AVControlCommandType.PLAY);
  }

  /** Pause playback. */
  public static AVControlCommand pause() {
    return of(AVControlCommandType.PAUSE);
  }

  /** Stop playback. */
  public static AVControlCommand stop() {
    return of(AVControlCommandType.STOP);
  }

  /** Play the next item. */
  public static AVControlCommand playNext() {
    return of(AVControlCommandType.PLAY_NEXT);
  }

  /** Play the previous item. */
  public static AVControlCommand playPrevious() {
    return of(AVControlCommandType.PLAY_PREVIOUS);
  }

  /** Fast-forward by {@code timeMs} milliseconds (> 0). */
  public static AVControlCommand fastForward(long timeMs) {
    return of(AVControlCommandType.FAST_FORWARD, timeMs);
  }

  /** Rewind by {@code timeMs} milliseconds (>= 0). */
  public static AVControlCommand rewind(long timeMs) {
    return of(AVControlCommandType.REWIND, timeMs);
  }

  /** Seek to {@code positionMs} milliseconds (>= 0). */
  public static AVControlCommand seek(long positionMs) {
    return of(AVControlCommandType.SEEK, positionMs);
  }

  /** Play at {@code speed} (finite, > 0, and one of the session's supported speeds if it declared any). */
  public static AVControlCommand setSpeed(double speed) {
    return of(AVControlCommandType.SET_SPEED, speed);
  }

  /** Set the loop mode (one of the session's supported loop modes if it declared any). */
  public static AVControlCommand setLoopMode(LoopMode mode) {
    return of(AVControlCommandType.SET_LOOP_MODE, mode);
  }

  /** Toggle whether the asset {@code assetId} (non-empty) is a favourite. */
  public static AVControlCommand toggleFavorite(String assetId) {
    return of(AVControlCommandType.TOGGLE_FAVORITE, assetId);
  }

  /** Play the asset with this numeric id. */
  public static AVControlCommand playFromAssetId(long assetId) {
    return of(AVControlCommandType.PLAY_FROM_ASSET_ID, assetId);
  }

  /** Play the asset with this id (non-empty). */
  public static AVControlCommand playWithAssetId(String assetId) {
    return of(AVControlCommandType.PLAY_WITH_ASSET_ID, assetId);
  }

  /** This command with {@code commandInfo} (used by the daemon). */
  public AVControlCommand withCommandInfo(CommandInfo commandInfo) {
    return new AVControlCommand(command, parameter, commandInfo);
  }

  /** The parameter as milliseconds or numeric asset id, or {@code defaultValue} when it is not a {@code Long}. */
  public long longParameter(long defaultValue) {
    return parameter instanceof Long ? (Long) parameter : defaultValue;
  }

  /** The parameter as a speed, or {@code defaultValue} when it is not a {@code Double}. */
  public double doubleParameter(double defaultValue) {
    return parameter instanceof Double ? (Double) parameter : defaultValue;
  }

  /** The parameter as a string, or {@code null} when it is not a {@code String}. */
  public @Nullable String stringParameter() {
    return parameter instanceof String ? (String) parameter : null;
  }

  /** The parameter as a loop mode, or {@code null} when it is not a {@link LoopMode}. */
  public @Nullable LoopMode loopModeParameter() {
    return parameter instanceof LoopMode ? (LoopMode) parameter : null;
  }
}
