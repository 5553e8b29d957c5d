package io.baton.api;

/**
 * The control commands a controller can send to a session. Numeric values are OpenHarmony's; {@link #commandName()}
 * is the upstream camelCase name used in valid-command lists ({@code "play"}, {@code "playNext"}, …).
 */
public enum AVControlCommandType {
  PLAY(0, "play"),
  PAUSE(1, "pause"),
  STOP(2, "stop"),
  PLAY_NEXT(3, "playNext"),
  PLAY_PREVIOUS(4, "playPrevious"),
  FAST_FORWARD(5, "fastForward"),
  REWIND(6, "rewind"),
  SEEK(7, "seek"),
  SET_SPEED(8, "setSpeed"),
  SET_LOOP_MODE(9, "setLoopMode"),
  TOGGLE_FAVORITE(10, "toggleFavorite"),
  PLAY_FROM_ASSET_ID(11, "playFromAssetId"),
  ANSWER(12, "answer"),
  HANG_UP(13, "hangUp"),
  TOGGLE_CALL_MUTE(14, "toggleCallMute"),
  SET_TARGET_LOOP_MODE(16, "setTargetLoopMode"),
  PLAY_WITH_ASSET_ID(17, "playWithAssetId");

  private final int value;
  private final String commandName;

  AVControlCommandType(int value, String commandName) {
    this.value = value;
    this.commandName = commandName;
  }

  /** The upstream numeric value. */
  public int value() {
    return value;
  }

  /** The upstream camelCase name, for example {@code "playNext"}. */
  public String commandName() {
    return commandName;
  }

  /** The command with this numeric value. @throws IllegalArgumentException for an unknown value */
  public static AVControlCommandType fromValue(int value) {
    for (AVControlCommandType t : values()) {
      if (t.value == value) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown control command " + value);
  }

  /** The command with this camelCase name. @throws IllegalArgumentException for an unknown name */
  public static AVControlCommandType fromCommandName(String name) {
    for (AVControlCommandType t : values()) {
      if (t.commandName.equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown control command '" + name + "'");
  }
}
