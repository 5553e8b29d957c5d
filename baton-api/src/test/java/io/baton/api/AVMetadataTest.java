package io.baton.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tests for the merge rules and immutability of {@link AVMetadata} and {@link AVPlaybackState}. */
class AVMetadataTest {

  @Test
  void mergeWith_sameAssetId_overwritesOnlySetFields() {
    AVMetadata stored = AVMetadata.builder().setAssetId("a").setTitle("T").setArtist("A").build();

    AVMetadata merged = stored.mergeWith(AVMetadata.builder().setAssetId("a").setTitle("T2").build());

    assertThat(merged).isEqualTo(AVMetadata.builder().setAssetId("a").setTitle("T2").setArtist("A").build());
  }

  @Test
  void mergeWith_differentAssetId_replacesEverything() {
    AVMetadata stored = AVMetadata.builder().setAssetId("a").setTitle("T").setArtist("A").build();
    AVMetadata update = AVMetadata.builder().setAssetId("b").setTitle("T2").build();

    assertThat(stored.mergeWith(update)).isEqualTo(update);
  }

  @Test
  void images_areCopiedAndComparedByContent() {
    byte[] image = {1, 2, 3};
    AVMetadata m = AVMetadata.builder().setAssetId("a").setMediaImage(image).build();
    image[0] = 9;

    assertThat(m.mediaImage()).containsExactly(1, 2, 3);
    assertThat(m).isEqualTo(AVMetadata.builder().setAssetId("a").setMediaImage(new byte[] {1, 2, 3}).build());
    assertThat(m.toString()).contains("mediaImage=<3 bytes>");
  }

  @Test
  void drmSchemes_isCopied() {
    List<String> schemes = new ArrayList<>(List.of("widevine"));
    AVMetadata m = AVMetadata.builder().setAssetId("a").setDrmSchemes(schemes).build();
    schemes.add("playready");

    assertThat(m.drmSchemes()).containsExactly("widevine");
    assertThatThrownBy(() -> m.drmSchemes().add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void playbackStateOverlay_setsOnlyPresentFields() {
    AVPlaybackState stored = AVPlaybackState.builder().setState(PlaybackState.PLAY).setSpeed(2.0).build();

    AVPlaybackState merged = stored.overlay(AVPlaybackState.builder().setVolume(3).build());

    assertThat(merged.state()).isEqualTo(PlaybackState.PLAY);
    assertThat(merged.speed()).isEqualTo(2.0);
    assertThat(merged.volume()).isEqualTo(3);
  }

  @Test
  void extras_nonJsonValue_isRejected() {
    assertThatThrownBy(() -> Extras.copyOf(Map.of("k", new Object())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'k'");
    assertThat(Extras.copyOf(Map.of("n", 1))).containsEntry("n", 1.0);
  }
}
