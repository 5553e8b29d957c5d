package io.baton.bench.jmh;

import io.baton.api.AVMetadata;
import io.baton.service.session.Validation;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The daemon's check of every {@code setAVMetadata} ({@link Validation#checkMetadata}) on a full track's metadata:
 * paid once per update, on a Netty event loop, before anything else happens.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ValidationBenchmark {
  private final AVMetadata metadata = Fixtures.metadata();

  /** Validates a full metadata set (it is valid: the cost of the common path). */
  @Benchmark
  public AVMetadata checkMetadata() {
    Validation.checkMetadata(metadata);
    return metadata;
  }
}
