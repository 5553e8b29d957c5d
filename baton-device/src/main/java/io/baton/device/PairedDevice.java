package io.baton.device;

import io.baton.service.DeviceCredentials;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A device this one trusts: its pinned certificate and what is known about it.
 *
 * @param deviceId derived from the certificate's key ({@link DeviceCredentials#deviceIdOf})
 * @param name the name the device gave itself
 * @param certificate the certificate pinned when pairing; links accept exactly its key
 * @param address "host:port" where the device accepts links, or empty if it does not listen (as far as we know)
 * @param pairedMs when the devices paired (ms since the epoch)
 * @param lastSeenMs when the device last answered or called (ms since the epoch), 0 if never
 */
public record PairedDevice(String deviceId, String name, X509Certificate certificate, String address, long pairedMs,
    long lastSeenMs) {

  /** Checks that the id is the certificate's. */
  public PairedDevice {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(address, "address");
    if (!DeviceCredentials.deviceIdOf(certificate).equals(deviceId)) {
      throw new IllegalArgumentException("device id " + deviceId + " is not the certificate's");
    }
  }

  /** The full SHA-256 fingerprint of the pinned key. */
  public String keyFingerprint() {
    return DeviceCredentials.keyFingerprint(certificate);
  }

  PairedDevice withAddress(String newAddress) {
    return new PairedDevice(deviceId, name, certificate, newAddress, pairedMs, lastSeenMs);
  }

  PairedDevice withName(String newName) {
    return new PairedDevice(deviceId, newName, certificate, address, pairedMs, lastSeenMs);
  }

  PairedDevice withLastSeen(long ms) {
    return new PairedDevice(deviceId, name, certificate, address, pairedMs, ms);
  }

  static X509Certificate certificateOf(byte[] der) {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(der));
    } catch (CertificateException e) {
      throw new IllegalArgumentException("not an X.509 certificate", e);
    }
  }
}
