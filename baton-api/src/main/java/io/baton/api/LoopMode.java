package io.baton.api;

/** How a session repeats its queue. Numeric values are OpenHarmony's. */
public enum LoopMode {
  /** Only meaningful as a {@code setLoopMode} parameter ("no preference"). */
  UNDEFINED(-1),
  SEQUENCE(0),
  SINGLE(1),
  LIST(2),
  SHUFFLE(3),
  CUSTOM(4);

  private final int value;

  LoopMode(int value) {
    this.value = value;
  }

  /** The upstream numeric value. */
  public int value() {
    return value;
  }

  /** The mode with this value. @throws IllegalArgumentException for an unknown value */
  public static LoopMode fromValue(int value) {
    for (LoopMode m : values()) {
      if (m.value == value) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown loop mode " + value);
  }
}
