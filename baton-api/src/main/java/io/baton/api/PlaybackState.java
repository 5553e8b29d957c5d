package io.baton.api;

/** The playback state of a session. Numeric values are OpenHarmony's. */
public enum PlaybackState {
  INITIAL(0),
  PREPARE(1),
  PLAY(2),
  PAUSE(3),
  FAST_FORWARD(4),
  REWIND(5),
  STOP(6),
  COMPLETED(7),
  RELEASED(8),
  ERROR(9),
  IDLE(10),
  BUFFERING(11);

  private final int value;

  PlaybackState(int value) {
    this.value = value;
  }

  /** The upstream numeric value. */
  public int value() {
    return value;
  }

  /** The state with this value. @throws IllegalArgumentException for an unknown value */
  public static PlaybackState fromValue(int value) {
    if (value < 0 || value >= values().length) {
      throw new IllegalArgumentException("unknown playback state " + value);
    }
    return values()[value];
  }
}
