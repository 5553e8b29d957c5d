package io.baton.api;

/** The kind of media a session plays. Numeric values are OpenHarmony's. */
public enum AVSessionType {
  AUDIO(0, "audio"),
  VIDEO(1, "video"),
  VOICE_CALL(2, "voice_call"),
  VIDEO_CALL(3, "video_call"),
  PHOTO(4, "photo");

  private final int value;
  private final String label;

  AVSessionType(int value, String label) {
    this.value = value;
    this.label = label;
  }

  /** The upstream numeric value. */
  public int value() {
    return value;
  }

  /** The upstream string form: {@code audio}, {@code video}, {@code voice_call}, {@code video_call}, {@code photo}. */
  public String label() {
    return label;
  }

  /** Whether this is a call type (call sessions win the top-session election). */
  public boolean isCall() {
    return this == VOICE_CALL || this == VIDEO_CALL;
  }

  /** The type with this numeric value. @throws IllegalArgumentException for an unknown value */
  public static AVSessionType fromValue(int value) {
    for (AVSessionType t : values()) {
      if (t.value == value) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown session type " + value);
  }

  /** The type with this label ({@code audio}, …). @throws IllegalArgumentException for an unknown label */
  public static AVSessionType fromLabel(String label) {
    for (AVSessionType t : values()) {
      if (t.label.equals(label)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown session type '" + label + "'");
  }
}
