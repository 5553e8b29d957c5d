package io.baton.api;

import java.util.List;
import java.util.Objects;

/**
 * A media key event, as in OpenHarmony's multimodal input: an action and the key it concerns.
 *
 * @param action {@link #ACTION_CANCEL}, {@link #ACTION_DOWN} or {@link #ACTION_UP}
 * @param key the key this event is about
 * @param keys every key held down (may be empty)
 */
public record KeyEvent(int action, Key key, List<Key> keys) {
  public static final int ACTION_CANCEL = 0;
  public static final int ACTION_DOWN = 1;
  public static final int ACTION_UP = 2;

  public static final int KEYCODE_HEADSETHOOK = 6;
  public static final int KEYCODE_MEDIA_PLAY_PAUSE = 10;
  public static final int KEYCODE_MEDIA_STOP = 11;
  public static final int KEYCODE_MEDIA_NEXT = 12;
  public static final int KEYCODE_MEDIA_PREVIOUS = 13;
  public static final int KEYCODE_MEDIA_REWIND = 14;
  public static final int KEYCODE_MEDIA_FAST_FORWARD = 15;
  public static final int KEYCODE_MEDIA_PLAY = 2085;
  public static final int KEYCODE_MEDIA_PAUSE = 2086;

  /** Checks components and copies the key list. */
  public KeyEvent {
    Objects.requireNonNull(key, "key");
    keys = List.copyOf(keys);
  }

  /** A key-down event for {@code keyCode}, pressed now. */
  public static KeyEvent down(int keyCode) {
    Key key = new Key(keyCode, System.currentTimeMillis(), 0);
    return new KeyEvent(ACTION_DOWN, key, List.of(key));
  }

  /** Whether {@code keyCode} is one of the media keys Baton routes. */
  public static boolean isMediaKey(int keyCode) {
    switch (keyCode) {
      case KEYCODE_HEADSETHOOK:
      case KEYCODE_MEDIA_PLAY_PAUSE:
      case KEYCODE_MEDIA_STOP:
      case KEYCODE_MEDIA_NEXT:
      case KEYCODE_MEDIA_PREVIOUS:
      case KEYCODE_MEDIA_REWIND:
      case KEYCODE_MEDIA_FAST_FORWARD:
      case KEYCODE_MEDIA_PLAY:
      case KEYCODE_MEDIA_PAUSE:
        return true;
      default:
        return false;
    }
  }

  /**
   * One key.
   *
   * @param code the key code, for example {@link #KEYCODE_MEDIA_PLAY_PAUSE}
   * @param pressedTimeMs when it was pressed, ms since the epoch
   * @param deviceId the input device
   */
  public record Key(int code, long pressedTimeMs, int deviceId) {}
}
