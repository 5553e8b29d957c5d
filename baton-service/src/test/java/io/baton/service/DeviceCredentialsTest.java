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
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("device-key.p12"))))
        .isEqualTo("rw-------");
    DeviceCredentials again = DeviceCredentials.loadOrCreate(dir);
    assertThat(again.deviceId()).isEqualTo(first.deviceId()).matches("[0-9a-f]{32}");
    assertThat(again.certificate()).isEqualTo(first.certificate());
    assertThat(DeviceCredentials.keyFingerprint(first.certificate())).startsWith(first.deviceId()).hasSize(64);
    first.certificate().verify(first.certificate().getPublicKey());
    assertThat(DeviceCredentials.ephemeral().deviceId()).isNotEqualTo(first.deviceId());
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
