package io.baton.api;

/**
 * The commands an {@link AVCastController} sends to a cast renderer. Numeric values are OpenHarmony's
 * {@code AVCastControlCommandType}; {@link #commandName()} is the upstream camelCase name used in valid-command lists.
 */
public enum AVCastControlCommandType {
  PLAY(0, "play"),
  PAUSE(1, "pause"),
  STOP(2, "stop"),
  PLAY_NEXT(3, "playNext"),
  PLAY_PREVIOUS(4, "playPrevious"),
  FAST_FORWARD(5, "fastForward"),
  REWIND(6, "rewind"),
  SEEK(7, "seek"),
  SET_VOLUME(8, "setVolume"),
  SET_SPEED(9, "setSpeed"),
  SET_LOOP_MODE(10, "setLoopMode"),
  TOGGLE_FAVORITE(11, "toggleFavorite"),
  TOGGLE_MUTE(12, "toggleMute");

  private final int value;
  private final String commandName;

  AVCastControlCommandType(int value, String commandName) {
    this.value = value;
    this.commandName = commandName;
  }

  /** The upstream numeric value. */
  public int value() {
    return value;
  }

  /** The upstream camelCase name, for example {@code "setVolume"}. */
  public String commandName() {
    return commandName;
  }

  /** The command with this numeric value. @throws IllegalArgumentException for an unknown value */
  public static AVCastControlCommandType fromValue(int value) {
    for (AVCastControlCommandType t : values()) {
      if (t.value == value) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown cast control command " + value);
  }

  /** The command with this camelCase name. @throws IllegalArgumentException for an unknown name */
  public static AVCastControlCommandType fromCommandName(String name) {
    for (AVCastControlCommandType t : values()) {
      if (t.commandName.equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown cast control command '" + name + "'");
  }
}
