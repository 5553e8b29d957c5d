package io.baton.protocol;

import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.Nullable;
import io.baton.protocol.v1.ErrorInfo;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;

/**
 * Maps {@link AVSessionException} to gRPC statuses and {@link ErrorInfo} messages and back. This is the only code that
 * builds or reads Baton's error trailers, so that the daemon and the SDK cannot disagree on them.
 *
 * <p>A failed call ends with a status whose code follows the AVSession code (see {@link #toStatusException}), whose
 * description is the code's seed message, and whose trailers carry {@code baton-error-code} (the code in decimal) and
 * {@code baton-error-detail-bin} (the detail in UTF-8). A status without {@code baton-error-code} did not come from the
 * daemon's request handling: gRPC itself produced it (no daemon, broken connection, deadline, cancellation).
 */
public final class ErrorMapping {
  static final Metadata.Key<String> ERROR_CODE_KEY =
      Metadata.Key.of("baton-error-code", Metadata.ASCII_STRING_MARSHALLER);
  // Binary, because the detail often quotes client input, which need not be ASCII.
  static final Metadata.Key<byte[]> ERROR_DETAIL_KEY =
      Metadata.Key.of("baton-error-detail-bin", Metadata.BINARY_BYTE_MARSHALLER);

  private ErrorMapping() {}

  /**
   * The status exception that ends a call failed with {@code e}: INVALID_ARGUMENT for 401, NOT_FOUND for 6600102 and
   * 6600103, FAILED_PRECONDITION for 6600105 and 6600106, RESOURCE_EXHAUSTED for 6600107, PERMISSION_DENIED for 201
   * and 202, INTERNAL for every other code.
   */
  public static StatusRuntimeException toStatusException(AVSessionException e) {
    Metadata trailers = new Metadata();
    trailers.put(ERROR_CODE_KEY, Integer.toString(e.code()));
    trailers.put(ERROR_DETAIL_KEY, e.detail().getBytes(StandardCharsets.UTF_8));
    return grpcCode(e.errorCode())
        .toStatus()
        .withDescription(e.errorCode().message())
        .withCause(e)
        .asRuntimeException(trailers);
  }

  private static Status.Code grpcCode(AVSessionErrorCode code) {
    switch (code) {
      case INVALID_PARAMETER:
        return Status.Code.INVALID_ARGUMENT;
      case SESSION_NOT_EXIST:
      case CONTROLLER_NOT_EXIST:
        return Status.Code.NOT_FOUND;
      case COMMAND_INVALID:
      case SESSION_INACTIVE:
        return Status.Code.FAILED_PRECONDITION;
      case MESSAGE_OVERLOAD:
        return Status.Code.RESOURCE_EXHAUSTED;
      case PERMISSION_DENIED:
      case NOT_SYSTEM_APP:
        return Status.Code.PERMISSION_DENIED;
      default:
        return Status.Code.INTERNAL;
    }
  }

  /**
   * The {@link AVSessionException} that {@code t} stands for. Walks {@code t}'s cause chain: an
   * {@code AVSessionException} is returned as is; a gRPC status with Baton's trailers becomes the exception they
   * describe (an unknown code becomes 6600101); a status without them (daemon unreachable, connection broken, deadline
   * exceeded, cancelled) becomes 6600101 naming the status. Any other throwable becomes 6600101 as in
   * {@link AVSessionException#fromThrowable}.
   */
  public static AVSessionException fromThrowable(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof AVSessionException) {
        return (AVSessionException) c;
      }
      Status status = statusOf(c);
      if (status != null) {
        return fromStatus(status, trailersOf(c), c);
      }
    }
    return AVSessionException.fromThrowable(t);
  }

  /**
   * Whether {@code t} is a failure to reach the daemon rather than an answer from it: the first gRPC status in its
   * cause chain has code UNAVAILABLE and no {@code baton-error-code} trailer. The SDK retries exactly these failures.
   */
  public static boolean isTransportFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof AVSessionException) {
        return false;
      }
      Status status = statusOf(c);
      if (status != null) {
        Metadata trailers = trailersOf(c);
        return status.getCode() == Status.Code.UNAVAILABLE
            && (trailers == null || !trailers.containsKey(ERROR_CODE_KEY));
      }
    }
    return false;
  }

  /** The {@link ErrorInfo} that reports {@code e} in a command result. */
  public static ErrorInfo toErrorInfo(AVSessionException e) {
    return ErrorInfo.newBuilder()
        .setCode(e.code())
        .setMessage(e.errorCode().message())
        .setDetail(e.detail())
        .build();
  }

  /**
   * The exception that {@code info} reports. The message is not read back: it is always the seed message of the code.
   * An unknown code becomes 6600101, with the code in the detail.
   */
  public static AVSessionException fromErrorInfo(ErrorInfo info) {
    return exception(info.getCode(), info.getDetail(), null);
  }

  private static AVSessionException fromStatus(Status status, @Nullable Metadata trailers, Throwable cause) {
    String code = trailers == null ? null : trailers.get(ERROR_CODE_KEY);
    if (code == null) {
      String what = status.getCode() == Status.Code.UNAVAILABLE ? "daemon unreachable: " : "daemon call failed: ";
      return new AVSessionException(AVSessionErrorCode.SERVICE_EXCEPTION, what + describe(status), cause);
    }
    byte[] detail = trailers.get(ERROR_DETAIL_KEY);
    String detailText = detail == null ? "" : new String(detail, StandardCharsets.UTF_8);
    int number;
    try {
      number = Integer.parseInt(code);
    } catch (NumberFormatException e) {
      return new AVSessionException(
          AVSessionErrorCode.SERVICE_EXCEPTION, "malformed error code '" + code + "': " + describe(status), cause);
    }
    return exception(number, detailText, cause);
  }

  private static AVSessionException exception(int code, String detail, @Nullable Throwable cause) {
    AVSessionErrorCode errorCode = AVSessionErrorCode.fromCodeOrServiceException(code);
    if (errorCode.code() != code) {
      // A newer daemon may report a code this SDK does not know; keep the number for whoever reads the detail.
      detail = "error code " + code + (detail.isEmpty() ? "" : ": " + detail);
    }
    return new AVSessionException(errorCode, detail, cause);
  }

  private static String describe(Status status) {
    StringBuilder s = new StringBuilder(status.getCode().name());
    if (status.getDescription() != null) {
      s.append(": ").append(status.getDescription());
    }
    // Transport failures often say only "io exception"; the cause says what actually happened.
    if (status.getCause() != null) {
      s.append(" (").append(status.getCause()).append(')');
    }
    return s.toString();
  }

  private static @Nullable Status statusOf(Throwable t) {
    if (t instanceof StatusRuntimeException) {
      return ((StatusRuntimeException) t).getStatus();
    }
    if (t instanceof StatusException) {
      return ((StatusException) t).getStatus();
    }
    return null;
  }

  private static @Nullable Metadata trailersOf(Throwable t) {
    return t instanceof StatusRuntimeException
        ? ((StatusRuntimeException) t).getTrailers()
        : ((StatusException) t).getTrailers();
  }
}
