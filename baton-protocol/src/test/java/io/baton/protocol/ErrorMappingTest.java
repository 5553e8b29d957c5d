package io.baton.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.protocol.v1.ErrorInfo;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ErrorMappingTest {

  private static final String DETAIL = "tag 'é' too long";

  /** What the client sees: the status and trailers as they cross the wire, without the server-side cause. */
  private static StatusRuntimeException overTheWire(StatusRuntimeException e) {
    Metadata trailers = new Metadata();
    trailers.merge(e.getTrailers());
    return Status.fromCodeValue(e.getStatus().getCode().value())
        .withDescription(e.getStatus().getDescription())
        .asRuntimeException(trailers);
  }

  @ParameterizedTest
  @EnumSource(AVSessionErrorCode.class)
  void fromThrowable_statusFromToStatusException_roundTripsEveryCode(AVSessionErrorCode code) {
    StatusRuntimeException status = overTheWire(ErrorMapping.toStatusException(code.toException(DETAIL)));

    AVSessionException e = ErrorMapping.fromThrowable(status);

    assertThat(e.errorCode()).isEqualTo(code);
    assertThat(e.getMessage()).isEqualTo(code.message() + " (" + DETAIL + ")");
    assertThat(e.detail()).isEqualTo(DETAIL);
    assertThat(status.getStatus().getDescription()).isEqualTo(code.message());
  }

  @Test
  void toStatusException_trailers_carryDecimalCodeAndUtf8Detail() {
    StatusRuntimeException status =
        ErrorMapping.toStatusException(AVSessionErrorCode.SESSION_NOT_EXIST.toException(DETAIL));

    assertThat(status.getTrailers().get(ErrorMapping.ERROR_CODE_KEY)).isEqualTo("6600102");
    assertThat(status.getTrailers().get(ErrorMapping.ERROR_DETAIL_KEY))
        .isEqualTo(DETAIL.getBytes(StandardCharsets.UTF_8));
    assertThat(ErrorMapping.ERROR_CODE_KEY.name()).isEqualTo("baton-error-code");
    assertThat(ErrorMapping.ERROR_DETAIL_KEY.name()).isEqualTo("baton-error-detail-bin");
  }

  @ParameterizedTest
  @CsvSource({
    "INVALID_PARAMETER, INVALID_ARGUMENT",
    "SESSION_NOT_EXIST, NOT_FOUND",
    "CONTROLLER_NOT_EXIST, NOT_FOUND",
    "COMMAND_INVALID, FAILED_PRECONDITION",
    "SESSION_INACTIVE, FAILED_PRECONDITION",
    "MESSAGE_OVERLOAD, RESOURCE_EXHAUSTED",
    "PERMISSION_DENIED, PERMISSION_DENIED",
    "NOT_SYSTEM_APP, PERMISSION_DENIED",
    "SERVICE_EXCEPTION, INTERNAL",
    "REMOTE_CONNECTION_ERR, INTERNAL",
    "DEVICE_CONNECTION_FAILED, INTERNAL",
    "ERR_CODE_TIMEOUT, INTERNAL",
    "ERR_CODE_IO_NETWORK_PACKET_SENDING_FAILED, INTERNAL",
  })
  void toStatusException_errorCode_mapsToGrpcCode(AVSessionErrorCode code, Status.Code expected) {
    StatusRuntimeException status = ErrorMapping.toStatusException(code.toException(""));

    assertThat(status.getStatus().getCode()).isEqualTo(expected);
  }

  @Test
  void toStatusException_emptyDetail_roundTripsAsEmpty() {
    StatusRuntimeException status =
        overTheWire(ErrorMapping.toStatusException(AVSessionErrorCode.COMMAND_INVALID.toException("")));

    AVSessionException e = ErrorMapping.fromThrowable(status);

    assertThat(e.detail()).isEmpty();
    assertThat(e.getMessage()).isEqualTo(AVSessionErrorCode.COMMAND_INVALID.message());
  }

  @Test
  void fromThrowable_statusWithoutTrailers_isServiceExceptionNamingStatus() {
    StatusRuntimeException status = Status.UNAVAILABLE.withDescription("io exception").asRuntimeException();

    AVSessionException e = ErrorMapping.fromThrowable(status);

    assertThat(e.code()).isEqualTo(6600101);
    assertThat(e.detail()).isEqualTo("daemon unreachable: UNAVAILABLE: io exception");
    assertThat(e.getCause()).isSameAs(status);
  }

  @Test
  void fromThrowable_statusWithTransportCause_namesCause() {
    StatusRuntimeException status = Status.UNAVAILABLE
        .withDescription("io exception")
        .withCause(new IOException("Connection refused"))
        .asRuntimeException();

    AVSessionException e = ErrorMapping.fromThrowable(status);

    assertThat(e.detail()).contains("Connection refused");
  }

  @Test
  void fromThrowable_deadlineExceeded_isServiceExceptionNamingStatus() {
    StatusException status = Status.DEADLINE_EXCEEDED.withDescription("deadline exceeded after 5s").asException();

    AVSessionException e = ErrorMapping.fromThrowable(status);

    assertThat(e.code()).isEqualTo(6600101);
    assertThat(e.detail()).contains("DEADLINE_EXCEEDED").contains("deadline exceeded after 5s");
  }

  @Test
  void fromThrowable_wrappedStatus_findsItInCauseChain() {
    StatusRuntimeException status =
        overTheWire(ErrorMapping.toStatusException(AVSessionErrorCode.MESSAGE_OVERLOAD.toException("outbox full")));

    AVSessionException e = ErrorMapping.fromThrowable(new CompletionException(new ExecutionException(status)));

    assertThat(e.errorCode()).isEqualTo(AVSessionErrorCode.MESSAGE_OVERLOAD);
    assertThat(e.detail()).isEqualTo("outbox full");
  }

  @Test
  void fromThrowable_avSessionException_isReturnedAsIs() {
    AVSessionException original = AVSessionErrorCode.SESSION_INACTIVE.toException("x");

    assertThat(ErrorMapping.fromThrowable(new CompletionException(original))).isSameAs(original);
  }

  @Test
  void fromThrowable_unknownCode_isServiceExceptionKeepingNumber() {
    Metadata trailers = new Metadata();
    trailers.put(ErrorMapping.ERROR_CODE_KEY, "6699999");
    trailers.put(ErrorMapping.ERROR_DETAIL_KEY, "new".getBytes(StandardCharsets.UTF_8));

    AVSessionException e = ErrorMapping.fromThrowable(Status.INTERNAL.asRuntimeException(trailers));

    assertThat(e.errorCode()).isEqualTo(AVSessionErrorCode.SERVICE_EXCEPTION);
    assertThat(e.detail()).isEqualTo("error code 6699999: new");
  }

  @Test
  void fromThrowable_malformedCode_isServiceException() {
    Metadata trailers = new Metadata();
    trailers.put(ErrorMapping.ERROR_CODE_KEY, "abc");

    AVSessionException e = ErrorMapping.fromThrowable(Status.INTERNAL.asRuntimeException(trailers));

    assertThat(e.errorCode()).isEqualTo(AVSessionErrorCode.SERVICE_EXCEPTION);
    assertThat(e.detail()).contains("abc");
  }

  @Test
  void fromThrowable_otherThrowable_isServiceExceptionWithCause() {
    IllegalStateException failure = new IllegalStateException("boom");

    AVSessionException e = ErrorMapping.fromThrowable(failure);

    assertThat(e.errorCode()).isEqualTo(AVSessionErrorCode.SERVICE_EXCEPTION);
    assertThat(e.getCause()).isSameAs(failure);
  }

  @Test
  void isTransportFailure_unavailableWithoutTrailers_isTrue() {
    StatusRuntimeException status = Status.UNAVAILABLE.asRuntimeException();

    assertThat(ErrorMapping.isTransportFailure(status)).isTrue();
    assertThat(ErrorMapping.fromThrowable(status).code()).isEqualTo(6600101);
  }

  @Test
  void isTransportFailure_wrappedUnavailable_isTrue() {
    StatusException status = Status.UNAVAILABLE.withDescription("connection closed").asException();

    assertThat(ErrorMapping.isTransportFailure(new CompletionException(status))).isTrue();
  }

  @Test
  void isTransportFailure_unavailableWithBatonTrailer_isFalse() {
    Metadata trailers = new Metadata();
    trailers.put(ErrorMapping.ERROR_CODE_KEY, "6600101");

    assertThat(ErrorMapping.isTransportFailure(Status.UNAVAILABLE.asRuntimeException(trailers))).isFalse();
  }

  @Test
  void isTransportFailure_daemonError_isFalse() {
    StatusRuntimeException status =
        overTheWire(ErrorMapping.toStatusException(AVSessionErrorCode.SERVICE_EXCEPTION.toException("")));

    assertThat(ErrorMapping.isTransportFailure(status)).isFalse();
  }

  @Test
  void isTransportFailure_otherStatusWithoutTrailers_isFalse() {
    assertThat(ErrorMapping.isTransportFailure(Status.DEADLINE_EXCEEDED.asRuntimeException())).isFalse();
    assertThat(ErrorMapping.isTransportFailure(Status.CANCELLED.asRuntimeException())).isFalse();
  }

  @Test
  void isTransportFailure_nonGrpcThrowable_isFalse() {
    assertThat(ErrorMapping.isTransportFailure(new IOException("x"))).isFalse();
    assertThat(ErrorMapping.isTransportFailure(AVSessionErrorCode.SERVICE_EXCEPTION.toException("x"))).isFalse();
  }

  @ParameterizedTest
  @EnumSource(AVSessionErrorCode.class)
  void fromErrorInfo_infoFromToErrorInfo_roundTripsEveryCode(AVSessionErrorCode code) {
    ErrorInfo info = ErrorMapping.toErrorInfo(code.toException(DETAIL));

    AVSessionException e = ErrorMapping.fromErrorInfo(info);

    assertThat(info.getCode()).isEqualTo(code.code());
    assertThat(info.getMessage()).isEqualTo(code.message());
    assertThat(info.getDetail()).isEqualTo(DETAIL);
    assertThat(e.errorCode()).isEqualTo(code);
    assertThat(e.detail()).isEqualTo(DETAIL);
  }

  @Test
  void fromErrorInfo_unknownCode_isServiceExceptionKeepingNumber() {
    ErrorInfo info = ErrorInfo.newBuilder().setCode(12).setMessage("?").setDetail("").build();

    AVSessionException e = ErrorMapping.fromErrorInfo(info);

    assertThat(e.errorCode()).isEqualTo(AVSessionErrorCode.SERVICE_EXCEPTION);
    assertThat(e.detail()).isEqualTo("error code 12");
  }
}
