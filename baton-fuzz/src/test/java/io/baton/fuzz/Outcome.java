package io.baton.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.Nullable;
import io.baton.protocol.ErrorMapping;
import io.baton.protocol.v1.ErrorInfo;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import java.util.EnumSet;
import java.util.Set;

/**
 * How one call ended: a response, or a failure. The fuzz targets' oracle for errors: a refused call must end with
 * Baton's error trailers (not with a bare gRPC status, which means the daemon threw something it did not map), with a
 * code of {@link AVSessionErrorCode} that the method may raise, and with a detail that says what was wrong.
 *
 * @param method the method's bare name, for messages
 * @param response the response bytes on success
 * @param failure the status on failure
 */
record Outcome(String method, @Nullable byte[] response, @Nullable StatusRuntimeException failure) {
  private static final Metadata.Key<String> ERROR_CODE =
      Metadata.Key.of("baton-error-code", Metadata.ASCII_STRING_MARSHALLER);

  boolean ok() {
    return failure == null;
  }

  /**
   * The error this outcome reports, after checking that it came from the daemon's request handling with a code
   * {@code allowed} for this method. Null on success.
   */
  @Nullable AVSessionException assertOkOr(Set<AVSessionErrorCode> allowed) {
    if (failure == null) {
      return null;
    }
    Metadata trailers = failure.getTrailers();
    assertThat(trailers != null && trailers.containsKey(ERROR_CODE))
        .as("%s failed without Baton's error trailers (an unmapped failure): %s", method, failure.getStatus())
        .isTrue();
    AVSessionException error = ErrorMapping.fromThrowable(failure);
    String code = trailers.get(ERROR_CODE);
    assertThat(Integer.toString(error.code())).as("%s: a code AVSessionErrorCode knows", method).isEqualTo(code);
    assertThat(error.errorCode()).as("%s refused with an unexpected code (detail: %s)", method, error.detail())
        .isIn(allowed);
    assertThat(error.detail()).as("%s: the detail of %s", method, code).isNotBlank();
    assertThat(failure.getStatus().getDescription()).as("%s: the status description", method)
        .isEqualTo(error.errorCode().message());
    return error;
  }

  /** Like {@link #assertOkOr} for an answer that travelled as an {@link ErrorInfo} (Connect stream). */
  static @Nullable AVSessionException assertOkOr(String what, @Nullable ErrorInfo info,
      Set<AVSessionErrorCode> allowed) {
    if (info == null) {
      return null;
    }
    AVSessionException error = ErrorMapping.fromErrorInfo(info);
    assertThat(error.code()).as("%s: a code AVSessionErrorCode knows", what).isEqualTo(info.getCode());
    assertThat(error.errorCode()).as("%s refused with an unexpected code (detail: %s)", what, error.detail())
        .isIn(allowed);
    assertThat(info.getMessage()).as("%s: the message", what).isEqualTo(error.errorCode().message());
    assertThat(error.detail()).as("%s: the detail", what).isNotBlank();
    return error;
  }

  /** {@code first} plus {@code rest}. */
  static Set<AVSessionErrorCode> codes(AVSessionErrorCode first, AVSessionErrorCode... rest) {
    return EnumSet.of(first, rest);
  }

  @Override
  public String toString() {
    return method + (failure == null ? " ok (" + response.length + " bytes)" : " " + failure);
  }
}
