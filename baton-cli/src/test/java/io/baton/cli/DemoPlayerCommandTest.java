package io.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.baton.api.AVControlCommandType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests for {@link DemoPlayerCommand}'s option handling. */
class DemoPlayerCommandTest {

  @Test
  void commandTypes_null_isTheDefaultList() {
    assertThat(DemoPlayerCommand.commandTypes(null)).isEqualTo(DemoPlayer.DEFAULT_COMMANDS);
  }

  @Test
  void defaultCommands_upstreamNames_matchTheDocumentedList() {
    assertThat(DemoPlayer.DEFAULT_COMMANDS).extracting(AVControlCommandType::commandName).containsExactly("play",
        "pause", "stop", "playNext", "playPrevious", "fastForward", "rewind", "seek", "setSpeed", "setLoopMode",
        "toggleFavorite");
  }

  @Test
  void commandTypes_upstreamNames_mapInOrderWithoutDuplicatesOrBlanks() {
    assertThat(DemoPlayerCommand.commandTypes(List.of("seek", " play ", "", "seek")))
        .containsExactly(AVControlCommandType.SEEK, AVControlCommandType.PLAY);
  }

  @Test
  void commandTypes_unknownName_throwsIllegalArgumentException() {
    assertThatThrownBy(() -> DemoPlayerCommand.commandTypes(List.of("play", "play-next")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("play-next");
  }
}
