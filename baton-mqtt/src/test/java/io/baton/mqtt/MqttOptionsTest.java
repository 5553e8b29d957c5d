package io.baton.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Paths;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Tests for {@link MqttOptions}: URLs, properties, and errors that name what is wrong. */
class MqttOptionsTest {
  private static Properties props(String... keyValues) {
    Properties p = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return p;
  }

  @Test
  void fromProperties_everyKey() {
    MqttOptions o = MqttOptions.fromProperties(props("mqtt.url", "ssl://broker.example:9883", "mqtt.username", "u",
        "mqtt.password", "p", "mqtt.clientId", "c", "mqtt.baseTopic", "home/baton", "mqtt.qos", "2",
        "mqtt.caFile", "/ca.pem", "mqtt.certFile", "/c.pem", "mqtt.keyFile", "/k.pem", "mqtt.protocol", "3.1.1",
        "mqtt.minPublishIntervalMs", "250", "maxSessions", "5"), null);

    assertThat(o.tls()).isTrue();
    assertThat(o.host()).isEqualTo("broker.example");
    assertThat(o.port()).isEqualTo(9883);
    assertThat(o.username()).isEqualTo("u");
    assertThat(o.password()).isEqualTo("p");
    assertThat(o.clientId()).isEqualTo("c");
    assertThat(o.baseTopic()).isEqualTo("home/baton");
    assertThat(o.qos()).isEqualTo(2);
    assertThat(o.caFile()).isEqualTo(Paths.get("/ca.pem"));
    assertThat(o.keyFile()).isEqualTo(Paths.get("/k.pem"));
    assertThat(o.protocol()).isEqualTo(MqttOptions.Protocol.V3);
    assertThat(o.minPublishInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(o.toString()).doesNotContain("=p,").doesNotContain("p}");
  }

  @Test
  void fromProperties_noUrl_isOff_andTheOverrideWins() {
    assertThat(MqttOptions.fromProperties(props("maxSessions", "5"), null)).isNull();

    MqttOptions o = MqttOptions.fromProperties(props("mqtt.url", "tcp://a:1"), "tcp://[::1]");

    assertThat(o.host()).isEqualTo("::1");
    assertThat(o.port()).isEqualTo(1883);
    assertThat(o.baseTopic()).isEqualTo("baton");
    assertThat(o.qos()).isEqualTo(1);
    assertThat(o.protocol()).isEqualTo(MqttOptions.Protocol.AUTO);
  }

  @Test
  void badValues_areRejectedNamingTheKey() {
    assertBad(props("mqtt.url", "tcp://h", "mqtt.qso", "1"), "mqtt.qso");
    assertBad(props("mqtt.url", "http://h"), "tcp://");
    assertBad(props("mqtt.url", "tcp://u:pw@h"), "mqtt.username");
    assertBad(props("mqtt.url", "tcp://h/path"), "HOST[:PORT]");
    assertBad(props("mqtt.url", "tcp://h", "mqtt.qos", "3"), "mqtt.qos");
    assertBad(props("mqtt.url", "tcp://h", "mqtt.qos", "one"), "mqtt.qos");
    assertBad(props("mqtt.url", "tcp://h", "mqtt.baseTopic", "a/+/b"), "mqtt.baseTopic");
    assertBad(props("mqtt.url", "tcp://h", "mqtt.baseTopic", "$SYS"), "mqtt.baseTopic");
    assertBad(props("mqtt.url", "tcp://h", "mqtt.caFile", "/ca.pem"), "ssl://");
    assertBad(props("mqtt.url", "ssl://h", "mqtt.certFile", "/c.pem"), "mqtt.keyFile");
    assertBad(props("mqtt.url", "tcp://h", "mqtt.password", "p"), "mqtt.username");
    assertBad(props("mqtt.url", "tcp://h", "mqtt.protocol", "4"), "mqtt.protocol");
    assertBad(props("mqtt.url", "tcp://h", "mqtt.minPublishIntervalMs", "-1"), "minPublishIntervalMs");
  }

  private static void assertBad(Properties p, String named) {
    assertThatThrownBy(() -> MqttOptions.fromProperties(p, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(named);
  }

  @Test
  void topics_buildAndParse() {
    MqttTopics t = new MqttTopics("home/baton");

    assertThat(t.command("d", "s")).isEqualTo("home/baton/d/session/s/command");
    assertThat(t.parse("home/baton/d/session/s/result"))
        .isEqualTo(new MqttTopics.Parsed(MqttTopics.Kind.RESULT, "d", "s"));
    assertThat(t.parse("home/baton/d/status")).isEqualTo(new MqttTopics.Parsed(MqttTopics.Kind.STATUS, "d", null));
    assertThat(t.parse("home/baton/d/session/s")).isEqualTo(new MqttTopics.Parsed(MqttTopics.Kind.SESSION, "d", "s"));
    assertThat(t.parse("home/other/d/status")).isNull();
    assertThat(t.parse("home/baton/d/session/s/other")).isNull();
  }
}
