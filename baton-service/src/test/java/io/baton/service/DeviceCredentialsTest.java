package io.baton.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceCredentialsTest {
  @TempDir Path dir;

  @Test
  void createdOnce_keptPrivate_andTheIdIsTheKeys() throws Exception {
    DeviceCredentials first = DeviceCredentials.loadOrCreate(dir);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("device-key.der"))))
        .isEqualTo("rw-------");
    DeviceCredentials again = DeviceCredentials.loadOrCreate(dir);
    assertThat(again.deviceId()).isEqualTo(first.deviceId()).matches("[0-9a-f]{32}");
    assertThat(again.certificate()).isEqualTo(first.certificate());
    assertThat(DeviceCredentials.keyFingerprint(first.certificate())).startsWith(first.deviceId()).hasSize(64);
    first.certificate().verify(first.certificate().getPublicKey());
    // The key read back lazily is the certificate's: sign with it, verify with the certificate.
    String pem = new String(again.privateKeyPem(), java.nio.charset.StandardCharsets.US_ASCII);
    assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
    java.security.PrivateKey key = java.security.KeyFactory.getInstance("EC").generatePrivate(
        new java.security.spec.PKCS8EncodedKeySpec(java.util.Base64.getMimeDecoder().decode(
            pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", ""))));
    java.security.Signature signer = java.security.Signature.getInstance("SHA256withECDSA");
    signer.initSign(key);
    signer.update(new byte[] {1, 2, 3});
    byte[] signature = signer.sign();
    java.security.Signature verifier = java.security.Signature.getInstance("SHA256withECDSA");
    verifier.initVerify(first.certificate());
    verifier.update(new byte[] {1, 2, 3});
    assertThat(verifier.verify(signature)).isTrue();
    assertThat(DeviceCredentials.ephemeral().deviceId()).isNotEqualTo(first.deviceId());
  }

  @Test
  void lazy_readsNothingUntilUsed_andRefusesAnotherDevicesFiles() throws Exception {
    DeviceCredentials created = DeviceCredentials.loadOrCreate(dir);
    assertThat(DeviceCredentials.lazy(dir, created.deviceId()).certificate()).isEqualTo(created.certificate());
    DeviceCredentials wrong = DeviceCredentials.lazy(dir, "0123456789abcdef0123456789abcdef");
    org.assertj.core.api.Assertions.assertThatThrownBy(wrong::certificate)
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not to 0123456789abcdef0123456789abcdef");
    assertThat(DeviceIdentity.recorded(dir)).isEmpty(); // No device.properties yet.
    DeviceIdentity identity = DeviceIdentity.loadOrCreate(dir, created);
    assertThat(DeviceIdentity.recorded(dir)).contains(identity);
  }

  @Test
  void identity_takesTheKeysId_keepsItsName_andReplacesAnOldRandomId() throws Exception {
    Files.writeString(dir.resolve("device.properties"), "id=0123456789abcdef0123456789abcdef\nname=Living room\n");
    DeviceCredentials credentials = DeviceCredentials.loadOrCreate(dir);
    DeviceIdentity identity = DeviceIdentity.loadOrCreate(dir, credentials);
    assertThat(identity.id()).isEqualTo(credentials.deviceId());
    assertThat(identity.name()).isEqualTo("Living room");
    assertThat(Files.readString(dir.resolve("device.properties"))).contains("id=" + credentials.deviceId());
  }
}
