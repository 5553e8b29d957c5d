package io.baton.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Tests for {@link AVSessionErrorCode}: codes and messages are the seed's. */
class AVSessionErrorCodeTest {

  @Test
  void values_areUniqueAndCoverTheSeedRanges() {
    assertThat(Arrays.stream(AVSessionErrorCode.values()).map(AVSessionErrorCode::code)).doesNotHaveDuplicates();
    assertThat(AVSessionErrorCode.values()).hasSize(3 + 9 + 14 + 9 + 8);
  }

  @Test
  void messages_matchTheSeedExactly() {
    assertThat(AVSessionErrorCode.SESSION_NOT_EXIST.message()).isEqualTo("The session does not exist.");
    assertThat(AVSessionErrorCode.MESSAGE_OVERLOAD.message()).isEqualTo("Too many commands or events.");
    assertThat(AVSessionErrorCode.REMOTE_CONNECTION_NOT_EXIST.message())
        .isEqualTo("The remote connection is not established.");
    assertThat(AVSessionErrorCode.ERR_CODE_IO_INVALID_HTTP_CONTENT_TYPE.message())
        .isEqualTo("Invalid \"Content-Type\" HTTP header.");
  }

  @Test
  void fromCodeOrServiceException_unknown_isServiceException() {
    assertThat(AVSessionErrorCode.fromCodeOrServiceException(42)).isEqualTo(AVSessionErrorCode.SERVICE_EXCEPTION);
    assertThat(AVSessionErrorCode.fromCode(6600106)).contains(AVSessionErrorCode.SESSION_INACTIVE);
  }

  @Test
  void exceptionMessage_isSeedMessageWithDetail() {
    AVSessionException e = AVSessionErrorCode.INVALID_PARAMETER.toException("tag: must not be empty");

    assertThat(e.getMessage()).isEqualTo("Parameter error. (tag: must not be empty)");
    assertThat(e.code()).isEqualTo(401);
  }
}
