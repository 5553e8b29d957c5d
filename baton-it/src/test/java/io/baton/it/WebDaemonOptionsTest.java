package io.baton.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code baton daemon}'s web options: a taken port, cleartext on a network address, conflicting options. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class WebDaemonOptionsTest {
  @TempDir Path dir;

  @Test
  void webPortTaken_daemonSaysSoAndServesOn() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        BatonFixture baton = new BatonFixture(dir)) {
      baton.startDaemon("--web", "127.0.0.1:" + taken.getLocalPort());

      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(baton.daemon().stderr())
          .contains("web bridge not started: 127.0.0.1:" + taken.getLocalPort() + " is already in use")
          .contains("--web HOST:PORT", "--no-web"));
      BatonFixture.CliResult ls = baton.cli("ls");
      assertThat(ls.exitCode()).as(ls.stderr()).isZero();
      assertThat(baton.daemon().isAlive()).isTrue();
    }
  }

  @Test
  void webOnNonLoopbackWithoutKeyStore_isAUsageError() throws Exception {
    JavaProcess daemon = JavaProcess.baton(List.of("daemon", "--socket", dir.resolve("b.sock").toString(),
        "--state-dir", dir.resolve("state").toString(), "--web", "0.0.0.0:7677"));
    try (daemon) {
      assertThat(daemon.waitFor(Duration.ofSeconds(60))).isEqualTo(2);
      assertThat(daemon.stderr()).contains("refusing to serve the web control center over cleartext HTTP on 0.0.0.0",
          "--web-keystore");
    }
  }

  @Test
  void noWebWithWeb_isAUsageError() throws Exception {
    JavaProcess daemon = JavaProcess.baton(List.of("daemon", "--socket", dir.resolve("b.sock").toString(),
        "--no-web", "--web", "127.0.0.1:0"));
    try (daemon) {
      assertThat(daemon.waitFor(Duration.ofSeconds(60))).isEqualTo(2);
      assertThat(daemon.stderr()).contains("--no-web cannot be combined with --web");
    }
  }
}
