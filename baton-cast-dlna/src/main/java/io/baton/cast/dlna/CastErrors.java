package io.baton.cast.dlna;

import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The one mapping from what a renderer (or the network) says to Baton's cast error codes.
 *
 * <p>UPnP faults map by code (AVTransport 7xx and the generic 4xx/6xx, see {@link #forUpnpCode}). Renderers that
 * answer every fault with 501 "Action Failed" (gmediarender does) are mapped from the action and the fault
 * description where those say more ({@link #fromFault}). Anything else is 6611001, a remote player error.
 */
public final class CastErrors {
  private static final Map<Integer, AVSessionErrorCode> BY_UPNP_CODE = Map.ofEntries(
      Map.entry(701, AVSessionErrorCode.ERR_OPERATION_NOT_ALLOWED),
      Map.entry(705, AVSessionErrorCode.ERR_CODE_PLAYER_ERROR),
      Map.entry(710, AVSessionErrorCode.ERR_CODE_SEEK_MODE_UNSUPPORTED),
      Map.entry(711, AVSessionErrorCode.ERR_CODE_ILLEGAL_SEEK_TARGET),
      Map.entry(712, AVSessionErrorCode.ERR_CODE_PLAY_MODE_UNSUPPORTED),
      Map.entry(717, AVSessionErrorCode.ERR_CODE_PLAY_SPEED_UNSUPPORTED),
      Map.entry(725, AVSessionErrorCode.ERR_CODE_DEVICE_MISSED),
      Map.entry(402, AVSessionErrorCode.ERR_CODE_INVALID_PARAM),
      Map.entry(600, AVSessionErrorCode.ERR_CODE_INVALID_PARAM),
      Map.entry(603, AVSessionErrorCode.ERR_CODE_NO_MEMORY),
      Map.entry(702, AVSessionErrorCode.ERR_CODE_IO_NO_CONTENTS),
      Map.entry(703, AVSessionErrorCode.ERR_CODE_IO_READ_ERROR),
      Map.entry(715, AVSessionErrorCode.ERR_CODE_IO_CONTENT_BUSY),
      Map.entry(720, AVSessionErrorCode.ERR_CODE_IO_CONTENT_EXPIRED),
      Map.entry(721, AVSessionErrorCode.ERR_CODE_IO_USE_FORBIDDEN),
      Map.entry(722, AVSessionErrorCode.ERR_CODE_IO_NOT_VERIFIED),
      Map.entry(723, AVSessionErrorCode.ERR_CODE_IO_EXHAUSTED_ALLOWED_USES),
      Map.entry(714, AVSessionErrorCode.ERR_CODE_IO_INVALID_HTTP_CONTENT_TYPE),
      Map.entry(716, AVSessionErrorCode.ERR_CODE_IO_FILE_NOT_FOUND));

  private CastErrors() {}

  /** The code for a UPnP fault code; 6611001 (remote player error) for any code not in the table. */
  public static AVSessionErrorCode forUpnpCode(int upnpCode) {
    return BY_UPNP_CODE.getOrDefault(upnpCode, AVSessionErrorCode.ERR_CODE_REMOTE_ERROR);
  }

  /**
   * The error for a SOAP fault the renderer answered to {@code action}. A code in the table wins; for any other code
   * (notably the catch-all 501) the description and the action decide where they are telling, else 6611001.
   */
  public static AVSessionException fromFault(String action, int upnpCode, String description) {
    String detail = action + " failed on the renderer: UPnP error " + upnpCode
        + (description == null || description.isEmpty() ? "" : " \"" + description + "\"");
    AVSessionErrorCode code = BY_UPNP_CODE.get(upnpCode);
    if (code == null) {
      code = fromDescription(action, description == null ? "" : description.toLowerCase(Locale.ROOT));
    }
    return new AVSessionException(code, detail);
  }

  private static AVSessionErrorCode fromDescription(String action, String text) {
    if (text.contains("not allowed") || text.contains("transition")) {
      return AVSessionErrorCode.ERR_OPERATION_NOT_ALLOWED;
    }
    if (text.contains("locked")) {
      return AVSessionErrorCode.ERR_CODE_PLAYER_ERROR;
    }
    if (text.contains("seek mode") || (action.equals("Seek") && text.contains("unit"))) {
      return AVSessionErrorCode.ERR_CODE_SEEK_MODE_UNSUPPORTED;
    }
    if (action.equals("Seek") && (text.contains("target") || text.contains("range"))) {
      return AVSessionErrorCode.ERR_CODE_ILLEGAL_SEEK_TARGET;
    }
    if (text.contains("speed")) {
      return AVSessionErrorCode.ERR_CODE_PLAY_SPEED_UNSUPPORTED;
    }
    if (text.contains("play mode") || action.equals("SetPlayMode")) {
      return AVSessionErrorCode.ERR_CODE_PLAY_MODE_UNSUPPORTED;
    }
    if (text.contains("mime") || text.contains("content type")) {
      return AVSessionErrorCode.ERR_CODE_IO_INVALID_HTTP_CONTENT_TYPE;
    }
    if (text.contains("not found")) {
      return AVSessionErrorCode.ERR_CODE_IO_FILE_NOT_FOUND;
    }
    if (text.contains("no content")) {
      return AVSessionErrorCode.ERR_CODE_IO_NO_CONTENTS;
    }
    if (text.contains("busy")) {
      return AVSessionErrorCode.ERR_CODE_IO_CONTENT_BUSY;
    }
    if (text.contains("invalid arg") || text.contains("invalid value")) {
      return AVSessionErrorCode.ERR_CODE_INVALID_PARAM;
    }
    return AVSessionErrorCode.ERR_CODE_REMOTE_ERROR;
  }

  /**
   * The error for a request to the renderer that got no answer: 6611003 when the deadline passed, 6600108 when the
   * renderer cannot be reached at all (refused, no route, unknown host), 6611001 when the connection broke.
   */
  public static AVSessionException fromTransport(String action, IOException failure, Duration deadline) {
    if (failure instanceof HttpTimeoutException) {
      return new AVSessionException(AVSessionErrorCode.ERR_CODE_TIMEOUT,
          action + ": the renderer did not answer within " + deadline.toMillis() + " ms");
    }
    if (isUnreachable(failure)) {
      return new AVSessionException(AVSessionErrorCode.DEVICE_CONNECTION_FAILED,
          action + ": the renderer cannot be reached (" + describe(failure) + ")");
    }
    return new AVSessionException(AVSessionErrorCode.ERR_CODE_REMOTE_ERROR,
        action + ": the connection to the renderer broke (" + describe(failure) + ")");
  }

  /** Whether {@code failure} means "nobody there" (as opposed to a slow answer). */
  static boolean isUnreachable(IOException failure) {
    return failure instanceof ConnectException || failure instanceof NoRouteToHostException
        || failure instanceof UnknownHostException || failure.getCause() instanceof UnresolvedAddressException;
  }

  /** Whether {@code code} belongs on the I/O error channel (6612xxx) rather than the generic one (6611xxx). */
  public static boolean isIoError(int code) {
    return code >= 6612000 && code < 6613000;
  }

  static String describe(Throwable t) {
    String message = t.getMessage();
    String name = t.getClass().getSimpleName();
    return message == null || message.isEmpty() ? name : name + ": " + message;
  }
}
