package io.baton.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.api.AVControlCommand;
import io.baton.api.AVControlCommandType;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVSessionDescriptor;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.AVSessionType;
import io.baton.api.LoopMode;
import io.baton.api.Nullable;
import io.baton.api.PlaybackPosition;
import io.baton.api.PlaybackState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON payloads of Baton's MQTT topics (see {@link MqttTopics}), both ways: the one place that writes or reads
 * them. Key names follow the {@code baton} CLI's JSON: descriptor fields as {@code baton ls --json} prints them,
 * metadata under the {@link AVMetadata} component names (no image bytes), playback state under upstream's names
 * ({@code state, speed, position{elapsedTime, updateTime}, loopMode, isFavorite, …}), enum values by name.
 */
final class Payloads {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> EXTRAS = new TypeReference<>() {};

  private Payloads() {}

  // ------------------------------------------------------------------------------------------------ snapshots

  /** A session's retained snapshot. */
  static byte[] snapshot(String deviceId, String deviceName, AVSessionDescriptor descriptor, AVMetadata metadata,
      AVPlaybackState playbackState, List<String> validCommands, long updatedMs) {
    ObjectNode node = MAPPER.createObjectNode();
    node.putObject("device").put("id", deviceId).put("name", deviceName);
    ObjectNode d = node.putObject("descriptor");
    d.put("sessionId", descriptor.sessionId());
    d.put("tag", descriptor.tag());
    d.put("type", descriptor.type().label());
    d.put("appId", descriptor.appId());
    d.put("pid", descriptor.pid());
    d.put("active", descriptor.active());
    d.put("top", descriptor.top());
    d.put("title", metadata.title() != null ? metadata.title() : descriptor.title());
    d.put("createdTimeMs", descriptor.createdTimeMs());
    node.set("metadata", metadata(metadata));
    node.set("playbackState", playbackState(playbackState));
    ArrayNode commands = node.putArray("validCommands");
    validCommands.forEach(commands::add);
    node.put("updatedMs", updatedMs);
    return bytes(node);
  }

  /**
   * A snapshot read back.
   *
   * @throws IOException when it is not a snapshot
   */
  static FleetSession parseSnapshot(String deviceId, byte[] payload, boolean online) throws IOException {
    JsonNode node = MAPPER.readTree(payload);
    JsonNode d = node.path("descriptor");
    String sessionId = d.path("sessionId").asText("");
    if (!node.isObject() || sessionId.isEmpty()) {
      throw new IOException("not a Baton session snapshot");
    }
    AVSessionType type;
    try {
      type = AVSessionType.fromLabel(d.path("type").asText("audio"));
    } catch (IllegalArgumentException e) {
      type = AVSessionType.AUDIO;
    }
    AVSessionDescriptor descriptor = AVSessionDescriptor.builder()
        .setSessionId(sessionId)
        .setType(type)
        .setTag(d.path("tag").asText(""))
        .setAppId(d.path("appId").asText(""))
        .setPid(d.path("pid").asInt())
        .setActive(d.path("active").asBoolean())
        .setTop(d.path("top").asBoolean())
        .setDeviceId(deviceId)
        .setRemote(true)
        .setTitle(d.path("title").asText(""))
        .setCreatedTimeMs(d.path("createdTimeMs").asLong())
        .setLastSeenTimeMs(node.path("updatedMs").asLong())
        .build();
    List<String> commands = new ArrayList<>();
    node.path("validCommands").forEach(c -> commands.add(c.asText()));
    return new FleetSession(deviceId, node.path("device").path("name").asText(""), online, descriptor,
        parseMetadata(node.path("metadata")), parsePlaybackState(node.path("playbackState")), commands,
        node.path("updatedMs").asLong());
  }

