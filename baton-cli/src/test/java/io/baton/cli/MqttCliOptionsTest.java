package io.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.service.DaemonConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MQTT options of {@code baton daemon}, {@code ls} and {@code send}, up to the point of connecting. */
class MqttCliOptionsTest {
  @TempDir Path dir;

  @Test
  void readConfig_mqttKeys_areLeftToTheBridge() throws IOException {
    Path file = Files.writeString(dir.resolve("baton.properties"),
        "maxSessions=5\nmqtt.url=tcp://127.0.0.1:1883\nmqtt.qos=0\n");

    DaemonConfig config = DaemonCommand.readConfig(file);

    assertThat(config.maxSessions()).isEqualTo(5);
  }

  @Test
  void daemon_badMqttUrl_exitsWithUsageErrorBeforeStarting() {
    CliRun run = CliRun.execute("daemon", "--socket", dir.resolve("s.sock").toString(), "--mqtt", "http://x");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("bad MQTT configuration").contains("tcp://");
    assertThat(Files.exists(dir.resolve("s.sock"))).isFalse();
  }

  @Test
  void daemon_unknownMqttKey_exitsWithUsageErrorNamingIt() throws IOException {
    Path file = Files.writeString(dir.resolve("baton.properties"), "mqtt.url=tcp://h\nmqtt.user=me\n");

    CliRun run = CliRun.execute("daemon", "--socket", dir.resolve("s.sock").toString(), "--config", file.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("mqtt.user");
  }

  @Test
  void lsAndSend_fleetOptionsWithoutFleet_areUsageErrors() {
    assertThat(CliRun.execute("ls", "--mqtt", "tcp://h").exitCode()).isEqualTo(2);
    assertThat(CliRun.execute("send", "ABC", "play", "--device", "d").exitCode()).isEqualTo(2);
  }

  @Test
  void lsFleet_withoutABroker_saysWhereToNameOne() {
    if (System.getenv(FleetOptions.URL_ENV) != null) {
      return; // The environment names a broker: nothing to check here.
    }
    CliRun run = CliRun.execute("ls", "--fleet");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--mqtt URL", "$BATON_MQTT_URL", "mqtt.url");
  }
}
