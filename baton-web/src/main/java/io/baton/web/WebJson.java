package io.baton.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVSessionDescriptor;
import io.baton.api.LoopMode;
import io.baton.api.Nullable;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON the page reads: the one {@link ObjectMapper} of the module and the mapping of cards and descriptors.
 *
 * <p>A card is {@code {sessionId, tag, type, appId, pid, active, top, remote, deviceId, deviceName, createdTimeMs,
 * metadata{assetId, title, artist, album, durationMs, mediaImageUri}, artworkUrl, playbackState{state, speed,
 * position{elapsedTime, updateTime}, loopMode, isFavorite, volume, maxVolume, muted, duration}, validCommands,
 * supportedSpeeds, supportedLoopModes, cast{deviceId, deviceName, state} (while the session is cast to a renderer:
 * state CONNECTING or CONNECTED), serverTime}}: field names as in the CLI's JSON (upstream's), only fields that
 * are set. {@code serverTime} lets the page correct for a browser clock that differs from the daemon's.
 */
/* package */ final class WebJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private WebJson() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  /** The card of a session, as the page renders it. */
  static ObjectNode card(SessionCard card, WebOptions options, long nowMs, Map<String, String> deviceNames) {
    AVSessionDescriptor d = card.descriptor;
    ObjectNode node = descriptor(d);
    node.put("deviceName", d.remote() ? deviceNames.getOrDefault(d.deviceId(), d.deviceId()) : options.deviceName());
    if (!d.remote()) {
      node.put("deviceId", options.deviceId());
    }
    node.set("metadata", metadata(card.metadata));
    String artwork = artworkUrl(card);
    if (artwork != null) {
      node.put("artworkUrl", artwork);
    }
    node.set("playbackState", playbackState(card.playbackState));
    ArrayNode commands = node.putArray("validCommands");
    card.validCommands.forEach(commands::add);
    ArrayNode speeds = node.putArray("supportedSpeeds");
    card.supportedSpeeds.forEach(speeds::add);
    ArrayNode loopModes = node.putArray("supportedLoopModes");
    card.supportedLoopModes.forEach(m -> loopModes.add(m.name()));
    if (card.castDevice != null && card.castState != null) {
      node.putObject("cast")
          .put("deviceId", card.castDevice.deviceId())
          .put("deviceName", card.castDevice.deviceName())
          .put("state", card.castState.name())
          // A move to a paired Baton device (castAudio), or a cast to a renderer: they end differently.
          .put("kind", "baton".equals(card.castDevice.providerId()) ? "device" : "renderer");
    }
    node.put("serverTime", nowMs);
    return node;
  }

  /** The title a card shows: the metadata's, else the descriptor's, else the tag. */
  static String shownTitle(SessionCard card) {
    String title = card.metadata.title();
    if (title != null && !title.isEmpty()) {
      return title;
    }
    return card.descriptor.title().isEmpty() ? card.descriptor.tag() : card.descriptor.title();
  }

  /** A descriptor: {@code sessionId, tag, type, appId, pid, active, top, remote, deviceId, title, createdTimeMs}. */
  static ObjectNode descriptor(AVSessionDescriptor d) {
    return object()
        .put("sessionId", d.sessionId())
        .put("tag", d.tag())
        .put("type", d.type().label())
        .put("appId", d.appId())
        .put("pid", d.pid())
        .put("active", d.active())
        .put("top", d.top())
        .put("remote", d.remote())
        .put("deviceId", d.deviceId())
        .put("title", d.title())
        .put("createdTimeMs", d.createdTimeMs());
  }

  /**
   * Where the page loads the artwork from: the metadata's {@code mediaImageUri} when it is an http(s) or data URL
   * (other schemes, such as {@code file:}, mean nothing to a browser elsewhere); else the image bytes the app
   * published, served by the bridge; else null (the page shows its placeholder).
   */
  static @Nullable String artworkUrl(SessionCard card) {
    String uri = card.metadata.mediaImageUri();
    if (uri != null) {
      String lower = uri.toLowerCase(Locale.ROOT);
      if (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("data:image/")) {
        return uri;
      }
    }
    byte[] image = card.metadata.mediaImage();
    if (image != null && image.length > 0) {
      return "/api/sessions/" + card.sessionId() + "/artwork?v=" + card.artworkVersion;
    }
    return null;
  }

  static ObjectNode metadata(AVMetadata m) {
    ObjectNode node = object();
    putIfSet(node, "assetId", m.assetId());
    putIfSet(node, "title", m.title());
    putIfSet(node, "artist", m.artist());
    putIfSet(node, "album", m.album());
    putIfSet(node, "subtitle", m.subtitle());
    if (m.durationMs() != null) {
      node.put("durationMs", m.durationMs());
    }
    putIfSet(node, "mediaImageUri", m.mediaImageUri());
    return node;
  }

  static ObjectNode playbackState(AVPlaybackState s) {
    ObjectNode node = object();
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
    LoopMode loopMode = s.loopMode();
    if (loopMode != null) {
      node.put("loopMode", loopMode.name());
    }
    if (s.favorite() != null) {
      node.put("isFavorite", s.favorite());
    }
    if (s.volume() != null) {
      node.put("volume", s.volume());
    }
    if (s.maxVolume() != null) {
      node.put("maxVolume", s.maxVolume());
    }
    if (s.muted() != null) {
      node.put("muted", s.muted());
    }
    if (s.durationMs() != null) {
      node.put("duration", s.durationMs());
    }
    return node;
  }

  /** {@code node} on one line. */
  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void putIfSet(ObjectNode node, String key, @Nullable String value) {
    if (value != null) {
      node.put(key, value);
    }
  }
}