  static ObjectNode metadata(AVMetadata m) {
    ObjectNode node = MAPPER.createObjectNode();
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
    if (m.durationMs() != null) {
      node.put("durationMs", m.durationMs());
    }
    putIfSet(node, "mediaImageUri", m.mediaImageUri());
    if (m.publishDateMs() != null) {
      node.put("publishDateMs", m.publishDateMs());
    }
    putIfSet(node, "subtitle", m.subtitle());
    putIfSet(node, "description", m.description());
    putIfSet(node, "lyric", m.lyric());
    putIfSet(node, "previousAssetId", m.previousAssetId());
    putIfSet(node, "nextAssetId", m.nextAssetId());
    putIfSet(node, "skipIntervals", m.skipIntervals());
    putIfSet(node, "filter", m.filter());
    putIfSet(node, "displayTags", m.displayTags());
    if (m.drmSchemes() != null) {
      ArrayNode schemes = node.putArray("drmSchemes");
      m.drmSchemes().forEach(schemes::add);
    }
    putIfSet(node, "singleLyricText", m.singleLyricText());
    putIfSet(node, "fastForwardSkipIntervals", m.fastForwardSkipIntervals());
    putIfSet(node, "rewindSkipIntervals", m.rewindSkipIntervals());
    // Image bytes stay on the device: a snapshot is republished on every change and must stay small.
    return node;
  }

  static AVMetadata parseMetadata(JsonNode n) {
    List<String> drm = null;
    if (n.path("drmSchemes").isArray()) {
      drm = new ArrayList<>();
      for (JsonNode s : n.path("drmSchemes")) {
        drm.add(s.asText());
      }
    }
    return AVMetadata.builder()
        .setAssetId(text(n, "assetId"))
        .setTitle(text(n, "title"))
        .setArtist(text(n, "artist"))
        .setAuthor(text(n, "author"))
        .setAvQueueName(text(n, "avQueueName"))
        .setAvQueueId(text(n, "avQueueId"))
        .setAvQueueImageUri(text(n, "avQueueImageUri"))
        .setAlbum(text(n, "album"))
        .setWriter(text(n, "writer"))
        .setComposer(text(n, "composer"))
        .setDurationMs(longValue(n, "durationMs"))
        .setMediaImageUri(text(n, "mediaImageUri"))
        .setPublishDateMs(longValue(n, "publishDateMs"))
        .setSubtitle(text(n, "subtitle"))
        .setDescription(text(n, "description"))
        .setLyric(text(n, "lyric"))
        .setPreviousAssetId(text(n, "previousAssetId"))
        .setNextAssetId(text(n, "nextAssetId"))
        .setSkipIntervals(intValue(n, "skipIntervals"))
        .setFilter(intValue(n, "filter"))
        .setDisplayTags(intValue(n, "displayTags"))
        .setDrmSchemes(drm)
        .setSingleLyricText(text(n, "singleLyricText"))
        .setFastForwardSkipIntervals(intValue(n, "fastForwardSkipIntervals"))
        .setRewindSkipIntervals(intValue(n, "rewindSkipIntervals"))
        .build();
  }

  static ObjectNode playbackState(AVPlaybackState s) {
    ObjectNode node = MAPPER.createObjectNode();
    if (s.state() != null) {
      node.put("state", s.state().name());
    }
    if (s.speed() != null) {
      node.put("speed", s.speed());
    }
    if (s.position() != null) {
      node.putObject("position")
          .put("elapsedTime", s.position().elapsedTimeMs())
          .put("updateTime", s.position().updateTimeMs());
    }
    if (s.bufferedTimeMs() != null) {
      node.put("bufferedTime", s.bufferedTimeMs());
    }
    if (s.loopMode() != null) {
      node.put("loopMode", s.loopMode().name());
    }
    if (s.favorite() != null) {
      node.put("isFavorite", s.favorite());
    }
    putIfSet(node, "activeItemId", s.activeItemId());
    putIfSet(node, "volume", s.volume());
    putIfSet(node, "maxVolume", s.maxVolume());
    if (s.muted() != null) {
      node.put("muted", s.muted());
    }
    putIfSet(node, "duration", s.durationMs());
    putIfSet(node, "videoWidth", s.videoWidth());
    putIfSet(node, "videoHeight", s.videoHeight());
    if (s.extras() != null) {
      node.set("extras", MAPPER.valueToTree(s.extras()));
    }
    return node;
  }

