package io.baton.cast.dlna;

import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a media URL before a renderer is told to play it: renderers accept any URL and then fail silently (they
 * report PLAYING at 0:00 forever), so Baton fetches the first byte itself and names the problem.
 *
 * <p>One ranged GET ({@code Range: bytes=0-0}) bounded by the deadline. Connection refused or an unknown host →
 * 6612001; no answer in time → 6612002; 404/410 → 6612005; 401/403 → 6612006; any other 4xx/5xx → 6612004; a
 * Content-Type that is not audio/*, video/*, Ogg or a playlist → 6612003; an empty resource → 6612100;
 * {@code http://} while cleartext is forbidden → 6612007; a malformed URL or another scheme → 6611106.
 */
final class MediaUrlCheck {
  /** Content types that are neither audio/* nor video/* but that renderers play. */
  private static final Set<String> OTHER_PLAYABLE = Set.of("application/ogg", "application/x-mpegurl",
      "application/vnd.apple.mpegurl", "application/dash+xml", "application/vnd.ms-sstr+xml", "application/x-ogg");

  private final HttpClient http;
  private final Duration deadline;
  private final boolean cleartextAllowed;

  MediaUrlCheck(Duration deadline, boolean cleartextAllowed) {
    this.deadline = deadline;
    this.cleartextAllowed = cleartextAllowed;
    this.http = HttpClient.newBuilder()
        .connectTimeout(deadline)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .version(HttpClient.Version.HTTP_1_1)
        .build();
  }

  /**
   * Parses {@code url} as a media URL a renderer can fetch.
   *
   * @throws AVSessionException 6611106 for a malformed URL or a scheme other than http/https
   */
  static URI parse(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new AVSessionException(AVSessionErrorCode.ERR_CODE_INVALID_PARAM, "malformed media URL '" + url + "': "
          + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new AVSessionException(AVSessionErrorCode.ERR_CODE_INVALID_PARAM,
          "unsupported media URL '" + url + "': renderers fetch http:// or https:// URLs (file:// is served by the"
              + " daemon)");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new AVSessionException(AVSessionErrorCode.ERR_CODE_INVALID_PARAM, "media URL '" + url + "' has no host");
    }
    return uri;
  }

  /**
   * Checks that {@code url} serves playable media; blocks for at most the deadline.
   *
   * @return the content type the server declared
   * @throws AVSessionException with the code for what is wrong (see the class documentation)
   */
  String check(String url) {
    URI uri = parse(url);
    if (!cleartextAllowed && uri.getScheme().equalsIgnoreCase("http")) {
      throw new AVSessionException(AVSessionErrorCode.ERR_CODE_IO_CLEARTEXT_NOT_PERMITTED,
          "the daemon forbids cleartext HTTP (--cast-no-cleartext); use https:// instead of " + url);
    }
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(deadline).header("Range", "bytes=0-0").GET().build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw new AVSessionException(AVSessionErrorCode.ERR_CODE_IO_NETWORK_CONNECTION_TIMEOUT,
          url + " did not answer within " + deadline.toMillis() + " ms");
    } catch (IOException e) {
      throw new AVSessionException(AVSessionErrorCode.ERR_CODE_IO_NETWORK_CONNECTION_FAILED,
          "cannot connect to " + url + " (" + CastErrors.describe(e) + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AVSessionException(AVSessionErrorCode.ERR_CODE_IO_UNSPECIFIED, "interrupted while checking " + url);
    } catch (IllegalArgumentException e) {
      throw new AVSessionException(AVSessionErrorCode.ERR_CODE_INVALID_PARAM,
          "malformed media URL '" + url + "': " + e.getMessage());
    }
    int status = response.statusCode();
    if (status == 416 && response.headers().firstValue("Content-Range").orElse("").endsWith("/0")) {
      throw new AVSessionException(AVSessionErrorCode.ERR_CODE_IO_NO_CONTENTS, url + " is empty");
    }
    if (status == 404 || status == 410) {
      throw new AVSessionException(AVSessionErrorCode.ERR_CODE_IO_FILE_NOT_FOUND, url + " answered HTTP " + status);
    }
    if (status == 401 || status == 403) {
      throw new AVSessionException(AVSessionErrorCode.ERR_CODE_IO_NO_PERMISSION, url + " answered HTTP " + status);
    }
    if (status >= 400 || status < 200 || status >= 300) {
      throw new AVSessionException(AVSessionErrorCode.ERR_CODE_IO_BAD_HTTP_STATUS, url + " answered HTTP " + status);
    }
    Optional<String> contentType = response.headers().firstValue("Content-Type");
    String type = contentType.map(t -> t.split(";", 2)[0].trim().toLowerCase(Locale.ROOT)).orElse("");
    if (!isPlayable(type)) {
      throw new AVSessionException(AVSessionErrorCode.ERR_CODE_IO_INVALID_HTTP_CONTENT_TYPE, url
          + (type.isEmpty() ? " has no Content-Type" : " has Content-Type " + type)
          + "; a renderer plays audio/*, video/* or a playlist");
    }
    if (response.body().length == 0) {
      throw new AVSessionException(AVSessionErrorCode.ERR_CODE_IO_NO_CONTENTS, url + " is empty");
    }
    return type;
  }

  static boolean isPlayable(String contentType) {
    return contentType.startsWith("audio/") || contentType.startsWith("video/")
        || OTHER_PLAYABLE.contains(contentType);
  }
}
