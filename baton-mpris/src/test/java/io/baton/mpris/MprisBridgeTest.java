package io.baton.mpris;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tests for {@link MprisBridge} and its options (the bridge against a real bus is tested in baton-it). */
class MprisBridgeTest {

  @Test
  void sessionBusAddress_unsetOrBlank_isNone() {
    assertThat(MprisBridge.Options.sessionBusAddress(Map.of())).isNull();
    assertThat(MprisBridge.Options.sessionBusAddress(Map.of("DBUS_SESSION_BUS_ADDRESS", " "))).isNull();
    assertThat(MprisBridge.Options.sessionBusAddress(Map.of("DBUS_SESSION_BUS_ADDRESS", "unix:path=/b")))
        .isEqualTo("unix:path=/b");
  }

  @Test
  void forSessionBus_explicitAddress_winsOverTheEnvironment() {
    assertThat(MprisBridge.Options.forSessionBus("unix:path=/x").busAddress()).contains("unix:path=/x");
  }

  @Test
  void builder_defaults() {
    MprisBridge.Options options = MprisBridge.Options.builder().build();

    assertThat(options.busAddress()).isEmpty();
    assertThat(options.exportSessions()).isTrue();
    assertThat(options.importPlayers()).isTrue();
    assertThat(options.maxReconnectDelay()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void builder_nonPositiveReconnectDelay_throws() {
    assertThatThrownBy(() -> MprisBridge.Options.builder().maxReconnectDelay(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxReconnectDelay");
  }

  @Test
  void start_withoutBus_isOffAndCloseIsANoOp() {
    MprisBridge bridge = MprisBridge.start(Path.of("/nonexistent.sock"), MprisBridge.Options.builder().build());

    assertThat(bridge.isConnected()).isFalse();
    bridge.close();
    bridge.close();
  }

  @Test
  void start_notAnAddress_throwsIllegalArgumentException() {
    MprisBridge.Options options = MprisBridge.Options.builder().busAddress("/run/user/1000/bus").build();

    assertThatThrownBy(() -> MprisBridge.start(Path.of("/nonexistent.sock"), options))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a D-Bus address");
  }

  @Test
  void start_busUnreachable_returnsAtOnceAndKeepsRetryingUntilClosed() {
    MprisBridge.Options options = MprisBridge.Options.builder().busAddress("unix:path=/nonexistent/bus").build();

    long started = System.nanoTime();
    MprisBridge bridge = MprisBridge.start(Path.of("/nonexistent.sock"), options);
    long tookMs = (System.nanoTime() - started) / 1_000_000;

    assertThat(tookMs).isLessThan(1_000);
    assertThat(bridge.isConnected()).isFalse();
    bridge.close();
  }

  @Test
  void retryDelay_doublesFrom250msUpToTheMaximum() {
    Duration max = Duration.ofSeconds(5);

    assertThat(MprisBridge.retryDelay(1, max)).isEqualTo(Duration.ofMillis(250));
    assertThat(MprisBridge.retryDelay(2, max)).isEqualTo(Duration.ofMillis(500));
    assertThat(MprisBridge.retryDelay(5, max)).isEqualTo(Duration.ofSeconds(4));
    assertThat(MprisBridge.retryDelay(6, max)).isEqualTo(max);
    assertThat(MprisBridge.retryDelay(1000, max)).isEqualTo(max);
  }

  @Test
  void addresses_listOfAddresses_inOrder() {
    assertThat(MprisBridge.addresses("unix:path=/a;unix:path=/b,guid=1;"))
        .containsExactly("unix:path=/a", "unix:path=/b,guid=1");
  }
}
