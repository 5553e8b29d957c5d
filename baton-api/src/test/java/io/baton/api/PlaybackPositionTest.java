package io.baton.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Tests for {@link PlaybackPosition#extrapolate}: Baton's one position rule. */
class PlaybackPositionTest {
  private final PlaybackPosition position = new PlaybackPosition(10_000, 1_000_000);

  @Test
  void extrapolate_playing_advancesByElapsedTimesSpeed() {
    assertThat(position.extrapolate(1_002_000, PlaybackState.PLAY, 1.0, 0)).isEqualTo(12_000);
    assertThat(position.extrapolate(1_002_000, PlaybackState.PLAY, 1.5, 0)).isEqualTo(13_000);
  }

  @Test
  void extrapolate_notPlaying_staysPut() {
    assertThat(position.extrapolate(1_002_000, PlaybackState.PAUSE, 1.0, 0)).isEqualTo(10_000);
    assertThat(position.extrapolate(1_002_000, PlaybackState.BUFFERING, 1.0, 0)).isEqualTo(10_000);
  }

  @Test
  void extrapolate_pastDuration_isClampedToDuration() {
    assertThat(position.extrapolate(1_100_000, PlaybackState.PLAY, 1.0, 30_000)).isEqualTo(30_000);
  }

  @Test
  void extrapolate_hugeSpeedOrPosition_saturatesInsteadOfWrappingToZero() {
    // Found by ValueRulesFuzzTest#positionExtrapolation: the sum overflowed and Math.max(0, …) made it 0.
    assertThat(position.extrapolate(1_002_000, PlaybackState.PLAY, 1e300, 30_000)).isEqualTo(30_000);
    assertThat(new PlaybackPosition(Long.MAX_VALUE - 1, 1).extrapolate(1_000, PlaybackState.PLAY, 1.0, 0))
        .isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void extrapolate_neverUpdatedOrClockBehind_returnsElapsedTime() {
    assertThat(new PlaybackPosition(5, 0).extrapolate(1_000, PlaybackState.PLAY, 1.0, 0)).isEqualTo(5);
    assertThat(position.extrapolate(999_000, PlaybackState.PLAY, 1.0, 0)).isEqualTo(10_000);
  }

  @Test
  void extrapolatedPositionMs_usesStateDurationThenFallback() {
    AVPlaybackState state = AVPlaybackState.builder()
        .setState(PlaybackState.PLAY).setPosition(position).setDurationMs(11_000).build();

    assertThat(state.extrapolatedPositionMs(1_005_000, 60_000)).isEqualTo(11_000);
    assertThat(state.buildUpon().setDurationMs(null).build().extrapolatedPositionMs(1_005_000, 12_000))
        .isEqualTo(12_000);
    assertThat(AVPlaybackState.EMPTY.extrapolatedPositionMs(1_005_000, 0)).isZero();
  }
}
