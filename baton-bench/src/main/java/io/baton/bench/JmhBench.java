package io.baton.bench;

import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH micro-benchmarks of {@code io.baton.bench.jmh} briefly (one fork; a short warm-up and a few one-second
 * iterations) and returns each benchmark's average time in ns/op. JMH's own log goes to a file: it is long.
 */
final class JmhBench {
  private JmhBench() {}

  /**
   * Runs every benchmark with {@code warmups} warm-up and {@code iterations} measured iterations of one second.
   *
   * @return the short benchmark name ({@code Class.method}) → ns/op, in run order
   */
  static Map<String, Double> run(Path log, int warmups, int iterations) throws RunnerException {
    OptionsBuilder builder = new OptionsBuilder();
    if (!Processes.JVM_FLAGS.isEmpty()) {
      builder.jvmArgsPrepend(Processes.JVM_FLAGS.toArray(String[]::new));
    }
    Options options = builder
        .include("io\\.baton\\.bench\\.jmh\\..*")
        .forks(1)
        .warmupIterations(warmups)
        .warmupTime(TimeValue.seconds(1))
        .measurementIterations(iterations)
        .measurementTime(TimeValue.seconds(1))
        .output(log.toString())
        .build();
    Collection<RunResult> results = new Runner(options).run();
    Map<String, Double> out = new LinkedHashMap<>();
    for (RunResult r : results) {
      String label = r.getParams().getBenchmark();
      String shortName = label.substring(label.lastIndexOf('.', label.lastIndexOf('.') - 1) + 1);
      out.put(shortName, r.getPrimaryResult().getScore());
    }
    return out;
  }
}
