package io.baton.discovery;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The layout of a Baton DNS-SD record, in one place: the service type, the TXT keys, how an instance name is made
 * from a device name, and how what a peer announces becomes a {@link DiscoveredDevice} (or is rejected, with a reason).
 *
 * <p>TXT data follows RFC 6763 §6: a sequence of length-prefixed strings {@code key=value}; keys are compared without
 * case, and only the first occurrence of a key counts.
 */
/* package */ final class ServiceRecord {
  /** The DNS-SD service type, fully qualified as JmDNS wants it. */
  static final String SERVICE_TYPE = "_baton._tcp.local.";

  /** TXT key of the device id. */
  static final String KEY_ID = "id";

  /** TXT key of the record version. */
  static final String KEY_VERSION = "v";

  private ServiceRecord() {}

  /** The TXT data this daemon announces: {@code id=<deviceId>}, {@code v=<PROTOCOL_VERSION>}. */
  static byte[] txt(String deviceId) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String entry : List.of(KEY_ID + "=" + deviceId, KEY_VERSION + "=" + DiscoveredDevice.PROTOCOL_VERSION)) {
      byte[] bytes = entry.getBytes(StandardCharsets.UTF_8);
      out.write(bytes.length);
      out.write(bytes, 0, bytes.length);
    }
    return out.toByteArray();
  }

  /**
   * The DNS-SD instance name for a device name: the name itself, cut at a character boundary to fit a DNS label
   * ({@value DiscoveredDevice#MAX_NAME_BYTES} bytes of UTF-8), so that a long host name never stops the announcement.
   */
  static String instanceName(String name) {
    if (name.getBytes(StandardCharsets.UTF_8).length <= DiscoveredDevice.MAX_NAME_BYTES) {
      return name;
    }
    StringBuilder cut = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + size > DiscoveredDevice.MAX_NAME_BYTES) {
        break;
      }
      cut.appendCodePoint(cp);
      bytes += size;
      i += Character.charCount(cp);
    }
    return cut.toString().strip();
  }

  /**
   * Parses TXT data into its key/value pairs: keys in lower case, the first occurrence of each key, values decoded as
   * UTF-8; a key without {@code =} (a boolean attribute) maps to the empty string.
   *
   * @throws IllegalArgumentException if the data is not well-formed TXT data or a value is not UTF-8
   */
  static Map<String, String> parseTxt(byte[] txt) {
    Map<String, String> entries = new LinkedHashMap<>();
    int i = 0;
    while (i < txt.length) {
      int length = txt[i] & 0xff;
      int start = i + 1;
      int end = start + length;
      if (end > txt.length) {
        throw new IllegalArgumentException("TXT string at byte " + i + " runs past the end of the data");
      }
      i = end;
      if (length == 0) {
        continue; // An empty string: what an empty TXT record holds (RFC 6763 §6.1).
      }
      int equals = start;
      while (equals < end && txt[equals] != '=') {
        equals++;
      }
      if (equals == start) {
        continue; // No key: RFC 6763 §6.4 says to silently ignore it.
      }
      String key = new String(txt, start, equals - start, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
      String value = equals == end ? "" : utf8(txt, equals + 1, end - equals - 1, key);
      entries.putIfAbsent(key, value);
    }
    return entries;
  }

  private static String utf8(byte[] bytes, int offset, int length, String key) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, offset, length))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("TXT value of " + key + " is not UTF-8");
    }
  }

  /**
   * What a peer announced, as a device.
   *
   * @param instanceName the service instance name (the device's name)
   * @param txt the raw TXT data
   * @param host the chosen address (see {@link #pickAddress})
   * @param port the SRV port
   * @throws IllegalArgumentException saying what is wrong with the announcement
   */
  static DiscoveredDevice toDevice(String instanceName, byte[] txt, InetAddress host, int port) {
    Map<String, String> entries = parseTxt(txt);
    String id = entries.get(KEY_ID);
    if (id == null) {
      throw new IllegalArgumentException("TXT has no " + KEY_ID);
    }
    String version = entries.get(KEY_VERSION);
    if (version == null) {
      throw new IllegalArgumentException("TXT has no " + KEY_VERSION);
    }
    if (!version.matches("[1-9][0-9]{0,8}")) {
      throw new IllegalArgumentException("TXT " + KEY_VERSION + " is not a positive integer: " + version);
    }
    return new DiscoveredDevice(id, instanceName, host.getHostAddress(), port, Integer.parseInt(version));
  }

  /** An address block of the local interface: an address and its prefix length. */
  record Subnet(InetAddress address, int prefixLength) {
    boolean contains(InetAddress candidate) {
      byte[] a = address.getAddress();
      byte[] b = candidate.getAddress();
      if (a.length != b.length) {
        return false;
      }
      int bits = Math.min(prefixLength, a.length * 8);
      for (int i = 0; i < bits; i++) {
        int mask = 0x80 >>> (i % 8);
        if ((a[i / 8] & mask) != (b[i / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * The address of a peer to report: the first announced address inside one of the local interface's subnets,
   * IPv4 first. Empty when none is: mDNS is link-local, so a peer whose every address is off this link was heard
   * through something else and is not reachable here as announced.
   */
  static Optional<InetAddress> pickAddress(List<InetAddress> announced, List<Subnet> link) {
    Optional<InetAddress> v4 = announced.stream()
        .filter(a -> a instanceof Inet4Address && link.stream().anyMatch(s -> s.contains(a)))
        .findFirst();
    if (v4.isPresent()) {
      return v4;
    }
    return announced.stream().filter(a -> link.stream().anyMatch(s -> s.contains(a))).findFirst();
  }
}
