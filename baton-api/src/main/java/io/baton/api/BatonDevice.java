package io.baton.api;

import java.util.Objects;

/**
 * A Baton device: this one, or one it is paired with.
 *
 * @param deviceId 32 lowercase hex characters, derived from the device's key
 * @param name the name the device gave itself
 * @param keyFingerprint the SHA-256 of the device's public key (64 lowercase hex), to compare out of band
 * @param address "host:port" where the device accepts links; empty if it does not listen (as far as known)
 * @param connected whether a link to the device is up (always true for this device)
 * @param lastSeenMs when the device last answered, in ms since the epoch; 0 if never
 * @param roundTripMicros the last heartbeat's round trip, 0 when not connected
 */
public record BatonDevice(String deviceId, String name, String keyFingerprint, String address, boolean connected,
    long lastSeenMs, long roundTripMicros) {
  /** Checks required values. */
  public BatonDevice {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keyFingerprint, "keyFingerprint");
    Objects.requireNonNull(address, "address");
  }
}
