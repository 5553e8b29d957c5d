package io.baton.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.api.AVCallState;
import io.baton.api.AVControlCommand;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVQueueItem;
import io.baton.api.AVSessionDescriptor;
import io.baton.api.AVSessionException;
import io.baton.api.CallMetadata;
import io.baton.api.DeviceInfo;
import io.baton.api.LoopMode;
import io.baton.api.Nullable;
import io.baton.api.OutputDeviceInfo;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * The CLI's JSON: the one {@link ObjectMapper} and every mapping from API values to JSON trees, shared by {@code ls},
 * {@code show}, {@code watch}, {@code history}, {@code send} and the demo player.
 *
 * <p>Key names: a descriptor has exactly {@code sessionId, tag, type, appId, pid, active, top, deviceId, remote,
 * title}. Metadata and playback-state objects hold only the fields that are set, under the keys
 * {@link io.baton.api.EventFilter} uses for them: the {@link AVMetadata} component names (images become
 * {@code mediaImageBytes} / {@code avQueueImageBytes}, their size), and upstream's playback-state names ({@code state,
 * speed, position{elapsedTime, updateTime}, bufferedTime, loopMode, isFavorite, …}). Enum values are their Java names
 * ({@code "PLAY"}, {@code "SHUFFLE"}); a session type is its label ({@code "audio"}).
 */
final class Json {
  /** The one mapper of the CLI. */
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** A new, empty object. */
  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** A descriptor, as {@code ls} prints it. */
  static ObjectNode descriptor(AVSessionDescriptor d) {
    ObjectNode node = object();
    node.put("sessionId", d.sessionId());
    node.put("tag", d.tag());
    node.put("type", d.type().label());
    node.put("appId", d.appId());
    node.put("pid", d.pid());
    node.put("active", d.active());
    node.put("top", d.top());
    node.put("deviceId", d.deviceId());
    node.put("remote", d.remote());
    node.put("title", d.title());
    return node;
  }

  /** A history entry: a descriptor plus {@code lastSeenTimeMs}. */
  static ObjectNode historyEntry(AVSessionDescriptor d) {
    return descriptor(d).put("lastSeenTimeMs", d.lastSeenTimeMs());
  }

  /** The fields of {@code m} that are set. */
  static ObjectNode metadata(AVMetadata m) {
    ObjectNode node = object();
    putIfSet(node, "assetId", m.assetId());
    putIfSet(node, "title", m.title());
    putIfSet(node, "artist", m.artist());
    putIfSet(node, "author", m.author());
    putIfSet(node, "avQueueName", m.avQueueName());
    putIfSet(node, "avQueueId", m.avQueueId());
    putIfSet(node, "avQueueImageUri", m.avQueueImageUri());
    putIfSet(node, "album", m.album());
    putIfSet(node, "writer", m.writer());
    putIfSet(node, "composer", m.composer());
    putIfSet(node, "durationMs", m.durationMs());
    putIfSet(node, "mediaImageUri", m.mediaImageUri());
    putIfSet(node, "publishDateMs", m.publishDateMs());
    putIfSet(node, "subtitle", m.subtitle());
    putIfSet(node, "description", m.description());
    putIfSet(node, "lyric", m.lyric());
    putIfSet(node, "previousAssetId", m.previousAssetId());
    putIfSet(node, "nextAssetId", m.nextAssetId());
    putIfSet(node, "skipIntervals", m.skipIntervals());
    putIfSet(node, "filter", m.filter());
    putIfSet(node, "displayTags", m.displayTags());
    if (m.drmSchemes() != null) {
      node.set("drmSchemes", strings(m.drmSchemes()));
    }
    putIfSet(node, "singleLyricText", m.singleLyricText());
    putIfSet(node, "fastForwardSkipIntervals", m.fastForwardSkipIntervals());
    putIfSet(node, "rewindSkipIntervals", m.rewindSkipIntervals());
    byte[] mediaImage = m.mediaImage();
    if (mediaImage != null) {
      node.put("mediaImageBytes", mediaImage.length);
    }
    byte[] avQueueImage = m.avQueueImage();
    if (avQueueImage != null) {
      node.put("avQueueImageBytes", avQueueImage.length);
    }
    return node;
  }

  /** The fields of {@code s} that are set, under upstream's names. */
  static ObjectNode playbackState(AVPlaybackState s) {
    ObjectNode node = object();
    if (s.state() != null) {
      node.put("state", s.state().name());
    }
    putIfSet(node, "speed", s.speed());
    if (s.position() != null) {
      node.putObject("position")
          .put("elapsedTime", s.position().elapsedTimeMs())
          .put("updateTime", s.position().updateTimeMs());
    }
    putIfSet(node, "bufferedTime", s.bufferedTimeMs());
    if (s.loopMode() != null) {
      node.put("loopMode", s.loopMode().name());
    }
    putIfSet(node, "isFavorite", s.favorite());
    putIfSet(node, "activeItemId", s.activeItemId());
    putIfSet(node, "volume", s.volume());
    putIfSet(node, "maxVolume", s.maxVolume());
    putIfSet(node, "muted", s.muted());
    putIfSet(node, "duration", s.durationMs());
    putIfSet(node, "videoWidth", s.videoWidth());
    putIfSet(node, "videoHeight", s.videoHeight());
    if (s.extras() != null) {
      node.set("extras", extras(s.extras()));
    }
    return node;
  }

