package io.baton.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import org.junit.jupiter.api.Test;

/** Tests for {@link ErrorHints}. */
class ErrorHintsTest {
  @Test
  void hint_everyCodeHasOne() {
    for (AVSessionErrorCode code : AVSessionErrorCode.values()) {
      assertThat(ErrorHints.hint(code)).as(code.name()).isNotBlank().endsWith(".");
    }
  }

  @Test
  void json_carriesCodeSeedMessageDetailAndHint() {
    JsonNode json = ErrorHints.json(new AVSessionException(AVSessionErrorCode.SESSION_INACTIVE, "session X is not active"))
        .get("error");

    assertThat(json.get("code").asInt()).isEqualTo(6600106);
    assertThat(json.get("message").asText()).isEqualTo("The session is not activated.");
    assertThat(json.get("detail").asText()).isEqualTo("session X is not active");
    assertThat(json.get("hint").asText()).isEqualTo("Activate the session in its app first.");
  }

  @Test
  void httpStatus_requestFaultsAre4xx_serviceFaults5xx() {
    assertThat(ErrorHints.httpStatus(AVSessionErrorCode.INVALID_PARAMETER)).isEqualTo(400);
    assertThat(ErrorHints.httpStatus(AVSessionErrorCode.SESSION_NOT_EXIST)).isEqualTo(404);
    assertThat(ErrorHints.httpStatus(AVSessionErrorCode.SESSION_INACTIVE)).isEqualTo(409);
    assertThat(ErrorHints.httpStatus(AVSessionErrorCode.MESSAGE_OVERLOAD)).isEqualTo(429);
    assertThat(ErrorHints.httpStatus(AVSessionErrorCode.SERVICE_EXCEPTION)).isEqualTo(502);
  }
}
