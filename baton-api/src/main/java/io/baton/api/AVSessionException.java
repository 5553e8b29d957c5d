package io.baton.api;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * An AVSession error: a {@linkplain AVSessionErrorCode code}, the seed message of that code and an optional detail
 * saying exactly what went wrong (for example which field of a request was invalid).
 *
 * <p>Exceptions have no natural equality: compare {@link #errorCode()} instead. {@link #getMessage()} is the seed
 * message followed by the detail in parentheses.
 */
public final class AVSessionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final AVSessionErrorCode errorCode;
  private final String detail;

  /** An exception with {@code errorCode} and a detail ({@code ""} for none). */
  public AVSessionException(AVSessionErrorCode errorCode, String detail) {
    this(errorCode, detail, null);
  }

  /** An exception with {@code errorCode}, a detail ({@code ""} for none) and a local cause (never sent over IPC). */
  public AVSessionException(AVSessionErrorCode errorCode, String detail, Throwable cause) {
    super(format(errorCode, detail), cause);
    this.errorCode = errorCode;
    this.detail = detail == null ? "" : detail;
  }

  private static String format(AVSessionErrorCode errorCode, String detail) {
    return detail == null || detail.isEmpty() ? errorCode.message() : errorCode.message() + " (" + detail + ")";
  }

  /** The error code. */
  public AVSessionErrorCode errorCode() {
    return errorCode;
  }

  /** The numeric code, for example {@code 6600102}. */
  public int code() {
    return errorCode.code();
  }

  /** What exactly went wrong, or {@code ""}. */
  public String detail() {
    return detail;
  }

  /**
   * Finds the {@code AVSessionException} in {@code t}'s cause chain (through {@link CompletionException} and
   * {@link ExecutionException} wrappers); any other throwable becomes {@link AVSessionErrorCode#SERVICE_EXCEPTION}
   * with {@code t} as its cause.
   */
  public static AVSessionException fromThrowable(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof AVSessionException) {
        return (AVSessionException) c;
      }
    }
    return new AVSessionException(AVSessionErrorCode.SERVICE_EXCEPTION, String.valueOf(t), t);
  }
}
