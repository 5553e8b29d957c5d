package io.baton.api;

/**
 * A playback position: {@code elapsedTimeMs} was true at wall-clock time {@code updateTimeMs} (ms since the epoch).
 *
 * <p>This class is the one place where Baton extrapolates positions; the SDK, the CLI, the daemon and the bridges
 * all call {@link #extrapolate}.
 *
 * @param elapsedTimeMs the position in milliseconds, {@code >= 0}
 * @param updateTimeMs when that position was true, in milliseconds since the epoch, {@code >= 0}
 */
public record PlaybackPosition(long elapsedTimeMs, long updateTimeMs) {

  /**
   * The position at {@code nowEpochMs}.
   *
   * <p>Unlike upstream (which adds the elapsed wall time whatever the state and speed), Baton advances the position
   * only while {@code state} is {@link PlaybackState#PLAY}, scales the elapsed time by {@code speed}, and clamps the
   * result to [0, {@code durationMs}] when {@code durationMs > 0}. A position never updated ({@code updateTimeMs <= 0})
   * is {@code elapsedTimeMs} unchanged.
   */
  public long extrapolate(long nowEpochMs, PlaybackState state, double speed, long durationMs) {
    long position = elapsedTimeMs;
    if (state == PlaybackState.PLAY && updateTimeMs > 0 && nowEpochMs > updateTimeMs
        && speed > 0 && Double.isFinite(speed)) {
      // The cast saturates at Long.MAX_VALUE; the sum must too, or a huge speed or position wraps round to 0.
      long advance = (long) ((nowEpochMs - updateTimeMs) * speed);
      position = position > Long.MAX_VALUE - advance ? Long.MAX_VALUE : position + advance;
    }
    if (durationMs > 0 && position > durationMs) {
      position = durationMs;
    }
    return Math.max(0, position);
  }
}
