package io.baton.bench.jmh;

import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.LoopMode;
import io.baton.api.PlaybackPosition;
import io.baton.api.PlaybackState;
import java.util.List;

/**
 * The values the micro-benchmarks work on: what a music player typically publishes (a dozen metadata fields with
 * realistic lengths, no image bytes; a playback state with position, speed, loop mode and volume), and the updates it
 * sends most often (a new title on the same asset; a new position).
 */
final class Fixtures {
  private Fixtures() {}

  /** A full metadata set for one track. */
  static AVMetadata metadata() {
    return AVMetadata.builder()
        .setAssetId("track-000042")
        .setTitle("Variations on a Theme by Haydn, Op. 56a: Chorale St. Antoni")
        .setArtist("Wiener Philharmoniker")
        .setAuthor("Johannes Brahms")
        .setAlbum("Brahms: Symphonies & Variations")
        .setWriter("Johannes Brahms")
        .setComposer("Johannes Brahms")
        .setDurationMs(1_093_000L)
        .setMediaImageUri("https://images.example.com/covers/brahms-variations-1200x1200.jpg")
        .setPublishDateMs(1_136_073_600_000L)
        .setSubtitle("Live in Vienna")
        .setDescription("Recorded at the Musikverein, 2005.")
        .setPreviousAssetId("track-000041")
        .setNextAssetId("track-000043")
        .setSkipIntervals(15)
        .setDisplayTags(1)
        .setDrmSchemes(List.of("com.widevine.alpha"))
        .build();
  }

  /** The most common metadata update: one field of the same asset (so it merges). */
  static AVMetadata titleUpdate() {
    return AVMetadata.builder().setAssetId("track-000042").setTitle("Variation I: Poco più animato").build();
  }

  /** A playing state with the fields players set. */
  static AVPlaybackState playbackState() {
    return AVPlaybackState.builder()
        .setState(PlaybackState.PLAY)
        .setSpeed(1.0)
        .setPosition(new PlaybackPosition(61_250, 1_764_000_000_000L))
        .setBufferedTimeMs(90_000L)
        .setLoopMode(LoopMode.SEQUENCE)
        .setFavorite(false)
        .setActiveItemId(42)
        .setVolume(70)
        .setMaxVolume(100)
        .setMuted(false)
        .setDurationMs(1_093_000)
        .build();
  }

  /** The most common playback-state update: a new position. */
  static AVPlaybackState positionUpdate() {
    return AVPlaybackState.builder().setPosition(new PlaybackPosition(62_250, 1_764_000_001_000L)).build();
  }
}
