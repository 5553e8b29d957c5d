package io.baton.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The fan-out receivers' histogram: percentiles within its resolution, and lossless merging. */
class LatencyHistogramTest {

  @Test
  void percentileMicros_uniformValues_withinOneAndAHalfPercent() {
    LatencyHistogram h = new LatencyHistogram();

    for (long v = 1; v <= 100_000; v++) {
      h.record(v);
    }

    assertThat(h.percentileMicros(0.50)).isBetween(50_000.0, 50_000 * 1.016);
    assertThat(h.percentileMicros(0.99)).isBetween(99_000.0, 99_000 * 1.016);
    assertThat(h.count()).isEqualTo(100_000);
  }

  @Test
  void merge_encodedHistogram_addsCountsAndNegatives() {
    LatencyHistogram a = new LatencyHistogram();
    a.record(10);
    a.record(-5);
    LatencyHistogram b = new LatencyHistogram();
    b.record(10);
    b.record(5_000_000);

    b.merge(a.encode());

    assertThat(b.count()).isEqualTo(4);
    assertThat(b.negativeCount()).isEqualTo(1);
    assertThat(b.percentileMicros(0.5)).isEqualTo(10.0);
    assertThat(b.percentileMicros(1.0)).isBetween(5_000_000.0, 5_000_000 * 1.016);
  }

  @Test
  void percentileMicros_empty_isNaN() {
    assertThat(new LatencyHistogram().percentileMicros(0.5)).isNaN();
  }
}
