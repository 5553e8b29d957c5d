package io.baton.mpris;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests for {@link PlayerProperties}. */
class PlayerPropertiesTest {
  private static final PlayerProperties BASE = new PlayerProperties("Paused", "None", 1.0, false,
      MprisMetadata.NO_TRACK, 1.0, 1.0, 1.0, false, false, true, true, false, true);

  @Test
  void toVariants_everyPropertyButPosition_withMetadataAsDictionary() {
    assertThat(BASE.toVariants()).containsOnlyKeys("PlaybackStatus", "LoopStatus", "Rate", "Shuffle", "Metadata",
        "Volume", "MinimumRate", "MaximumRate", "CanGoNext", "CanGoPrevious", "CanPlay", "CanPause", "CanSeek",
        "CanControl");
    assertThat(BASE.toVariants().get("Metadata").getSig()).isEqualTo("a{sv}");
  }

  @Test
  void changedSince_onlyTheChangedProperties() {
    PlayerProperties playing = new PlayerProperties("Playing", "None", 1.0, false,
        new MprisMetadata("/io/baton/track/a", 1L, null, "T", List.of(), null, List.of(), List.of(), null,
            List.of(), null, null),
        1.0, 1.0, 1.0, false, false, true, true, false, true);

    assertThat(playing.changedSince(BASE)).containsOnlyKeys("PlaybackStatus", "Metadata");
    assertThat(BASE.changedSince(BASE)).isEmpty();
  }
}
