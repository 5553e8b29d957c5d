package io.baton.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak, shortened for {@code ./baton test} (a minute, sampled every 10 s; {@code baton.soak.seconds} changes
 * it): the daemon's heap after GC and its thread count must not grow under mixed traffic. The full ten-minute run
 * is {@code ./baton soak}.
 */
class SoakTest {
  @Test
  @Timeout(value = 15, unit = java.util.concurrent.TimeUnit.MINUTES)
  void mixedTraffic_heapAndThreadsDoNotGrow(@TempDir Path dir) throws Exception {
    SoakRun.Result r;
    try (Processes processes = new Processes(Files.createDirectories(dir.resolve("logs")))) {
      r = SoakRun.run(processes, dir, Duration.ofSeconds(Long.getLong("baton.soak.seconds", 60)),
          Duration.ofSeconds(10));
    }
    System.out.println("SOAK samples=" + r.samples() + " sessions=" + r.sessionsCreated() + " commands="
        + r.commandsSent() + " watchers=" + r.watchersJoined() + " updates=" + r.updatesPublished());

    assertThat(r.samples()).hasSizeGreaterThanOrEqualTo(4);
    assertThat(r.samples()).allSatisfy(s -> assertThat(s.heapBytes()).isPositive());
    assertThat(r.sessionsCreated()).isPositive();
    assertThat(r.watchersJoined()).isPositive();
    assertThat(r.commandsSent() - r.commandsFailed()).isPositive();
    assertThat(SoakRun.verdict(r)).as("growth").isNull();
    // Everything the traffic opened was closed again.
    assertThat(r.finalDump().get("sessions").size()).isEqualTo(1);
    assertThat(r.finalDump().get("controllers").asInt()).isEqualTo(1);
  }
}
