package io.baton.api;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every error code Baton reports, with the exact English message of OpenHarmony's AVSession error-code document.
 *
 * <p>Codes are grouped by range, like Media3's {@code PlaybackException}: 2xx/4xx are the universal codes,
 * 66001xx the session service, 6611xxx cast control, 6612xxx cast input/output and content. The numeric values and
 * messages are part of Baton's public contract and never change. The README's error table says which situation
 * raises each code.
 */
public enum AVSessionErrorCode {
  // ---- Universal codes
  /** The caller lacks the permission to manage media resources of other users. */
  PERMISSION_DENIED(201, "Permission denied."),
  /** The call is reserved for system callers (the daemon's own user or root). */
  NOT_SYSTEM_APP(202, "Caller is not a system application."),
  /** A parameter is missing, malformed or out of range; the detail names the field. */
  INVALID_PARAMETER(401, "Parameter error."),

  // ---- Session service: 66001xx
  SERVICE_EXCEPTION(6600101, "Session service exception."),
  SESSION_NOT_EXIST(6600102, "The session does not exist."),
  CONTROLLER_NOT_EXIST(6600103, "The session controller does not exist."),
  REMOTE_CONNECTION_ERR(6600104, "The remote session connection failed."),
  COMMAND_INVALID(6600105, "Invalid session command."),
  SESSION_INACTIVE(6600106, "The session is not activated."),
  MESSAGE_OVERLOAD(6600107, "Too many commands or events."),
  DEVICE_CONNECTION_FAILED(6600108, "Device connection failed."),
  REMOTE_CONNECTION_NOT_EXIST(6600109, "The remote connection is not established."),

  // ---- Cast control: 6611xxx
  ERR_CODE_UNSPECIFIED(6611000, "The error code for cast control is unspecified."),
  ERR_CODE_REMOTE_ERROR(6611001, "An unspecified error occurs in the remote player."),
  ERR_CODE_BEHIND_LIVE_WINDOW(6611002, "The playback position falls behind the live window."),
  ERR_CODE_TIMEOUT(6611003, "The process of cast control times out."),
  ERR_CODE_RUNTIME_CHECK_FAILED(6611004, "The runtime check failed."),
  ERR_CODE_PLAYER_ERROR(6611100, "Cross-device data transmission is locked."),
  ERR_CODE_SEEK_MODE_UNSUPPORTED(6611101, "The specified seek mode is not supported."),
  ERR_CODE_ILLEGAL_SEEK_TARGET(
      6611102,
      "The position to seek to is out of the range of the media asset or the specified seek mode is not supported."),
  ERR_CODE_PLAY_MODE_UNSUPPORTED(6611103, "The specified playback mode is not supported."),
  ERR_CODE_PLAY_SPEED_UNSUPPORTED(6611104, "The specified playback speed is not supported."),
  ERR_CODE_DEVICE_MISSED(
      6611105,
      "The action failed because either the media source device or the media sink device has been revoked."),
  ERR_CODE_INVALID_PARAM(6611106, "The parameter is invalid, for example, the url is illegal to play."),
  ERR_CODE_NO_MEMORY(6611107, "Allocation of memory failed."),
  ERR_OPERATION_NOT_ALLOWED(6611108, "Operation is not allowed."),

  // ---- Cast input/output: 66120xx
  ERR_CODE_IO_UNSPECIFIED(6612000, "An unspecified input/output error occurs."),
  ERR_CODE_IO_NETWORK_CONNECTION_FAILED(6612001, "Network connection failure."),
  ERR_CODE_IO_NETWORK_CONNECTION_TIMEOUT(6612002, "Network timeout."),
  ERR_CODE_IO_INVALID_HTTP_CONTENT_TYPE(6612003, "Invalid \"Content-Type\" HTTP header."),
  ERR_CODE_IO_BAD_HTTP_STATUS(6612004, "The HTTP server returns an unexpected HTTP response status code."),
  ERR_CODE_IO_FILE_NOT_FOUND(6612005, "The file does not exist."),
  ERR_CODE_IO_NO_PERMISSION(6612006, "No permission is granted to perform the IO operation."),
  ERR_CODE_IO_CLEARTEXT_NOT_PERMITTED(
      6612007, "Access to cleartext HTTP traffic is not allowed by the app's network security configuration."),
  ERR_CODE_IO_READ_POSITION_OUT_OF_RANGE(6612008, "Reading data out of the data bound."),

  // ---- Cast content: 66121xx
  ERR_CODE_IO_NO_CONTENTS(6612100, "The media does not contain any contents that can be played."),
  ERR_CODE_IO_READ_ERROR(6612101, "The media cannot be read, for example, because of dust or scratches."),
  ERR_CODE_IO_CONTENT_BUSY(6612102, "This resource is already in use."),
  ERR_CODE_IO_CONTENT_EXPIRED(6612103, "The content using the validity interval has expired."),
  ERR_CODE_IO_USE_FORBIDDEN(6612104, "Using the requested content to play is not allowed."),
  ERR_CODE_IO_NOT_VERIFIED(6612105, "The use of the allowed content cannot be verified."),
  ERR_CODE_IO_EXHAUSTED_ALLOWED_USES(
      6612106,
      "The number of times this content has been used as requested has reached the maximum allowed number of uses."),
  ERR_CODE_IO_NETWORK_PACKET_SENDING_FAILED(
      6612107, "An error occurs when sending packet from source device to sink device.");

  private static final Map<Integer, AVSessionErrorCode> BY_CODE;

  static {
    Map<Integer, AVSessionErrorCode> byCode = new HashMap<>();
    for (AVSessionErrorCode c : values()) {
      byCode.put(c.code, c);
    }
    BY_CODE = Collections.unmodifiableMap(byCode);
  }

  private final int code;
  private final String message;

  AVSessionErrorCode(int code, String message) {
    this.code = code;
    this.message = message;
  }

  /** The numeric code, for example {@code 6600102}. */
  public int code() {
    return code;
  }

  /** The seed document's exact English message, for example {@code "The session does not exist."}. */
  public String message() {
    return message;
  }

  /** The constant with this numeric code, if Baton defines it. */
  public static Optional<AVSessionErrorCode> fromCode(int code) {
    return Optional.ofNullable(BY_CODE.get(code));
  }

  /**
   * The constant with this numeric code; an unknown code maps to {@link #SERVICE_EXCEPTION}, as Baton maps every
   * unmapped internal failure.
   */
  public static AVSessionErrorCode fromCodeOrServiceException(int code) {
    return BY_CODE.getOrDefault(code, SERVICE_EXCEPTION);
  }

  /** A new exception with this code and a detail saying exactly what went wrong. */
  public AVSessionException toException(String detail) {
    return new AVSessionException(this, detail);
  }

  @Override
  public String toString() {
    return code + " " + message;
  }
}
