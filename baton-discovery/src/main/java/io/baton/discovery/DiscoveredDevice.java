package io.baton.discovery;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Baton daemon found on the network: its device id, its name, and the address and port it accepts links on.
 *
 * <p>Every field is validated when the record is built, so a value of this type is always well formed: a peer that
 * announces anything else is ignored by {@link DeviceBrowser} (and logged at debug), never reported.
 *
 * @param deviceId the device's stable id: 32 lowercase hexadecimal characters (the TXT key {@code id})
 * @param name the device's human-readable name (the DNS-SD service instance name): not blank, no control characters,
 *     at most {@value #MAX_NAME_BYTES} bytes in UTF-8
 * @param host the address to connect to, as an IP literal ({@code 10.0.0.7}, {@code fe80::1%eth0}), never a host name
 * @param port the TCP port the daemon listens on for links, 1 to 65535
 * @param version the discovery record's version (the TXT key {@code v}), 1 or more; this code announces
 *     {@value #PROTOCOL_VERSION}, and a peer with a higher one may speak a protocol this daemon does not
 */
public record DiscoveredDevice(String deviceId, String name, String host, int port, int version) {
  /** The record version this code announces (TXT {@code v=1}). */
  public static final int PROTOCOL_VERSION = 1;

  /** The longest name, in UTF-8 bytes: a DNS label's limit, which a DNS-SD instance name must respect. */
  public static final int MAX_NAME_BYTES = 63;

  private static final Pattern DEVICE_ID = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern IPV4 =
      Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}");

  /**
   * Validates every field.
   *
   * @throws NullPointerException if a string field is null
   * @throws IllegalArgumentException naming the field that is malformed
   */
  public DiscoveredDevice {
    checkDeviceId(deviceId);
    checkName(name);
    Objects.requireNonNull(host, "host");
    if (!isIpLiteral(host)) {
      throw new IllegalArgumentException("host is not an IP literal: " + host);
    }
    checkPort(port);
    if (version < 1) {
      throw new IllegalArgumentException("version must be 1 or more: " + version);
    }
  }

  /* package */ static void checkDeviceId(String deviceId) {
    Objects.requireNonNull(deviceId, "deviceId");
    if (!DEVICE_ID.matcher(deviceId).matches()) {
      throw new IllegalArgumentException("deviceId must be 32 lowercase hex characters: " + deviceId);
    }
  }

  /* package */ static void checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name is blank");
    }
    if (name.codePoints().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("name contains a control character: " + name);
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw new IllegalArgumentException("name is longer than " + MAX_NAME_BYTES + " bytes in UTF-8: " + name);
    }
  }

  /* package */ static void checkPort(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1 to 65535: " + port);
    }
  }

  /* package */ static boolean isIpLiteral(String host) {
    if (IPV4.matcher(host).matches()) {
      return true;
    }
    if (host.indexOf(':') < 0 || host.startsWith("[")) {
      return false;
    }
    try {
      // In brackets the JDK parses an IPv6 literal or fails; it never falls back to a name lookup.
      java.net.InetAddress.getByName("[" + host + "]");
      return true;
    } catch (java.net.UnknownHostException | IllegalArgumentException e) {
      return false;
    }
  }
}
