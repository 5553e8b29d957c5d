package io.baton.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the person at the page should do about each AVSession error: the one place where the web control center's
 * hints are written. Codes and seed messages themselves come from {@link AVSessionErrorCode}.
 *
 * <p>An error reaches the page as {@code {"error":{"code","message","detail","hint"}}}: the code, the seed's exact
 * message, Baton's detail (what exactly went wrong) and the hint.
 */
/* package */ final class ErrorHints {
  private static final Map<AVSessionErrorCode, String> HINTS = new EnumMap<>(AVSessionErrorCode.class);

  static {
    HINTS.put(AVSessionErrorCode.PERMISSION_DENIED,
        "Control sessions of your own user, or run the daemon as that user.");
    HINTS.put(AVSessionErrorCode.NOT_SYSTEM_APP,
        "Only the daemon's own user (or root) may send system commands.");
    HINTS.put(AVSessionErrorCode.INVALID_PARAMETER, "Check the value named in the detail and try again.");
    HINTS.put(AVSessionErrorCode.SERVICE_EXCEPTION,
        "Check that the daemon and the session's app are running, then try again.");
    HINTS.put(AVSessionErrorCode.SESSION_NOT_EXIST, "The session has ended; pick another one.");
    HINTS.put(AVSessionErrorCode.CONTROLLER_NOT_EXIST, "Reload the page to reconnect to the session.");
    HINTS.put(AVSessionErrorCode.REMOTE_CONNECTION_ERR, "Check that the other device is on and reachable.");
    HINTS.put(AVSessionErrorCode.COMMAND_INVALID,
        "This session does not accept that command; use the buttons that are enabled.");
    HINTS.put(AVSessionErrorCode.SESSION_INACTIVE, "Activate the session in its app first.");
    HINTS.put(AVSessionErrorCode.MESSAGE_OVERLOAD, "Slow down: wait a second before sending more commands.");
    HINTS.put(AVSessionErrorCode.DEVICE_CONNECTION_FAILED, "Check that the other device or cast renderer is on "
        + "and reachable; the devices panel lists the renderers found now.");
    HINTS.put(AVSessionErrorCode.REMOTE_CONNECTION_NOT_EXIST, "Connect to the other device first.");
    // Casting: the renderer or the media (README, "Casting (DLNA)", says what each code means).
    HINTS.put(AVSessionErrorCode.ERR_CODE_REMOTE_ERROR, "The renderer refused: try other media, or look at the "
        + "renderer.");
    HINTS.put(AVSessionErrorCode.ERR_CODE_TIMEOUT, "The renderer did not answer in time: check it, then try again.");
    HINTS.put(AVSessionErrorCode.ERR_CODE_INVALID_PARAM, "Fix the media URL: an http:// or https:// address of "
        + "the media itself.");
    HINTS.put(AVSessionErrorCode.ERR_CODE_IO_UNSPECIFIED, "The renderer cannot fetch or play the media: check that "
        + "it can reach the media's server and play its format.");
    HINTS.put(AVSessionErrorCode.ERR_CODE_IO_NETWORK_CONNECTION_FAILED, "The media's server refused the connection "
        + "or is unknown: check the URL and that the server runs and is reachable from here and the renderer.");
    HINTS.put(AVSessionErrorCode.ERR_CODE_IO_NETWORK_CONNECTION_TIMEOUT, "The media's server did not answer in "
        + "time: check the URL and that the server is reachable from here and the renderer.");
    HINTS.put(AVSessionErrorCode.ERR_CODE_IO_INVALID_HTTP_CONTENT_TYPE, "That URL is not audio or video (its "
        + "Content-Type says otherwise): give the address of the media file itself.");
    HINTS.put(AVSessionErrorCode.ERR_CODE_IO_BAD_HTTP_STATUS, "The media's server answered with an error: fix the "
        + "URL or the server.");
    HINTS.put(AVSessionErrorCode.ERR_CODE_IO_FILE_NOT_FOUND, "The media's server has nothing at that URL: check "
        + "the address.");
    HINTS.put(AVSessionErrorCode.ERR_CODE_IO_NO_PERMISSION, "The media's server refused access: use a URL that "
        + "needs no login, or fix the server's permissions.");
    HINTS.put(AVSessionErrorCode.ERR_CODE_IO_CLEARTEXT_NOT_PERMITTED, "This daemon casts https:// media only "
        + "(--cast-no-cleartext): use an https:// URL.");
    HINTS.put(AVSessionErrorCode.ERR_CODE_IO_NO_CONTENTS, "The media is empty: cast something else.");
  }

  /** For the cast codes (6611xxx, 6612xxx), which all point at the renderer or the media. */
  private static final String CAST_HINT = "Check the cast device and the media, then try again.";

  private ErrorHints() {}

  /** The hint for {@code code}. */
  static String hint(AVSessionErrorCode code) {
    String hint = HINTS.get(code);
    if (hint != null) {
      return hint;
    }
    return code.code() >= 6_611_000 ? CAST_HINT : "Try again; if it keeps failing, see baton dump.";
  }

  /** {@code {"error":{"code","message","detail","hint"}}} for {@code error}. */
  static ObjectNode json(AVSessionException error) {
    ObjectNode node = WebJson.object();
    node.putObject("error")
        .put("code", error.code())
        .put("message", error.errorCode().message())
        .put("detail", error.detail())
        .put("hint", hint(error.errorCode()));
    return node;
  }

  /** The HTTP status that goes with {@code code}: the request's fault (4xx) or the service's (5xx). */
  static int httpStatus(AVSessionErrorCode code) {
    switch (code) {
      case INVALID_PARAMETER:
        return 400;
      case PERMISSION_DENIED:
      case NOT_SYSTEM_APP:
        return 403;
      case SESSION_NOT_EXIST:
      case CONTROLLER_NOT_EXIST:
        return 404;
      case COMMAND_INVALID:
      case SESSION_INACTIVE:
        return 409;
      case MESSAGE_OVERLOAD:
        return 429;
      default:
        return 502;
    }
  }
}
