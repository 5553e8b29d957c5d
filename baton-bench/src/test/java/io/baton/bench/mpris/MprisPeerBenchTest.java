package io.baton.bench.mpris;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests {@link MprisPeerBench} against the real peers (dbus-daemon, mpv with mpv-mpris, playerctl), never against
 * mocks: the point of the class is to measure those programs.
 *
 * <p>Where the programs are not installed the peer test is skipped with a message naming them, because a green run
 * that silently measured nothing would hide a broken benchmark set-up.
 */
class MprisPeerBenchTest {

  @Test
  void measure_realMpvOnPrivateBus_returnsSaneLatenciesAndLeavesNoChildProcess(@TempDir Path workDir) {
    List<String> missing = MprisPeerBench.missingPrograms();
    if (!missing.isEmpty()) {
      // Loud on purpose: Surefire's skip count alone is easy to overlook.
      System.err.println("*** SKIPPING MPRIS peer benchmark test: missing " + missing
          + " (apt-get install dbus mpv mpv-mpris playerctl) ***");
    }
    Assumptions.assumeTrue(missing.isEmpty(), () -> "MPRIS peer programs not installed: " + missing);

    MprisPeerBench.Result result = MprisPeerBench.measure(/* calls= */ 100, workDir);

    assertThat(result.available()).as("unavailable: %s", result.unavailableReason()).isTrue();
    assertThat(result.calls()).isEqualTo(100);
    assertThat(result.playPauseP50Us()).isPositive();
    assertThat(result.playPauseP99Us()).isGreaterThanOrEqualTo(result.playPauseP50Us());
    assertThat(result.getPositionP50Us()).isPositive();
    assertThat(result.getPositionP99Us()).isGreaterThanOrEqualTo(result.getPositionP50Us());
    assertThat(result.playerctlListMs()).isPositive();
    assertThat(result.trueBaselineMs()).isPositive();
    List<String> leftOver = ProcessHandle.current().descendants()
        .filter(ProcessHandle::isAlive)
        .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
        .collect(Collectors.toList());
    assertThat(leftOver).as("child processes left running").isEmpty();
    assertThat(workDir.resolve("bus.sock")).doesNotExist();
  }

  @Test
  void measure_zeroCalls_throwsIllegalArgumentException(@TempDir Path workDir) {
    assertThatThrownBy(() -> MprisPeerBench.measure(/* calls= */ 0, workDir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("calls");
  }

  @Test
  void measure_socketPathTooLong_throwsIllegalArgumentException(@TempDir Path workDir) {
    Path deep = workDir.resolve("x".repeat(120));

    assertThatThrownBy(() -> MprisPeerBench.measure(/* calls= */ 10, deep))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unix socket");
  }

  @Test
  void percentileMicros_hundredSamples_returnsNearestRank() {
    long[] sortedNanos = new long[100];
    for (int i = 0; i < sortedNanos.length; i++) {
      sortedNanos[i] = (i + 1) * 1_000L;
    }

    assertThat(MprisPeerBench.percentileMicros(sortedNanos, 0.50)).isEqualTo(50.0);
    assertThat(MprisPeerBench.percentileMicros(sortedNanos, 0.99)).isEqualTo(99.0);
    assertThat(MprisPeerBench.percentileMicros(sortedNanos, 1.0)).isEqualTo(100.0);
  }

  @Test
  void unavailable_blankReason_throwsIllegalArgumentException() {
    assertThatThrownBy(() -> MprisPeerBench.Result.unavailable(" "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unavailable_withReason_hasNoNumbers() {
    MprisPeerBench.Result result = MprisPeerBench.Result.unavailable("no mpv");

    assertThat(result.available()).isFalse();
    assertThat(result.unavailableReason()).isEqualTo("no mpv");
    assertThat(result.playPauseP50Us()).isNaN();
    assertThat(result.calls()).isZero();
  }
}