  /** A queue item: {@code itemId, assetId, title, artist, mediaUri, durationMs}. */
  static ObjectNode queueItem(AVQueueItem item) {
    ObjectNode node = object();
    node.put("itemId", item.itemId());
    node.put("assetId", item.description().assetId());
    node.put("title", item.description().title());
    node.put("artist", item.description().artist());
    node.put("mediaUri", item.description().mediaUri());
    node.put("durationMs", item.description().durationMs());
    return node;
  }

  /** Queue items, in order. */
  static ArrayNode queueItems(List<AVQueueItem> items) {
    ArrayNode array = MAPPER.createArrayNode();
    items.forEach(item -> array.add(queueItem(item)));
    return array;
  }

  /** An array of strings. */
  static ArrayNode strings(List<String> values) {
    ArrayNode array = MAPPER.createArrayNode();
    values.forEach(array::add);
    return array;
  }

  /** Extras (JSON-like values) as they are. */
  static JsonNode extras(Map<String, Object> extras) {
    return MAPPER.valueToTree(extras);
  }

  /** An output device: {@code {"devices":[{deviceId, deviceName, castCategory, deviceType}]}}. */
  static ObjectNode outputDevice(OutputDeviceInfo info) {
    ObjectNode node = object();
    ArrayNode devices = node.putArray("devices");
    for (DeviceInfo d : info.devices()) {
      devices.addObject()
          .put("deviceId", d.deviceId())
          .put("deviceName", d.deviceName())
          .put("castCategory", d.castCategory())
          .put("deviceType", d.deviceType());
    }
    return node;
  }

  /** Call metadata: {@code name}, {@code phoneNumber}, and {@code avatarBytes} when an avatar is set. */
  static ObjectNode callMetadata(CallMetadata metadata) {
    ObjectNode node = object().put("name", metadata.name()).put("phoneNumber", metadata.phoneNumber());
    byte[] avatar = metadata.avatar();
    if (avatar != null) {
      node.put("avatarBytes", avatar.length);
    }
    return node;
  }

  /** Call state: {@code state} (name) and {@code muted}. */
  static ObjectNode callState(AVCallState state) {
    return object().put("state", state.state().name()).put("muted", state.muted());
  }

  /** A command's parameter: {@code null}, a number, a string, or a loop mode's name. */
  static JsonNode parameter(AVControlCommand command) {
    Object parameter = command.parameter();
    if (parameter instanceof LoopMode) {
      return MAPPER.getNodeFactory().textNode(((LoopMode) parameter).name());
    }
    return MAPPER.valueToTree(parameter);
  }

  /** {@code {"error":{"code":N,"message":"…","detail":"…"}}}: the seed message and the detail apart. */
  static ObjectNode error(AVSessionException e) {
    ObjectNode node = object();
    node.putObject("error")
        .put("code", e.code())
        .put("message", e.errorCode().message())
        .put("detail", e.detail());
    return node;
  }

  /** {@code node} on one line. */
  static String line(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code node}, indented for people. */
  static String pretty(JsonNode node) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code object} as readable {@code key: value} lines: nested objects indented under their key, arrays of values
   * joined with commas, arrays of objects one {@code - k=v …} line per element, and {@code -} for empty values.
   */
  static String text(ObjectNode object) {
    StringBuilder out = new StringBuilder();
    appendObject(out, object, "");
    return out.toString();
  }

  private static void appendObject(StringBuilder out, JsonNode object, String indent) {
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      JsonNode value = field.getValue();
      out.append(indent).append(field.getKey()).append(':');
      if (value.isObject() && !value.isEmpty()) {
        out.append('\n');
        appendObject(out, value, indent + "  ");
      } else if (value.isArray() && containsObjects(value)) {
        out.append('\n');
        for (JsonNode element : value) {
          out.append(indent).append("  -").append(inline(element)).append('\n');
        }
      } else {
        out.append(' ').append(scalarText(value)).append('\n');
      }
    }
  }

  private static boolean containsObjects(JsonNode array) {
    for (JsonNode element : array) {
      if (element.isContainerNode()) {
        return true;
      }
    }
    return false;
  }

  private static String inline(JsonNode element) {
    if (!element.isObject()) {
      return " " + line(element);
    }
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, JsonNode> field : element.properties()) {
      out.append(' ').append(field.getKey()).append('=').append(scalarText(field.getValue()));
    }
    return out.toString();
  }

  private static String scalarText(JsonNode value) {
    if (value.isNull() || value.isMissingNode() || (value.isContainerNode() && value.isEmpty())) {
      return "-";
    }
    if (value.isArray()) {
      StringBuilder out = new StringBuilder();
      for (JsonNode element : value) {
        out.append(out.length() == 0 ? "" : ", ").append(scalarText(element));
      }
      return out.toString();
    }
    if (value.isTextual()) {
      return value.asText().isEmpty() ? "-" : value.asText();
    }
    return value.isValueNode() ? value.asText() : line(value);
  }

  private static void putIfSet(ObjectNode node, String key, @Nullable String value) {
    if (value != null) {
      node.put(key, value);
    }
  }

  private static void putIfSet(ObjectNode node, String key, @Nullable Long value) {
    if (value != null) {
      node.put(key, value);
    }
  }

  private static void putIfSet(ObjectNode node, String key, @Nullable Integer value) {
    if (value != null) {
      node.put(key, value);
    }
  }

  private static void putIfSet(ObjectNode node, String key, @Nullable Double value) {
    if (value != null) {
      node.put(key, value);
    }
  }

  private static void putIfSet(ObjectNode node, String key, @Nullable Boolean value) {
    if (value != null) {
      node.put(key, value);
    }
  }
}
