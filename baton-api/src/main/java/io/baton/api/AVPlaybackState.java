package io.baton.api;

import java.util.Map;
import java.util.Objects;

/**
 * The playback state of a session. Every field is optional: {@code null} means "not set". The daemon merges states
 * field by field: only fields that are set overwrite the stored state.
 *
 * <p>Defaults when never set: state {@link PlaybackState#INITIAL}, speed 1.0, loop mode {@link LoopMode#SEQUENCE}.
 */
public record AVPlaybackState(
    @Nullable PlaybackState state,
    @Nullable Double speed,
    @Nullable PlaybackPosition position,
    @Nullable Long bufferedTimeMs,
    @Nullable LoopMode loopMode,
    @Nullable Boolean favorite,
    @Nullable Integer activeItemId,
    @Nullable Integer volume,
    @Nullable Integer maxVolume,
    @Nullable Boolean muted,
    @Nullable Integer durationMs,
    @Nullable Integer videoWidth,
    @Nullable Integer videoHeight,
    @Nullable Map<String, Object> extras) {
  /** Checks required values and copies collections and arrays, so instances are immutable. */
  public AVPlaybackState {
    extras = extras == null ? null : Extras.copyOf(extras);
  }

  /** A state with no field set. */
  public static final AVPlaybackState EMPTY = builder().build();

  /**
   * The position now, extrapolated from {@link #position()} with the speed, while playing, clamped to
   * [0, duration]: see {@link PlaybackPosition#extrapolate}. Uses {@link #durationMs()} when set and positive,
   * otherwise {@code fallbackDurationMs} (for example the metadata's duration; 0 or less for none).
   */
  public long extrapolatedPositionMs(long nowEpochMs, long fallbackDurationMs) {
    if (position == null) {
      return 0;
    }
    long duration = durationMs != null && durationMs > 0 ? durationMs : fallbackDurationMs;
    return position.extrapolate(
        nowEpochMs, state == null ? PlaybackState.INITIAL : state, speed == null ? 1.0 : speed, duration);
  }

  /** This state with every field that {@code update} sets overwritten: Baton's field-by-field merge rule. */
  public AVPlaybackState overlay(AVPlaybackState update) {
    return new AVPlaybackState(
        update.state != null ? update.state : state,
        update.speed != null ? update.speed : speed,
        update.position != null ? update.position : position,
        update.bufferedTimeMs != null ? update.bufferedTimeMs : bufferedTimeMs,
        update.loopMode != null ? update.loopMode : loopMode,
        update.favorite != null ? update.favorite : favorite,
        update.activeItemId != null ? update.activeItemId : activeItemId,
        update.volume != null ? update.volume : volume,
        update.maxVolume != null ? update.maxVolume : maxVolume,
        update.muted != null ? update.muted : muted,
        update.durationMs != null ? update.durationMs : durationMs,
        update.videoWidth != null ? update.videoWidth : videoWidth,
        update.videoHeight != null ? update.videoHeight : videoHeight,
        update.extras != null ? update.extras : extras);
  }

  /** A new, empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised with this instance's values. */
  public Builder buildUpon() {
    return new Builder(this);
  }

  /** Builds {@link AVPlaybackState} instances. */
  public static final class Builder {
    private PlaybackState state;
    private Double speed;
    private PlaybackPosition position;
    private Long bufferedTimeMs;
    private LoopMode loopMode;
    private Boolean favorite;
    private Integer activeItemId;
    private Integer volume;
    private Integer maxVolume;
    private Boolean muted;
    private Integer durationMs;
    private Integer videoWidth;
    private Integer videoHeight;
    private Map<String, Object> extras;

    private Builder() {}

    private Builder(AVPlaybackState from) {
      state = from.state;
      speed = from.speed;
      position = from.position;
      bufferedTimeMs = from.bufferedTimeMs;
      loopMode = from.loopMode;
      favorite = from.favorite;
      activeItemId = from.activeItemId;
      volume = from.volume;
      maxVolume = from.maxVolume;
      muted = from.muted;
      durationMs = from.durationMs;
      videoWidth = from.videoWidth;
      videoHeight = from.videoHeight;
      extras = from.extras;
    }

    /** The playback state. */
    public Builder setState(@Nullable PlaybackState state) {
      this.state = state;
      return this;
    }

    /** Playback speed; finite and > 0. */
    public Builder setSpeed(@Nullable Double speed) {
      this.speed = speed;
      return this;
    }

    /** Position at a point in time. */
    public Builder setPosition(@Nullable PlaybackPosition position) {
      this.position = position;
      return this;
    }

    /** Buffered position, ms. */
    public Builder setBufferedTimeMs(@Nullable Long bufferedTimeMs) {
      this.bufferedTimeMs = bufferedTimeMs;
      return this;
    }

    /** Loop mode. */
    public Builder setLoopMode(@Nullable LoopMode loopMode) {
      this.loopMode = loopMode;
      return this;
    }

    /** Whether the current asset is a favourite. */
    public Builder setFavorite(@Nullable Boolean favorite) {
      this.favorite = favorite;
      return this;
    }

    /** Queue item id of the current item. */
    public Builder setActiveItemId(@Nullable Integer activeItemId) {
      this.activeItemId = activeItemId;
      return this;
    }

    /** Volume; >= 0. */
    public Builder setVolume(@Nullable Integer volume) {
      this.volume = volume;
      return this;
    }

    /** Maximum volume; >= 0. */
    public Builder setMaxVolume(@Nullable Integer maxVolume) {
      this.maxVolume = maxVolume;
      return this;
    }

    /** Whether output is muted. */
    public Builder setMuted(@Nullable Boolean muted) {
      this.muted = muted;
      return this;
    }

    /** Duration of the current item, ms; >= 0. */
    public Builder setDurationMs(@Nullable Integer durationMs) {
      this.durationMs = durationMs;
      return this;
    }

    /** Video width; >= 0. */
    public Builder setVideoWidth(@Nullable Integer videoWidth) {
      this.videoWidth = videoWidth;
      return this;
    }

    /** Video height; >= 0. */
    public Builder setVideoHeight(@Nullable Integer videoHeight) {
      this.videoHeight = videoHeight;
      return this;
    }

    /** Custom values (see {@link Extras}). */
    public Builder setExtras(@Nullable Map<String, Object> extras) {
      this.extras = extras;
      return this;
    }

    /** The value built so far. */
    public AVPlaybackState build() {
      return new AVPlaybackState(state, speed, position, bufferedTimeMs, loopMode, favorite, activeItemId, volume, maxVolume, muted, durationMs, videoWidth, videoHeight, extras);
    }
  }
}
