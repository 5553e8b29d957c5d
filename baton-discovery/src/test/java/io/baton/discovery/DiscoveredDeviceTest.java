package io.baton.discovery;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Tests for {@link DiscoveredDevice}. */
class DiscoveredDeviceTest {
  private static final String ID = "0123456789abcdef0123456789abcdef";

  @Test
  void valid_ipv4AndIpv6Hosts_areAccepted() {
    assertThatCode(() -> new DiscoveredDevice(ID, "Kitchen", "10.0.0.7", 1, 1)).doesNotThrowAnyException();
    assertThatCode(() -> new DiscoveredDevice(ID, "Kitchen", "fe80:0:0:0:0:0:0:1", 65535, 3))
        .doesNotThrowAnyException();
  }

  @Test
  void hostName_isRefused() {
    for (String host : new String[] {"example.org", "localhost", "1.2.3", "256.1.1.1", "[::1]", "abc:xyz", ""}) {
      assertThatThrownBy(() -> new DiscoveredDevice(ID, "K", host, 1, 1)).as(host)
          .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("host is not an IP literal");
    }
  }

  @Test
  void badNames_areRefused() {
    assertThatThrownBy(() -> new DiscoveredDevice(ID, " ", "10.0.0.7", 1, 1)).hasMessage("name is blank");
    assertThatThrownBy(() -> new DiscoveredDevice(ID, "a\nb", "10.0.0.7", 1, 1))
        .hasMessageStartingWith("name contains a control character");
    assertThatThrownBy(() -> new DiscoveredDevice(ID, "x".repeat(64), "10.0.0.7", 1, 1))
        .hasMessageStartingWith("name is longer than 63 bytes");
  }

  @Test
  void badPortAndVersion_areRefused() {
    assertThatThrownBy(() -> new DiscoveredDevice(ID, "K", "10.0.0.7", 65536, 1))
        .hasMessage("port must be 1 to 65535: 65536");
    assertThatThrownBy(() -> new DiscoveredDevice(ID, "K", "10.0.0.7", 1, 0))
        .hasMessage("version must be 1 or more: 0");
  }

  @Test
  void nulls_areRefusedByName() {
    assertThatThrownBy(() -> new DiscoveredDevice(null, "K", "10.0.0.7", 1, 1))
        .isInstanceOf(NullPointerException.class).hasMessage("deviceId");
    assertThatThrownBy(() -> new DiscoveredDevice(ID, "K", null, 1, 1))
        .isInstanceOf(NullPointerException.class).hasMessage("host");
  }
}
