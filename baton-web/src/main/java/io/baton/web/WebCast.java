package io.baton.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.Nullable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the parameters of the page's cast requests: {@code POST /api/sessions/{id}/cast} with the body
 * {@code {"deviceId":"uuid:…","mediaUrl":"http://…"}} ({@code mediaUrl} optional) and {@code DELETE
 * /api/sessions/{id}/cast}. Every parameter is checked here, before anything reaches the daemon: a bad one is 401,
 * naming the field and what was wrong. Whether the session and the renderer exist is the daemon's to say (6600102,
 * 6600108), as for any SDK caller.
 */
/* package */ final class WebCast {
  /** A session id: what the daemon hands out, 64 upper-case hex characters. */
  private static final Pattern SESSION_ID = Pattern.compile("[0-9A-F]{64}");
  /** A renderer id: a UPnP UDN such as {@code uuid:b47057a1-…}; no spaces, quotes or control characters. */
  private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9:._\\-]{1,256}");
  static final int MAX_URL_LENGTH = 4096;
  private static final Set<String> FIELDS = Set.of("deviceId", "mediaUrl");

  private WebCast() {}

  /**
   * What to cast where.
   *
   * @param deviceId the renderer, as the devices panel lists it
   * @param mediaUrl the media to play there; null for the session's own (its current queue item's media URI)
   */
  record Request(String deviceId, @Nullable String mediaUrl) {}

  /**
   * The request in {@code body}.
   *
   * @throws AVSessionException 401 naming the field that is missing or malformed
   */
  static Request parse(String body) {
    JsonNode json;
    try {
      json = WebJson.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw invalid("body must be a JSON object {\"deviceId\":…}: " + e.getOriginalMessage());
    }
    if (json == null || !json.isObject()) {
      throw invalid("body must be a JSON object {\"deviceId\":…}");
    }
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw invalid("unknown field '" + name + "' (a cast request has deviceId and, optionally, mediaUrl)");
      }
    }
    JsonNode device = json.get("deviceId");
    if (device == null || !device.isTextual() || !DEVICE_ID.matcher(device.asText()).matches()) {
      throw invalid("deviceId: must be a cast renderer's id as the devices panel lists it (such as "
          + "\"uuid:…\"), was " + (device == null ? "missing" : device.toString()));
    }
    JsonNode url = json.get("mediaUrl");
    if (url == null || url.isNull() || (url.isTextual() && url.asText().isBlank())) {
      return new Request(device.asText(), null);
    }
    if (!url.isTextual()) {
      throw invalid("mediaUrl: must be a string (an http:// or https:// URL), was " + url);
    }
    return new Request(device.asText(), mediaUrl(url.asText().strip()));
  }

  /**
   * {@code url} if it is an absolute http(s) URL with a host. The page refuses other schemes itself: a {@code file:}
   * URI would make the daemon serve any file it can read to the network, which a browser's user must not be able to
   * ask for ({@code baton cast start --file} is the way to cast a local file).
   *
   * @throws AVSessionException 401 naming what is wrong with it
   */
  static String mediaUrl(String url) {
    if (url.length() > MAX_URL_LENGTH) {
      throw invalid("mediaUrl: longer than " + MAX_URL_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw invalid("mediaUrl: not a URL (" + e.getMessage() + ")");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("file")) {
      throw invalid("mediaUrl: the page cannot cast local files; use baton cast start SESSION DEVICE --file PATH");
    }
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw invalid("mediaUrl: must be an http:// or https:// URL, was '" + url + "'");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw invalid("mediaUrl: has no host: '" + url + "'");
    }
    return url;
  }

  /**
   * {@code id} if it is a session id.
   *
   * @throws AVSessionException 401 otherwise
   */
  static String sessionId(String id) {
    if (!SESSION_ID.matcher(id).matches()) {
      throw invalid("sessionId: must be a session id (64 upper-case hex characters), was '"
          + (id.length() > 80 ? id.substring(0, 80) + "…" : id) + "'");
    }
    return id;
  }

  private static AVSessionException invalid(String detail) {
    return new AVSessionException(AVSessionErrorCode.INVALID_PARAMETER, detail);
  }
}
