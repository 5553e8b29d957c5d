package io.baton.api;

/** The state of a call session. Numeric values are OpenHarmony's. */
public enum CallState {
  IDLE(0),
  INCOMING(1),
  ACTIVE(2),
  DIALING(3),
  WAITING(4),
  HOLDING(5),
  DISCONNECTING(6);

  private final int value;

  CallState(int value) {
    this.value = value;
  }

  /** The upstream numeric value. */
  public int value() {
    return value;
  }

  /** The state with this value. @throws IllegalArgumentException for an unknown value */
  public static CallState fromValue(int value) {
    if (value < 0 || value >= values().length) {
      throw new IllegalArgumentException("unknown call state " + value);
    }
    return values()[value];
  }
}
