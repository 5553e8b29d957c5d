package io.baton.bench.jmh;

import io.baton.api.AVMetadata;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The metadata merge rule ({@link AVMetadata#mergeWith}): a one-field update of the same asset overlaid on a full
 * metadata set, as the daemon does under the session's lock for every {@code setAVMetadata}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MetadataMergeBenchmark {
  private final AVMetadata stored = Fixtures.metadata();
  private final AVMetadata update = Fixtures.titleUpdate();

  /** Merges a title change into the stored metadata. */
  @Benchmark
  public AVMetadata mergeWith() {
    return stored.mergeWith(update);
  }
}
