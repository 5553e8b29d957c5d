package io.baton.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.baton.api.AVControlCommand;
import io.baton.api.AVControlCommandType;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.LoopMode;
import org.junit.jupiter.api.Test;

/** Tests for {@link WebCommands}. */
class WebCommandsTest {
  @Test
  void parse_commandsWithTheirParameters() {
    assertThat(WebCommands.parse("{\"command\":\"pause\"}")).isEqualTo(AVControlCommand.pause());
    assertThat(WebCommands.parse("{\"command\":\"seek\",\"parameter\":90000}"))
        .isEqualTo(AVControlCommand.seek(90_000));
    assertThat(WebCommands.parse("{\"command\":\"fastForward\"}"))
        .isEqualTo(AVControlCommand.of(AVControlCommandType.FAST_FORWARD));
    assertThat(WebCommands.parse("{\"command\":\"rewind\",\"parameter\":5000}"))
        .isEqualTo(AVControlCommand.rewind(5000));
    assertThat(WebCommands.parse("{\"command\":\"setSpeed\",\"parameter\":1.5}"))
        .isEqualTo(AVControlCommand.setSpeed(1.5));
    assertThat(WebCommands.parse("{\"command\":\"setSpeed\",\"parameter\":2}"))
        .isEqualTo(AVControlCommand.setSpeed(2.0));
    assertThat(WebCommands.parse("{\"command\":\"setLoopMode\",\"parameter\":\"shuffle\"}"))
        .isEqualTo(AVControlCommand.setLoopMode(LoopMode.SHUFFLE));
    assertThat(WebCommands.parse("{\"command\":\"toggleFavorite\",\"parameter\":\"demo-1\"}"))
        .isEqualTo(AVControlCommand.toggleFavorite("demo-1"));
    assertThat(WebCommands.parse("{\"command\":\"playFromAssetId\",\"parameter\":7}"))
        .isEqualTo(AVControlCommand.playFromAssetId(7));
  }

  @Test
  void parse_badInput_is401NamingTheProblem() {
    assertInvalid("not json", "body must be a JSON object");
    assertInvalid("[1]", "body must be a JSON object");
    assertInvalid("{}", "command: missing");
    assertInvalid("{\"command\":\"dance\"}", "unknown control command 'dance'");
    assertInvalid("{\"command\":\"seek\"}", "seek needs an integer of milliseconds");
    assertInvalid("{\"command\":\"seek\",\"parameter\":\"10\"}", "seek needs an integer of milliseconds");
    assertInvalid("{\"command\":\"seek\",\"parameter\":1.5}", "seek needs an integer of milliseconds");
    assertInvalid("{\"command\":\"setSpeed\",\"parameter\":\"fast\"}", "setSpeed needs a number");
    assertInvalid("{\"command\":\"setLoopMode\",\"parameter\":\"forever\"}", "unknown loop mode 'forever'");
    assertInvalid("{\"command\":\"toggleFavorite\"}", "toggleFavorite needs the asset id");
    assertInvalid("{\"command\":\"play\",\"parameter\":1}", "play takes none");
  }

  private static void assertInvalid(String body, String detail) {
    AVSessionException e = catchThrowableOfType(AVSessionException.class, () -> WebCommands.parse(body));
    assertThat(e).as(body).isNotNull();
    assertThat(e.errorCode()).isEqualTo(AVSessionErrorCode.INVALID_PARAMETER);
    assertThat(e.detail()).contains(detail);
  }
}
