package io.baton.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Percentiles of raw latency samples, and the file format child processes use to hand their samples to the parent
 * (a count, then that many nanosecond values, big-endian). Raw samples rather than summaries, so that the parent can
 * compute exact percentiles and draw the histogram.
 */
final class Stats {
  private Stats() {}

  /** The {@code q}-quantile (0..1, nearest rank) of ascending {@code sorted} nanoseconds, in microseconds. */
  static double percentileMicros(long[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] / 1000.0;
  }

  /** The median of {@code values} (the lower middle for an even count). */
  static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return v.length == 0 ? Double.NaN : v[(v.length - 1) / 2];
  }

  /** Writes samples for {@link #readSamples}. */
  static void writeSamples(Path file, long[] samples) throws IOException {
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
      out.writeInt(samples.length);
      for (long s : samples) {
        out.writeLong(s);
      }
    }
  }

  /** Reads samples written by {@link #writeSamples}, sorted ascending. */
  static long[] readSamples(Path file) throws IOException {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      long[] samples = new long[in.readInt()];
      for (int i = 0; i < samples.length; i++) {
        samples[i] = in.readLong();
      }
      Arrays.sort(samples);
      return samples;
    }
  }

  /** {@code value} rounded to {@code digits} decimals (for the report; NaN stays NaN). */
  static double round(double value, int digits) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return value;
    }
    double scale = Math.pow(10, digits);
    return Math.round(value * scale) / scale;
  }
}