  static AVPlaybackState parsePlaybackState(JsonNode n) {
    AVPlaybackState.Builder b = AVPlaybackState.builder()
        .setState(enumValue(PlaybackState.class, n, "state"))
        .setSpeed(n.path("speed").isNumber() ? n.path("speed").asDouble() : null)
        .setBufferedTimeMs(longValue(n, "bufferedTime"))
        .setLoopMode(enumValue(LoopMode.class, n, "loopMode"))
        .setFavorite(n.path("isFavorite").isBoolean() ? n.path("isFavorite").asBoolean() : null)
        .setActiveItemId(intValue(n, "activeItemId"))
        .setVolume(intValue(n, "volume"))
        .setMaxVolume(intValue(n, "maxVolume"))
        .setMuted(n.path("muted").isBoolean() ? n.path("muted").asBoolean() : null)
        .setDurationMs(intValue(n, "duration"))
        .setVideoWidth(intValue(n, "videoWidth"))
        .setVideoHeight(intValue(n, "videoHeight"));
    JsonNode position = n.path("position");
    if (position.isObject()) {
      b.setPosition(new PlaybackPosition(position.path("elapsedTime").asLong(), position.path("updateTime").asLong()));
    }
    if (n.path("extras").isObject()) {
      b.setExtras(MAPPER.convertValue(n.path("extras"), EXTRAS));
    }
    return b.build();
  }

  // ------------------------------------------------------------------------------------------------ commands

  /** A command read off a {@code …/command} topic, with the request id it carried (null when it had none). */
  record Command(@Nullable String requestId, AVControlCommand command) {}

