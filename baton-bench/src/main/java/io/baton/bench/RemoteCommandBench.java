package io.baton.bench;

import io.baton.api.AVSessionManager;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The remote command round trip: the same sequential {@code play} commands as {@link CommandRoundTripBench}, but the
 * controller is on device A and the session's app on device B: controller → daemon A → device link (TCP, mutual TLS,
 * loopback) → daemon B → app → back. Two daemons paired in the run; one more hop than the local round trip, against
 * which it is reported.
 */
final class RemoteCommandBench {
  private RemoteCommandBench() {}

  static RoundTrips run(Processes processes, Path dir, int warmup, int n) throws Exception {
    Path samples = dir.resolve("remote-command.samples");
    Map<String, Object> config = new HashMap<>(CommandRoundTripBench.CONFIG);
    config.put("device.listen", "127.0.0.1:0");
    try (Daemon a = Daemon.start(processes, dir.resolve("a"), "remote-daemon-a", config);
        Daemon b = Daemon.start(processes, dir.resolve("b"), "remote-daemon-b", config);
        AVSessionManager sdkA = manager(a);
        AVSessionManager sdkB = manager(b)) {
      String address = sdkB.getDeviceManager().getLocalDevice().get(10, TimeUnit.SECONDS).address();
      String code = sdkB.getDeviceManager().allowPairing().get(10, TimeUnit.SECONDS).code();
      sdkA.getDeviceManager().pair(address, code).get(20, TimeUnit.SECONDS);
      try (Processes.Child app = processes.role("remote-session", "session-app", b.socket(), 1)) {
        String sessionId = app.awaitLine("SESSION ", Daemon.READY_TIMEOUT).substring("SESSION ".length());
        long deadline = System.nanoTime() + Daemon.READY_TIMEOUT.toNanos();
        while (sdkA.getAllSessionDescriptors().get(10, TimeUnit.SECONDS).stream()
            .noneMatch(d -> d.sessionId().equals(sessionId) && d.active())) {
          if (System.nanoTime() > deadline) {
            throw new IOException("the session on B did not appear on A");
          }
          Thread.sleep(50);
        }
        return CommandRoundTripBench.timeCommands(processes, "remote-controller", a.socket(), sessionId, warmup, n,
            samples, app);
      }
    }
  }

  private static AVSessionManager manager(Daemon daemon) {
    return AVSessionManager.builder().socket(daemon.socket()).appId("baton.bench.pairing")
        .retryTimeout(Duration.ofSeconds(30)).connect();
  }
}
