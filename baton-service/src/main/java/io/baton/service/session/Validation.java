package io.baton.service.session;

import io.baton.api.AVControlCommand;
import io.baton.api.AVControlCommandType;
import io.baton.api.AVMediaDescription;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVQueueItem;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.CallMetadata;
import io.baton.api.KeyEvent;
import io.baton.api.LoopMode;
import io.baton.api.PlaybackPosition;
import io.baton.protocol.ProtocolConstants;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every rule for values that apps and controllers send, in one place. The daemon is authoritative: the SDK does not
 * pre-check. A violated rule throws {@link AVSessionException} with code 401 and a detail naming the field, before
 * any state is touched.
 */
public final class Validation {
  private static final int MAX_STRING_BYTES = ProtocolConstants.MAX_STRING_BYTES;
  private static final int MAX_QUEUE_ITEMS = ProtocolConstants.MAX_QUEUE_ITEMS;
  /** Arrays of speeds and loop modes may hold at most this many entries. */
  public static final int MAX_ARRAY_ENTRIES = 100;
  /** Encoded images may be at most this large. */
  public static final int MAX_IMAGE_BYTES = 1024 * 1024;
  /** At most this many DRM schemes. */
  public static final int MAX_DRM_SCHEMES = 10;
  /** fastForward / rewind without a time parameter skip this far. */
  public static final long DEFAULT_SKIP_MS = 15_000;

  private static final Set<Integer> SKIP_INTERVALS = Set.of(10, 15, 30);
  private static final Set<Integer> SKIP_INTERVALS_OR_ZERO = Set.of(0, 10, 15, 30);

  private Validation() {}

  /** A 401 exception whose detail is {@code field + ": " + reason}. */
  public static AVSessionException invalid(String field, String reason) {
    return new AVSessionException(AVSessionErrorCode.INVALID_PARAMETER, field + ": " + reason);
  }

  /** Checks a session tag: non-empty, shorter than 40,960 bytes. */
  public static void checkTag(String tag) {
    if (tag == null || tag.isEmpty()) {
      throw invalid("tag", "must not be empty");
    }
    checkString("tag", tag);
  }

  /** Checks that a string (may be null) is shorter than {@link #MAX_STRING_BYTES} UTF-8 bytes. */
  public static void checkString(String field, String value) {
    // A UTF-16 char is at most 3 UTF-8 bytes: skip the encoding for the common, short case.
    if (value != null && value.length() * 3L >= MAX_STRING_BYTES
        && value.getBytes(StandardCharsets.UTF_8).length >= MAX_STRING_BYTES) {
      throw invalid(field, "must be shorter than " + MAX_STRING_BYTES + " UTF-8 bytes");
    }
  }

  /** Checks metadata: a non-empty asset id and every field within its rules. */
  public static void checkMetadata(AVMetadata m) {
    if (m.assetId() == null || m.assetId().isEmpty()) {
      throw invalid("metadata.assetId", "must not be empty");
    }
    checkString("metadata.assetId", m.assetId());
    checkString("metadata.title", m.title());
    checkString("metadata.artist", m.artist());
    checkString("metadata.author", m.author());
    checkString("metadata.avQueueName", m.avQueueName());
    checkString("metadata.avQueueId", m.avQueueId());
    checkString("metadata.avQueueImageUri", m.avQueueImageUri());
    checkString("metadata.album", m.album());
    checkString("metadata.writer", m.writer());
    checkString("metadata.composer", m.composer());
    checkString("metadata.mediaImageUri", m.mediaImageUri());
    checkString("metadata.subtitle", m.subtitle());
    checkString("metadata.description", m.description());
    checkString("metadata.lyric", m.lyric());
    checkString("metadata.previousAssetId", m.previousAssetId());
    checkString("metadata.nextAssetId", m.nextAssetId());
    checkString("metadata.singleLyricText", m.singleLyricText());
    if (m.durationMs() != null && m.durationMs() < -1) {
      throw invalid("metadata.duration", "must be >= -1 (-1 means live), was " + m.durationMs());
    }
    if (m.publishDateMs() != null && m.publishDateMs() < 0) {
      throw invalid("metadata.publishDate", "must be >= 0, was " + m.publishDateMs());
    }
    if (m.skipIntervals() != null && !SKIP_INTERVALS.contains(m.skipIntervals())) {
      throw invalid("metadata.skipIntervals", "must be 10, 15 or 30, was " + m.skipIntervals());
    }
    if (m.fastForwardSkipIntervals() != null && !SKIP_INTERVALS_OR_ZERO.contains(m.fastForwardSkipIntervals())) {
      throw invalid("metadata.fastForwardSkipIntervals", "must be 0, 10, 15 or 30, was "
          + m.fastForwardSkipIntervals());
    }
    if (m.rewindSkipIntervals() != null && !SKIP_INTERVALS_OR_ZERO.contains(m.rewindSkipIntervals())) {
      throw invalid("metadata.rewindSkipIntervals", "must be 0, 10, 15 or 30, was " + m.rewindSkipIntervals());
    }
    if (m.filter() != null && m.filter() < 0) {
      throw invalid("metadata.filter", "must be >= 0, was " + m.filter());
    }
    if (m.displayTags() != null && (m.displayTags() < 0 || m.displayTags() > 1)) {
      throw invalid("metadata.displayTags", "must be 0 or 1, was " + m.displayTags());
    }
    if (m.drmSchemes() != null) {
      if (m.drmSchemes().size() > MAX_DRM_SCHEMES) {
        throw invalid("metadata.drmSchemes", "at most " + MAX_DRM_SCHEMES + " entries, was "
            + m.drmSchemes().size());
      }
      for (String scheme : m.drmSchemes()) {
        checkString("metadata.drmSchemes", scheme);
      }
    }
    checkImage("metadata.mediaImage", m.mediaImage());
    checkImage("metadata.avQueueImage", m.avQueueImage());
  }

