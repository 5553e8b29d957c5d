package io.baton.device;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Proof of knowing a pairing code, bound to the two TLS keys of the handshake (see {@code device_link.proto}): a relay
 * that terminates TLS with its own keys cannot reuse a proof, and the code itself never travels.
 */
final class PairingProof {
  private PairingProof() {}

  /** The proof that whoever holds {@code fromKey} knows {@code code} and talks to {@code toKey}. */
  static String of(String code, String fromKeyFingerprint, String toKeyFingerprint) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(code.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(("baton-pair-v1|" + fromKeyFingerprint + "|" + toKeyFingerprint)
          .getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  /** Compares in constant time. */
  static boolean matches(String expected, String actual) {
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
        actual.getBytes(StandardCharsets.US_ASCII));
  }
}
