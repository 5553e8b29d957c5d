package io.baton.discovery;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/**
 * Tests for the argument checks of {@link DeviceAnnouncer#start} and {@link DeviceBrowser#start}: they fail before
 * anything touches the network (so these tests send nothing).
 */
class StartArgumentsTest {
  private static final String ID = "0123456789abcdef0123456789abcdef";

  @Test
  void announcer_wildcardOrMulticastAddress_isRefused() throws Exception {
    assertThatThrownBy(() -> DeviceAnnouncer.start(InetAddress.getByName("0.0.0.0"), ID, "K", 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not the wildcard 0.0.0.0");
    assertThatThrownBy(() -> DeviceAnnouncer.start(InetAddress.getByName("::"), ID, "K", 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not the wildcard");
    assertThatThrownBy(() -> DeviceAnnouncer.start(InetAddress.getByName("224.0.0.251"), ID, "K", 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not the multicast address");
  }

  @Test
  void announcer_badIdNamePort_areRefusedByName() throws Exception {
    InetAddress a = InetAddress.getByName("10.0.0.7");

    assertThatThrownBy(() -> DeviceAnnouncer.start(a, "XYZ", "K", 1)).hasMessageStartingWith("deviceId");
    assertThatThrownBy(() -> DeviceAnnouncer.start(a, ID, "", 1)).hasMessage("name is blank");
    assertThatThrownBy(() -> DeviceAnnouncer.start(a, ID, "K", 0)).hasMessageStartingWith("port");
    assertThatThrownBy(() -> DeviceAnnouncer.start(null, ID, "K", 1)).isInstanceOf(NullPointerException.class)
        .hasMessage("bindAddress");
    assertThatThrownBy(() -> DeviceAnnouncer.start(a, ID, null, 1)).isInstanceOf(NullPointerException.class)
        .hasMessage("name");
  }

  @Test
  void browser_badArguments_areRefusedByName() throws Exception {
    InetAddress a = InetAddress.getByName("10.0.0.7");

    assertThatThrownBy(() -> DeviceBrowser.start(InetAddress.getByName("0.0.0.0"), ID, new DeviceBrowser.Listener() {}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wildcard");
    assertThatThrownBy(() -> DeviceBrowser.start(a, "nope", new DeviceBrowser.Listener() {}))
        .hasMessageStartingWith("deviceId");
    assertThatThrownBy(() -> DeviceBrowser.start(a, ID, null)).isInstanceOf(NullPointerException.class)
        .hasMessage("listener");
  }
}
