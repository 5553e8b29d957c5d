package io.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.baton.service.DaemonConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link DaemonCommand}'s configuration handling (no daemon is started). */
class DaemonCommandTest {
  @TempDir Path dir;

  @Test
  void readConfig_someKeys_overridesOnlyThose() throws IOException {
    Path file = Files.writeString(dir.resolve("baton.properties"), "maxSessions = 5\ncommandTimeoutMs=2000\n");

    DaemonConfig config = DaemonCommand.readConfig(file);

    assertThat(config.maxSessions()).isEqualTo(5);
    assertThat(config.commandTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.maxSessionsPerClient()).isEqualTo(DaemonConfig.DEFAULTS.maxSessionsPerClient());
  }

  @Test
  void readConfig_unknownKey_throwsIllegalArgumentExceptionNamingIt() throws IOException {
    Path file = Files.writeString(dir.resolve("baton.properties"), "maxSesions=5\n");

    assertThatThrownBy(() -> DaemonCommand.readConfig(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxSesions");
  }

  @Test
  void call_missingConfigFile_exitsWithUsageError() {
    CliRun run = CliRun.execute("daemon", "--socket", dir.resolve("s.sock").toString(),
        "--config", dir.resolve("missing.properties").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("bad configuration file").contains("missing.properties");
    assertThat(Files.exists(dir.resolve("s.sock"))).isFalse();
  }

  @Test
  void call_badValueInConfigFile_exitsWithUsageErrorNamingTheKey() throws IOException {
    Path file = Files.writeString(dir.resolve("baton.properties"), "maxSessions=-1\n");

    CliRun run = CliRun.execute("daemon", "--socket", dir.resolve("s.sock").toString(), "--config", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("maxSessions");
  }
}
