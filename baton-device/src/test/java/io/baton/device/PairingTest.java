package io.baton.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.service.DeviceCredentials;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairingTest {
  @TempDir Path dir;

  @Test
  void proof_isBoundToTheCodeAndBothKeysInOrder() {
    String proof = PairingProof.of("123456", "aa", "bb");
    assertThat(proof).hasSize(64).matches("[0-9a-f]+");
    assertThat(PairingProof.matches(proof, PairingProof.of("123456", "aa", "bb"))).isTrue();
    assertThat(PairingProof.matches(proof, PairingProof.of("123457", "aa", "bb"))).isFalse();
    assertThat(PairingProof.matches(proof, PairingProof.of("123456", "bb", "aa"))).isFalse();
    assertThat(PairingProof.matches(proof, PairingProof.of("123456", "aa", "cc"))).isFalse();
    assertThat(PairingProof.matches(proof, "")).isFalse();
  }

  @Test
  void window_expiresAfterTwoMinutes_andClosesAtTheThirdWrongCode() {
    AtomicLong now = new AtomicLong();
    PairingWindow window = new PairingWindow(now::get);
    assertThat(window.isOpen()).isFalse();
    String code = window.open();
    assertThat(code).matches("[0-9]{6}");
    now.addAndGet(Duration.ofSeconds(119).toNanos());
    assertThat(window.code()).isEqualTo(code);
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(window.isOpen()).isFalse();
    assertThat(window.code()).isNull();

    window.open();
    window.failed();
    window.failed();
    assertThat(window.isOpen()).isTrue();
    window.failed();
    assertThat(window.isOpen()).isFalse();
  }

  @Test
  void hostPort_parsesAndRejectsWith401() {
    assertThat(HostPort.parse("127.0.0.1:7001")).isEqualTo(new HostPort("127.0.0.1", 7001));
    assertThat(HostPort.parse("[::1]:80").toString()).isEqualTo("[::1]:80");
    assertThat(HostPort.parse("box.local:0").port()).isZero();
    for (String bad : new String[] {"", "host", ":80", "host:", "host:65536", "host:-1", "host:x", "a b:1"}) {
      assertThatThrownBy(() -> HostPort.parse(bad)).as(bad).isInstanceOfSatisfying(AVSessionException.class,
          e -> assertThat(e.errorCode()).isEqualTo(AVSessionErrorCode.INVALID_PARAMETER));
    }
  }

  @Test
  void trustStore_keepsPairingsAcrossRestarts_andForgets() throws Exception {
    DeviceCredentials other = DeviceCredentials.ephemeral();
    PairedDevice device = new PairedDevice(other.deviceId(), "tv", other.certificate(), "10.0.0.2:7001", 1, 2);
    try (TrustStore store = new TrustStore(dir)) {
      store.open();
      store.put(device);
      assertThat(store.deviceWithKey(device.keyFingerprint())).contains(device.deviceId());
    }
    try (TrustStore store = new TrustStore(dir)) {
      assertThat(store.find("tv")).isEmpty(); // Nothing read before open().
      store.open();
      assertThat(store.find("tv")).contains(device);
      assertThat(store.find(device.deviceId())).contains(device);
      assertThat(store.remove(device.deviceId())).contains(device);
      assertThat(store.deviceWithKey(device.keyFingerprint())).isEmpty();
    }
    try (TrustStore store = new TrustStore(dir)) {
      store.open();
      assertThat(store.all()).isEmpty();
    }
  }

  @Test
  void pairedDevice_refusesAnIdThatIsNotTheCertificates() {
    DeviceCredentials one = DeviceCredentials.ephemeral();
    DeviceCredentials two = DeviceCredentials.ephemeral();
    assertThatThrownBy(() -> new PairedDevice(one.deviceId(), "x", two.certificate(), "", 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
