package io.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.baton.api.AVControlCommand;
import io.baton.api.AVControlCommandType;
import io.baton.api.LoopMode;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tests for {@link SendCommand}. */
class SendCommandTest {

  @ParameterizedTest
  @CsvSource({"play, PLAY", "pause, PAUSE", "stop, STOP", "play-next, PLAY_NEXT", "play-previous, PLAY_PREVIOUS"})
  void toControlCommand_commandWithoutArgument_hasNoParameter(String name, AVControlCommandType type) {
    assertThat(SendCommand.toControlCommand(name, null)).isEqualTo(AVControlCommand.of(type));
  }

  @Test
  void toControlCommand_playWithArgument_throwsIllegalArgumentException() {
    assertThatThrownBy(() -> SendCommand.toControlCommand("play", "5"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("play takes no argument, got '5'");
  }

  @Test
  void toControlCommand_fastForwardAndRewindWithMs_carryTheMs() {
    assertThat(SendCommand.toControlCommand("fast-forward", "10000")).isEqualTo(AVControlCommand.fastForward(10_000));
    assertThat(SendCommand.toControlCommand("rewind", "0")).isEqualTo(AVControlCommand.rewind(0));
  }

  @Test
  void toControlCommand_fastForwardWithoutMs_leavesTheIntervalToTheSession() {
    AVControlCommand command = SendCommand.toControlCommand("fast-forward", null);

    assertThat(command.command()).isEqualTo(AVControlCommandType.FAST_FORWARD);
    assertThat(command.parameter()).isNull();
  }

  @Test
  void toControlCommand_seek_carriesThePosition() {
    assertThat(SendCommand.toControlCommand("seek", "60000")).isEqualTo(AVControlCommand.seek(60_000));
  }

  @Test
  void toControlCommand_seekWithoutMs_throwsNamingTheArgument() {
    assertThatThrownBy(() -> SendCommand.toControlCommand("seek", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("seek needs an argument: seek MS");
  }

  @ParameterizedTest
  @CsvSource({"abc", "1.5", "-3", "''", "99999999999999999999"})
  void toControlCommand_seekWithBadMs_throwsIllegalArgumentException(String ms) {
    assertThatThrownBy(() -> SendCommand.toControlCommand("seek", ms))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whole number of milliseconds");
  }

  @Test
  void toControlCommand_setSpeed_carriesTheSpeed() {
    assertThat(SendCommand.toControlCommand("set-speed", "1.5")).isEqualTo(AVControlCommand.setSpeed(1.5));
  }

  @ParameterizedTest
  @CsvSource({"fast", "NaN", "Infinity"})
  void toControlCommand_setSpeedNotAFiniteNumber_throwsIllegalArgumentException(String speed) {
    assertThatThrownBy(() -> SendCommand.toControlCommand("set-speed", speed))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("set-speed needs a number");
  }

  @ParameterizedTest
  @CsvSource({"sequence, SEQUENCE", "single, SINGLE", "list, LIST", "shuffle, SHUFFLE", "custom, CUSTOM",
      "Shuffle, SHUFFLE"})
  void toControlCommand_setLoopMode_mapsTheMode(String name, LoopMode mode) {
    assertThat(SendCommand.toControlCommand("set-loop-mode", name)).isEqualTo(AVControlCommand.setLoopMode(mode));
  }

  @Test
  void toControlCommand_setLoopModeUnknown_throwsListingTheModes() {
    assertThatThrownBy(() -> SendCommand.toControlCommand("set-loop-mode", "repeat"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sequence, single, list, shuffle, custom");
  }

  @Test
  void toControlCommand_toggleFavorite_carriesTheAsset() {
    assertThat(SendCommand.toControlCommand("toggle-favorite", "demo-1"))
        .isEqualTo(AVControlCommand.toggleFavorite("demo-1"));
  }

  @Test
  void toControlCommand_playFromAssetNumeric_playsFromAssetId() {
    assertThat(SendCommand.toControlCommand("play-from-asset", "42")).isEqualTo(AVControlCommand.playFromAssetId(42));
  }

  @Test
  void toControlCommand_playFromAssetText_playsWithAssetId() {
    assertThat(SendCommand.toControlCommand("play-from-asset", "demo-2"))
        .isEqualTo(AVControlCommand.playWithAssetId("demo-2"));
  }

  @Test
  void toControlCommand_unknownCommand_throwsListingTheCommands() {
    assertThatThrownBy(() -> SendCommand.toControlCommand("playNext", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Unknown command 'playNext'; commands: play, pause,");
  }

  @ParameterizedTest
  @CsvSource(nullValues = "none", value = {"play, none", "pause, none", "stop, none", "play-next, none",
      "play-previous, none", "fast-forward, 1", "rewind, 1", "seek, 1", "set-speed, 1", "set-loop-mode, list",
      "toggle-favorite, a", "play-from-asset, 1"})
  void toControlCommand_everyListedCommand_isAccepted(String name, String argument) {
    assertThat(SendCommand.COMMANDS).contains(name);

    assertThat(SendCommand.toControlCommand(name, argument)).isNotNull();
  }

  @Test
  void summary_someErrors_countsPerCode() {
    Map<Integer, Integer> errors = new TreeMap<>(Map.of(6600107, 3, 6600106, 1));

    assertThat(Json.line(SendCommand.summary(10, 6, errors)))
        .isEqualTo("{\"sent\":10,\"ok\":6,\"errors\":{\"6600106\":1,\"6600107\":3}}");
  }

  @Test
  void summary_noErrors_hasEmptyErrors() {
    assertThat(Json.line(SendCommand.summary(2, 2, Map.of()))).isEqualTo("{\"sent\":2,\"ok\":2,\"errors\":{}}");
  }
}