  private static void checkImage(String field, byte[] image) {
    if (image != null && image.length > MAX_IMAGE_BYTES) {
      throw invalid(field, "at most " + MAX_IMAGE_BYTES + " bytes, was " + image.length);
    }
  }

  /** Checks a playback state update. */
  public static void checkPlaybackState(AVPlaybackState s) {
    if (s.speed() != null && !(Double.isFinite(s.speed()) && s.speed() > 0)) {
      throw invalid("playbackState.speed", "must be finite and > 0, was " + s.speed());
    }
    PlaybackPosition p = s.position();
    if (p != null && p.elapsedTimeMs() < 0) {
      throw invalid("playbackState.position.elapsedTime", "must be >= 0, was " + p.elapsedTimeMs());
    }
    if (p != null && p.updateTimeMs() < 0) {
      throw invalid("playbackState.position.updateTime", "must be >= 0, was " + p.updateTimeMs());
    }
    nonNegative("playbackState.bufferedTime", s.bufferedTimeMs());
    nonNegative("playbackState.volume", s.volume());
    nonNegative("playbackState.maxVolume", s.maxVolume());
    nonNegative("playbackState.duration", s.durationMs());
    nonNegative("playbackState.videoWidth", s.videoWidth());
    nonNegative("playbackState.videoHeight", s.videoHeight());
    if (s.loopMode() == LoopMode.UNDEFINED) {
      throw invalid("playbackState.loopMode", "UNDEFINED is only a command parameter");
    }
    if (s.extras() != null) {
      checkExtras("playbackState.extras", s.extras());
    }
  }

  private static void nonNegative(String field, Number value) {
    if (value != null && value.longValue() < 0) {
      throw invalid(field, "must be >= 0, was " + value);
    }
  }

  /** Checks a queue: fewer than 1000 items, each with a non-empty asset id. */
  public static void checkQueue(List<AVQueueItem> items) {
    if (items.size() >= MAX_QUEUE_ITEMS) {
      throw invalid("queueItems", "must hold fewer than " + MAX_QUEUE_ITEMS + " items, had " + items.size());
    }
    for (int i = 0; i < items.size(); i++) {
      AVMediaDescription d = items.get(i).description();
      String field = "queueItems[" + i + "].description";
      if (d.assetId().isEmpty()) {
        throw invalid(field + ".assetId", "must not be empty");
      }
      checkString(field + ".assetId", d.assetId());
      checkString(field + ".title", d.title());
      checkString(field + ".subtitle", d.subtitle());
      checkString(field + ".description", d.description());
      checkString(field + ".artist", d.artist());
      checkString(field + ".mediaUri", d.mediaUri());
      checkString(field + ".lyricContent", d.lyricContent());
      checkExtras(field + ".extras", d.extras());
    }
  }

  /** Checks extras: keys and string values shorter than 40,960 bytes, nesting at most 16 levels deep. */
  public static void checkExtras(String field, Map<String, ?> extras) {
    checkExtrasValue(field, extras, 0);
  }

