package io.baton.bench;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A fixed-size, thread-safe latency histogram in microseconds: exact below 1,024 µs, then 64 sub-buckets per power
 * of two (under 1.6 % error), up to about 2^40 µs. Fan-out receivers record hundreds of thousands of deliveries per
 * second, so they keep counts, not samples; the parent merges the receivers' histograms from their
 * {@link #encode() text form}.
 */
final class LatencyHistogram {
  private static final int LINEAR = 1024;
  private static final int SUB_BITS = 6;
  private static final int SUB = 1 << SUB_BITS;
  private static final int MAX_EXPONENT = 40;
  private static final int SIZE = LINEAR + (MAX_EXPONENT - 10 + 1) * SUB;

  private final AtomicLongArray counts = new AtomicLongArray(SIZE);
  private final LongAdder negative = new LongAdder();

  /**
   * Records one latency. Negative values (the sender's clock ahead of the receiver's) are counted apart and recorded
   * as 0.
   */
  void record(long micros) {
    if (micros < 0) {
      negative.increment();
      micros = 0;
    }
    counts.incrementAndGet(index(micros));
  }

  private static int index(long v) {
    if (v < LINEAR) {
      return (int) v;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(v);
    if (exponent > MAX_EXPONENT) {
      return SIZE - 1;
    }
    int sub = (int) ((v >> (exponent - SUB_BITS)) & (SUB - 1));
    return LINEAR + (exponent - 10) * SUB + sub;
  }

  /** The largest value a bucket holds (percentiles are reported by upper bound: never flattering). */
  private static long upperBound(int index) {
    if (index < LINEAR) {
      return index;
    }
    int exponent = (index - LINEAR) / SUB + 10;
    int sub = (index - LINEAR) % SUB;
    long width = 1L << (exponent - SUB_BITS);
    return (1L << exponent) + (sub + 1) * width - 1;
  }

  long count() {
    long n = 0;
    for (int i = 0; i < SIZE; i++) {
      n += counts.get(i);
    }
    return n;
  }

  long negativeCount() {
    return negative.sum();
  }

  /** The {@code q}-quantile (0..1) in microseconds, or NaN when empty. */
  double percentileMicros(double q) {
    long total = count();
    if (total == 0) {
      return Double.NaN;
    }
    long rank = Math.max(1, (long) Math.ceil(q * total));
    long seen = 0;
    for (int i = 0; i < SIZE; i++) {
      seen += counts.get(i);
      if (seen >= rank) {
        return upperBound(i);
      }
    }
    return upperBound(SIZE - 1);
  }

  /** Forgets everything recorded. */
  void reset() {
    for (int i = 0; i < SIZE; i++) {
      counts.set(i, 0);
    }
    negative.reset();
  }

  /** The non-empty buckets as {@code neg;index:count,index:count…}. */
  String encode() {
    StringBuilder sb = new StringBuilder().append(negative.sum()).append(';');
    boolean first = true;
    for (int i = 0; i < SIZE; i++) {
      long c = counts.get(i);
      if (c != 0) {
        if (!first) {
          sb.append(',');
        }
        sb.append(i).append(':').append(c);
        first = false;
      }
    }
    return sb.toString();
  }

  /** Adds a histogram in {@link #encode()} form to this one. */
  void merge(String encoded) {
    int semi = encoded.indexOf(';');
    negative.add(Long.parseLong(encoded.substring(0, semi)));
    String buckets = encoded.substring(semi + 1);
    if (buckets.isEmpty()) {
      return;
    }
    for (String pair : buckets.split(",")) {
      int colon = pair.indexOf(':');
      counts.addAndGet(Integer.parseInt(pair.substring(0, colon)), Long.parseLong(pair.substring(colon + 1)));
    }
  }
}