  /** {@code {"command":"seek","arg":60000,"requestId":"…"}}; {@code arg} only when the command has a parameter. */
  static byte[] command(AVControlCommand command, String requestId) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("command", command.command().commandName());
    Object parameter = command.parameter();
    if (parameter instanceof Long l) {
      node.put("arg", l);
    } else if (parameter instanceof Double d) {
      node.put("arg", d);
    } else if (parameter instanceof LoopMode mode) {
      node.put("arg", mode.name());
    } else if (parameter instanceof String s) {
      node.put("arg", s);
    }
    node.put("requestId", requestId);
    return bytes(node);
  }

  /** The request id of a command payload, if it has a readable one; for answering a command that does not parse. */
  static @Nullable String requestIdOf(byte[] payload) {
    try {
      JsonNode id = MAPPER.readTree(payload).path("requestId");
      return id.isTextual() || id.isNumber() ? id.asText() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The command in {@code payload}.
   *
   * @throws AVSessionException 401 naming what is wrong (not JSON, no {@code command}, an {@code arg} of the wrong
   *     type); 6600105 for a command name Baton does not know
   */
  static Command parseCommand(byte[] payload) {
    JsonNode node;
    try {
      node = MAPPER.readTree(payload);
    } catch (JsonProcessingException e) {
      throw invalid("the command payload is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw invalid("the command payload is not JSON: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw invalid("the command payload must be a JSON object such as {\"command\":\"play\",\"requestId\":\"1\"}");
    }
    JsonNode id = node.path("requestId");
    String requestId = id.isTextual() || id.isNumber() ? id.asText() : null;
    if (!node.path("command").isTextual() || node.path("command").asText().isEmpty()) {
      throw invalid("\"command\" must be a command name such as \"play\"");
    }
    String name = node.path("command").asText();
    AVControlCommandType type;
    try {
      type = AVControlCommandType.fromCommandName(name);
    } catch (IllegalArgumentException e) {
      throw new AVSessionException(AVSessionErrorCode.COMMAND_INVALID, "unknown command '" + name + "'");
    }
    JsonNode arg = node.path("arg");
    boolean hasArg = !arg.isMissingNode() && !arg.isNull();
    Object parameter = switch (type) {
      case FAST_FORWARD, REWIND -> hasArg ? wholeNumber(name, arg) : null;
      case SEEK, PLAY_FROM_ASSET_ID -> wholeNumber(name, required(name, arg, hasArg));
      case SET_SPEED -> number(name, required(name, arg, hasArg));
      case SET_LOOP_MODE, SET_TARGET_LOOP_MODE -> loopMode(name, required(name, arg, hasArg));
      case TOGGLE_FAVORITE, PLAY_WITH_ASSET_ID -> string(name, required(name, arg, hasArg));
      case PLAY -> hasArg ? string(name, arg) : null;
      default -> {
        if (hasArg) {
          throw invalid("\"" + name + "\" takes no \"arg\"");
        }
        yield null;
      }
    };
    return new Command(requestId, AVControlCommand.of(type, parameter));
  }

  private static JsonNode required(String name, JsonNode arg, boolean present) {
    if (!present) {
      throw invalid("\"" + name + "\" needs an \"arg\"");
    }
    return arg;
  }

  private static Long wholeNumber(String name, JsonNode arg) {
    if (!arg.isIntegralNumber() || !arg.canConvertToLong()) {
      throw invalid("\"arg\" of \"" + name + "\" must be a whole number, was " + arg);
    }
    return arg.asLong();
  }

  private static Double number(String name, JsonNode arg) {
    if (!arg.isNumber()) {
      throw invalid("\"arg\" of \"" + name + "\" must be a number, was " + arg);
    }
    return arg.asDouble();
  }

  private static String string(String name, JsonNode arg) {
    if (!arg.isTextual()) {
      throw invalid("\"arg\" of \"" + name + "\" must be a string, was " + arg);
    }
    return arg.asText();
  }

  private static LoopMode loopMode(String name, JsonNode arg) {
    if (arg.isTextual()) {
      try {
        return LoopMode.valueOf(arg.asText().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        // Reported below.
      }
    }
    throw invalid("\"arg\" of \"" + name + "\" must be one of SEQUENCE, SINGLE, LIST, SHUFFLE, CUSTOM; was " + arg);
  }

  private static AVSessionException invalid(String detail) {
    return new AVSessionException(AVSessionErrorCode.INVALID_PARAMETER, detail);
  }

  // ------------------------------------------------------------------------------------------------ results

  /** {@code {"requestId":"…","ok":true}}. */
  static byte[] resultOk(@Nullable String requestId) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("requestId", requestId);
    node.put("ok", true);
    return bytes(node);
  }

  /** {@code {"requestId":"…","ok":false,"error":{"code":…,"message":"…","detail":"…"}}}. */
  static byte[] resultError(@Nullable String requestId, AVSessionException error) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("requestId", requestId);
    node.put("ok", false);
    node.putObject("error")
        .put("code", error.code())
        .put("message", error.errorCode().message())
        .put("detail", error.detail());
    return bytes(node);
  }

  /**
   * A result read back.
   *
   * @param error null on success
   */
  record Result(@Nullable String requestId, @Nullable AVSessionException error) {}

  /** @throws IOException when {@code payload} is not a result */
  static Result parseResult(byte[] payload) throws IOException {
    JsonNode node = MAPPER.readTree(payload);
    if (node == null || !node.isObject()) {
      throw new IOException("not a result");
    }
    JsonNode id = node.path("requestId");
    String requestId = id.isTextual() || id.isNumber() ? id.asText() : null;
    JsonNode error = node.path("error");
    if (error.isObject()) {
      AVSessionErrorCode code = AVSessionErrorCode.fromCodeOrServiceException(error.path("code").asInt());
      return new Result(requestId, new AVSessionException(code, error.path("detail").asText("")));
    }
    return new Result(requestId, null);
  }

  // ------------------------------------------------------------------------------------------------ helpers

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("JSON tree could not be written", e);
    }
  }

  private static void putIfSet(ObjectNode node, String key, @Nullable String value) {
    if (value != null) {
      node.put(key, value);
    }
  }

  private static void putIfSet(ObjectNode node, String key, @Nullable Integer value) {
    if (value != null) {
      node.put(key, value);
    }
  }

  private static @Nullable String text(JsonNode n, String key) {
    JsonNode v = n.get(key);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static @Nullable Long longValue(JsonNode n, String key) {
    JsonNode v = n.get(key);
    return v != null && v.isNumber() ? v.asLong() : null;
  }

  private static @Nullable Integer intValue(JsonNode n, String key) {
    JsonNode v = n.get(key);
    return v != null && v.isNumber() ? v.asInt() : null;
  }

  private static <E extends Enum<E>> @Nullable E enumValue(Class<E> type, JsonNode n, String key) {
    JsonNode v = n.get(key);
    if (v == null || !v.isTextual()) {
      return null;
    }
    try {
      return Enum.valueOf(type, v.asText());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
