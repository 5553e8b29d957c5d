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
  /** The key press was cancelled. */
  public static final int ACTION_CANCEL = 0;
  /** The key went down (the only action Baton routes; up and cancel are accepted and ignored). */
  public static final int ACTION_DOWN = 1;
  /** The key went up. */
  public static final int ACTION_UP = 2;

  // OpenHarmony key codes of the media keys.
  /** Headset button: counted like play/pause (1 press toggles, 2 play next, 3 play previous). */
  public static final int KEYCODE_HEADSETHOOK = 6;
  /** Play/pause toggle. */
  public static final int KEYCODE_MEDIA_PLAY_PAUSE = 10;
  /** Stop (a session without a key handler pauses, as upstream). */
  public static final int KEYCODE_MEDIA_STOP = 11;
  /** Next item. */
  public static final int KEYCODE_MEDIA_NEXT = 12;
  /** Previous item. */
  public static final int KEYCODE_MEDIA_PREVIOUS = 13;
  /** Rewind by the session's skip interval. */
  public static final int KEYCODE_MEDIA_REWIND = 14;
  /** Fast-forward by the session's skip interval. */
  public static final int KEYCODE_MEDIA_FAST_FORWARD = 15;
  /** Play. */
  public static final int KEYCODE_MEDIA_PLAY = 2085;
  /** Pause. */
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
