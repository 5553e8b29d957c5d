package io.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.baton.api.KeyEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tests for {@link KeyCommand}. */
class KeyCommandTest {

  @ParameterizedTest
  @CsvSource({
    "play, " + KeyEvent.KEYCODE_MEDIA_PLAY,
    "pause, " + KeyEvent.KEYCODE_MEDIA_PAUSE,
    "play-pause, " + KeyEvent.KEYCODE_MEDIA_PLAY_PAUSE,
    "stop, " + KeyEvent.KEYCODE_MEDIA_STOP,
    "next, " + KeyEvent.KEYCODE_MEDIA_NEXT,
    "previous, " + KeyEvent.KEYCODE_MEDIA_PREVIOUS,
    "fast-forward, " + KeyEvent.KEYCODE_MEDIA_FAST_FORWARD,
    "rewind, " + KeyEvent.KEYCODE_MEDIA_REWIND
  })
  void keyCode_knownName_isTheMediaKeyCode(String name, int code) {
    assertThat(KeyCommand.keyCode(name)).isEqualTo(code);
  }

  @Test
  void keys_everyKey_isAMediaKey() {
    assertThat(KeyCommand.KEYS.values()).allMatch(KeyEvent::isMediaKey);
  }

  @Test
  void keyCode_unknownName_throwsListingTheKeys() {
    assertThatThrownBy(() -> KeyCommand.keyCode("volume-up"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unknown key 'volume-up'; keys: play, pause, play-pause, stop, next, previous, fast-forward, "
            + "rewind");
  }
}
