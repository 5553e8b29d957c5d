package io.baton.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.baton.api.AVControlCommand;
import io.baton.api.AVControlCommandType;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.LoopMode;
import java.util.Locale;

/**
 * Reads the body of {@code POST /api/sessions/{id}/commands}: {@code {"command":"<upstream name>","parameter":…}}.
 *
 * <p>Parameters: {@code seek} (position), {@code fastForward} and {@code rewind} (optional step): milliseconds, an
 * integer; {@code setSpeed}: a number; {@code setLoopMode}: a loop mode's name ({@code "SHUFFLE"}, any case);
 * {@code toggleFavorite} and {@code playWithAssetId}: an asset id; {@code playFromAssetId}: an integer. Only the shape
 * is checked here (401, naming the field); the daemon checks the rest, as for any controller.
 */
/* package */ final class WebCommands {
  private WebCommands() {}

  /**
   * The command in {@code body}.
   *
   * @throws AVSessionException 401 naming what is missing or malformed
   */
  static AVControlCommand parse(String body) {
    JsonNode json;
    try {
      json = WebJson.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw invalid("body must be a JSON object {\"command\":…}: " + e.getOriginalMessage());
    }
    if (json == null || !json.isObject()) {
      throw invalid("body must be a JSON object {\"command\":…}");
    }
    JsonNode name = json.get("command");
    if (name == null || !name.isTextual()) {
      throw invalid("command: missing (an upstream command name such as \"pause\")");
    }
    AVControlCommandType type;
    try {
      type = AVControlCommandType.fromCommandName(name.asText());
    } catch (IllegalArgumentException e) {
      throw invalid("command: " + e.getMessage());
    }
    JsonNode parameter = json.get("parameter");
    boolean absent = parameter == null || parameter.isNull();
    switch (type) {
      case SEEK:
        return AVControlCommand.of(type, milliseconds(parameter, absent, true));
      case FAST_FORWARD:
      case REWIND:
        return absent ? AVControlCommand.of(type) : AVControlCommand.of(type, milliseconds(parameter, false, false));
      case SET_SPEED:
        if (absent || !parameter.isNumber()) {
          throw invalid("parameter: setSpeed needs a number, such as 1.5");
        }
        return AVControlCommand.setSpeed(parameter.asDouble());
      case SET_LOOP_MODE:
      case SET_TARGET_LOOP_MODE:
        return AVControlCommand.of(type, loopMode(parameter, absent));
      case TOGGLE_FAVORITE:
      case PLAY_WITH_ASSET_ID:
        if (absent || !parameter.isTextual() || parameter.asText().isEmpty()) {
          throw invalid("parameter: " + type.commandName() + " needs the asset id (a non-empty string)");
        }
        return AVControlCommand.of(type, parameter.asText());
      case PLAY_FROM_ASSET_ID:
        if (absent || !parameter.canConvertToLong() || !parameter.isIntegralNumber()) {
          throw invalid("parameter: playFromAssetId needs an integer asset id");
        }
        return AVControlCommand.playFromAssetId(parameter.asLong());
      default:
        if (!absent) {
          throw invalid("parameter: " + type.commandName() + " takes none");
        }
        return AVControlCommand.of(type);
    }
  }

  private static long milliseconds(JsonNode parameter, boolean absent, boolean required) {
    if (absent || !parameter.isIntegralNumber() || !parameter.canConvertToLong()) {
      throw invalid("parameter: " + (required ? "seek needs" : "the step must be") + " an integer of milliseconds");
    }
    return parameter.asLong();
  }

  private static LoopMode loopMode(JsonNode parameter, boolean absent) {
    if (absent || !parameter.isTextual()) {
      throw invalid("parameter: setLoopMode needs a loop mode name (SEQUENCE, SINGLE, LIST, SHUFFLE, CUSTOM)");
    }
    try {
      return LoopMode.valueOf(parameter.asText().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw invalid("parameter: unknown loop mode '" + parameter.asText() + "'");
    }
  }

  private static AVSessionException invalid(String detail) {
    return new AVSessionException(AVSessionErrorCode.INVALID_PARAMETER, detail);
  }
}
