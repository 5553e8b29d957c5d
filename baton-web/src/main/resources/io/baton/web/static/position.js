// Position extrapolation for the page: the same rule as io.baton.api.PlaybackPosition.extrapolate and
// AVPlaybackState.extrapolatedPositionMs in Java, kept in this one function so that the bar moves exactly as the SDK
// and `baton show` compute it. If the Java rule changes, this changes with it (WebControlCenterTest compares them).

/**
 * The position at `nowMs` of a card's playback state.
 *
 * Advances the position by the wall time since its update time, scaled by the speed, only while the state is PLAY
 * (and only when the update time is > 0, now is after it, and the speed is finite and > 0); then clamps it to
 * [0, duration] when the duration is > 0. The duration is the playback state's own when > 0, else the metadata's.
 * No position at all is 0. Java truncates the scaled elapsed time to a whole millisecond; so does this.
 *
 * @param {object} playbackState {state, speed, position: {elapsedTime, updateTime}, duration}
 * @param {number} fallbackDurationMs the metadata's duration (0 or less for none)
 * @param {number} nowMs wall-clock time in ms since the epoch, on the daemon's clock
 * @returns {number} the position in ms
 */
export function extrapolatedPositionMs(playbackState, fallbackDurationMs, nowMs) {
  const position = playbackState && playbackState.position;
  if (!position) {
    return 0;
  }
  const state = playbackState.state ?? 'INITIAL';
  const speed = playbackState.speed ?? 1.0;
  const duration = playbackState.duration > 0 ? playbackState.duration : fallbackDurationMs;
  let ms = position.elapsedTime;
  if (state === 'PLAY' && position.updateTime > 0 && nowMs > position.updateTime
      && speed > 0 && Number.isFinite(speed)) {
    ms += Math.trunc((nowMs - position.updateTime) * speed);
  }
  if (duration > 0 && ms > duration) {
    ms = duration;
  }
  return Math.max(0, ms);
}

/** The duration to show for a card: the playback state's when > 0, else the metadata's, else 0. */
export function durationMs(card) {
  const fromState = card.playbackState && card.playbackState.duration;
  if (fromState > 0) {
    return fromState;
  }
  return card.metadata && card.metadata.durationMs > 0 ? card.metadata.durationMs : 0;
}
