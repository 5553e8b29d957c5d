package io.baton.api;

/** The connection state of a session's output device. Numeric values are OpenHarmony's. */
public enum ConnectionState {
  CONNECTING(0),
  CONNECTED(1),
  DISCONNECTED(6),
  AUTHENTICATING(10),
  MIRROR_TO_STREAM(11),
  STREAM_TO_MIRROR(12);

  private final int value;

  ConnectionState(int value) {
    this.value = value;
  }

  /** The upstream numeric value. */
  public int value() {
    return value;
  }

  /** The state with this value. @throws IllegalArgumentException for an unknown value */
  public static ConnectionState fromValue(int value) {
    for (ConnectionState s : values()) {
      if (s.value == value) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown connection state " + value);
  }
}
