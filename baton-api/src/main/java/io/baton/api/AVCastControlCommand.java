package io.baton.api;

import java.util.Objects;

/**
 * A command for a cast renderer, sent with {@link AVCastController#sendControlCommand}. Create commands with the
 * static factories.
 *
 * <p>Parameter per command: fastForward / rewind / seek: a {@code Long} of milliseconds (fastForward and rewind
 * default to 15 s when absent); setVolume: an {@code Integer} from 0 to 100; setSpeed: a {@code Double}; setLoopMode:
 * a {@link LoopMode}. Other commands take none.
 *
 * @param command what to do
 * @param parameter the typed parameter, or {@code null}
 */
public record AVCastControlCommand(AVCastControlCommandType command, @Nullable Object parameter) {

  /** Checks the components. */
  public AVCastControlCommand {
    Objects.requireNonNull(command, "command");
    if (parameter != null
        && !(parameter instanceof Long || parameter instanceof Integer || parameter instanceof Double
            || parameter instanceof LoopMode)) {
      throw new IllegalArgumentException("parameter must be a Long, Integer, Double or LoopMode: " + parameter);
    }
  }

  /** A command without parameter. */
  public static AVCastControlCommand of(AVCastControlCommandType command) {
    return new AVCastControlCommand(command, null);
  }

  /** Start or resume playback. */
  public static AVCastControlCommand play() {
    return of(AVCastControlCommandType.PLAY);
  }

  /** Pause playback. */
  public static AVCastControlCommand pause() {
    return of(AVCastControlCommandType.PAUSE);
  }

  /** Stop playback. */
  public static AVCastControlCommand stop() {
    return of(AVCastControlCommandType.STOP);
  }

  /** Play the next item. */
  public static AVCastControlCommand playNext() {
    return of(AVCastControlCommandType.PLAY_NEXT);
  }

  /** Play the previous item. */
  public static AVCastControlCommand playPrevious() {
    return of(AVCastControlCommandType.PLAY_PREVIOUS);
  }

  /** Jump forward by {@code timeMs} milliseconds (> 0). */
  public static AVCastControlCommand fastForward(long timeMs) {
    return new AVCastControlCommand(AVCastControlCommandType.FAST_FORWARD, timeMs);
  }

  /** Jump back by {@code timeMs} milliseconds (>= 0). */
  public static AVCastControlCommand rewind(long timeMs) {
    return new AVCastControlCommand(AVCastControlCommandType.REWIND, timeMs);
  }

  /** Seek to {@code positionMs} milliseconds (from 0 to the item's duration). */
  public static AVCastControlCommand seek(long positionMs) {
    return new AVCastControlCommand(AVCastControlCommandType.SEEK, positionMs);
  }

  /** Set the renderer's volume, 0 to 100. */
  public static AVCastControlCommand setVolume(int volume) {
    return new AVCastControlCommand(AVCastControlCommandType.SET_VOLUME, volume);
  }

  /** Play at {@code speed}, one of the renderer's supported speeds. */
  public static AVCastControlCommand setSpeed(double speed) {
    return new AVCastControlCommand(AVCastControlCommandType.SET_SPEED, speed);
  }

  /** Set the loop mode (the renderer's play mode). */
  public static AVCastControlCommand setLoopMode(LoopMode mode) {
    return new AVCastControlCommand(AVCastControlCommandType.SET_LOOP_MODE, Objects.requireNonNull(mode, "mode"));
  }

  /** Mute or unmute the renderer. */
  public static AVCastControlCommand toggleMute() {
    return of(AVCastControlCommandType.TOGGLE_MUTE);
  }

  /** The parameter as milliseconds, or {@code defaultValue} when it is not a {@code Long}. */
  public long longParameter(long defaultValue) {
    return parameter instanceof Long ? (Long) parameter : defaultValue;
  }
}