  private static void checkExtrasValue(String field, Object value, int depth) {
    if (depth > 16) {
      throw invalid(field, "nested more than 16 levels deep");
    }
    if (value instanceof String) {
      checkString(field, (String) value);
    } else if (value instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        String key = String.valueOf(e.getKey());
        checkString(field + " key", key);
        checkExtrasValue(field + "." + key, e.getValue(), depth + 1);
      }
    } else if (value instanceof List) {
      for (Object o : (List<?>) value) {
        checkExtrasValue(field + "[]", o, depth + 1);
      }
    }
  }

  /** Checks an event or command name: non-empty, shorter than 40,960 bytes. */
  public static void checkName(String field, String name) {
    if (name == null || name.isEmpty()) {
      throw invalid(field, "must not be empty");
    }
    checkString(field, name);
  }

  /** Checks call metadata: at least one of name, phone number and avatar. */
  public static void checkCallMetadata(CallMetadata m) {
    checkString("callMetadata.name", m.name());
    checkString("callMetadata.phoneNumber", m.phoneNumber());
    checkImage("callMetadata.avatar", m.avatar());
    if (m.name().isEmpty() && m.phoneNumber().isEmpty() && (m.avatar() == null || m.avatar().length == 0)) {
      throw invalid("callMetadata", "needs a name, a phone number or an avatar");
    }
  }

  /** Checks declared play speeds: at most 100, each finite and > 0. */
  public static void checkSpeeds(List<Double> speeds) {
    if (speeds.size() > MAX_ARRAY_ENTRIES) {
      throw invalid("supportedSpeeds", "at most " + MAX_ARRAY_ENTRIES + " entries, was " + speeds.size());
    }
    for (double speed : speeds) {
      if (!(Double.isFinite(speed) && speed > 0)) {
        throw invalid("supportedSpeeds", "each speed must be finite and > 0, was " + speed);
      }
    }
  }

  /** Checks declared loop modes: at most 100, none UNDEFINED. */
  public static void checkLoopModes(List<LoopMode> modes) {
    if (modes.size() > MAX_ARRAY_ENTRIES) {
      throw invalid("supportedLoopModes", "at most " + MAX_ARRAY_ENTRIES + " entries, was " + modes.size());
    }
    if (modes.contains(LoopMode.UNDEFINED)) {
      throw invalid("supportedLoopModes", "UNDEFINED is not a loop mode a session can support");
    }
  }

  /**
   * Checks a control command's parameter and fills in defaults (fastForward / rewind without a time skip
   * {@link #DEFAULT_SKIP_MS}).
   *
   * @return the command to deliver
   */
  public static AVControlCommand checkCommand(AVControlCommand c) {
    Object p = c.parameter();
    switch (c.command()) {
      case FAST_FORWARD:
      case REWIND:
        if (p == null) {
          return AVControlCommand.of(c.command(), DEFAULT_SKIP_MS).withCommandInfo(c.commandInfo());
        }
        requireType(c, Long.class);
        long time = (Long) p;
        boolean fastForward = c.command() == AVControlCommandType.FAST_FORWARD;
        if (fastForward ? time <= 0 : time < 0) {
          throw invalid("command.parameter", c.command().commandName() + " time must be "
              + (fastForward ? "> 0" : ">= 0") + " ms, was " + time);
        }
        return c;
      case SEEK:
        requireType(c, Long.class);
        if ((Long) p < 0) {
          throw invalid("command.parameter", "seek position must be >= 0 ms, was " + p);
        }
        return c;
      case SET_SPEED:
        requireType(c, Double.class);
        double speed = (Double) p;
        if (!(Double.isFinite(speed) && speed > 0)) {
          throw invalid("command.parameter", "speed must be finite and > 0, was " + speed);
        }
        return c;
      case SET_LOOP_MODE:
      case SET_TARGET_LOOP_MODE:
        requireType(c, LoopMode.class);
        return c;
      case TOGGLE_FAVORITE:
      case PLAY_WITH_ASSET_ID:
        requireType(c, String.class);
        checkName("command.parameter", (String) p);
        return c;
      case PLAY_FROM_ASSET_ID:
        requireType(c, Long.class);
        return c;
      case PLAY:
        if (p != null) {
          requireType(c, String.class);
          checkString("command.parameter", (String) p);
        }
        return c;
      default:
        if (p != null) {
          throw invalid("command.parameter", c.command().commandName() + " takes no parameter");
        }
        return c;
    }
  }

  private static void requireType(AVControlCommand c, Class<?> type) {
    if (!type.isInstance(c.parameter())) {
      throw invalid("command.parameter", c.command().commandName() + " needs a "
          + (type == Long.class ? "time or numeric id" : type == Double.class ? "speed"
              : type == LoopMode.class ? "loop mode" : "non-empty string")
          + " parameter, was " + (c.parameter() == null ? "absent" : c.parameter()));
    }
  }

  /**
   * Checks a key event: known action, and a media key. A non-media key is an invalid command (6600105), as upstream.
   */
  public static void checkKeyEvent(KeyEvent event) {
    if (event.action() < KeyEvent.ACTION_CANCEL || event.action() > KeyEvent.ACTION_UP) {
      throw invalid("keyEvent.action", "must be 0 (cancel), 1 (down) or 2 (up), was " + event.action());
    }
    if (!KeyEvent.isMediaKey(event.key().code())) {
      throw new AVSessionException(AVSessionErrorCode.COMMAND_INVALID,
          "key code " + event.key().code() + " is not a media key");
    }
  }
}
