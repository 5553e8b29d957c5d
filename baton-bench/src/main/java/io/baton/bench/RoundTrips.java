package io.baton.bench;

/**
 * Round-trip latencies of one measurement, sorted, in nanoseconds.
 *
 * @param sortedNanos every recorded round trip, ascending
 */
record RoundTrips(long[] sortedNanos) {
  double p50Micros() {
    return Stats.percentileMicros(sortedNanos, 0.50);
  }

  double p99Micros() {
    return Stats.percentileMicros(sortedNanos, 0.99);
  }
}
