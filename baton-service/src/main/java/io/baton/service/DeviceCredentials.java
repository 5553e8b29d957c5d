package io.baton.service;

import io.baton.api.Nullable;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * This device's key pair and self-signed certificate, with which it proves itself to paired devices over TLS. Created
 * on first start and kept in the state directory: {@code device-cert.der} and {@code device-key.der} (PKCS#8, readable
 * by the daemon's user only: like an SSH key, the file mode protects it). The certificate is read at start (a few
 * milliseconds); the private key only when a TLS connection first needs it; with {@link #lazy}, both only then.
 *
 * <p>The device id is derived from the public key ({@link #deviceIdOf}), so a device cannot change its key without
 * becoming a different device, and a peer cannot claim an id without holding its key.
 *
 * <h2>Threading</h2>
 * Thread-safe; the private key is read once, under the object's lock.
 */
public final class DeviceCredentials {
  static final String CERTIFICATE_FILE = "device-cert.der";
  static final String KEY_FILE = "device-key.der";
  private static final Duration VALIDITY = Duration.ofDays(365L * 100);

  private final @Nullable Path stateDir;
  private final @Nullable String expectedId;
  // Guarded by this; read from the state directory on first use when null.
  private X509Certificate certificate;
  private PrivateKey privateKey;

  private DeviceCredentials(@Nullable X509Certificate certificate, @Nullable PrivateKey privateKey,
      @Nullable Path stateDir, @Nullable String expectedId) {
    this.certificate = certificate;
    this.privateKey = privateKey;
    this.stateDir = stateDir;
    this.expectedId = expectedId;
  }

  /**
   * The credentials kept in {@code stateDir}, read only when first used (so that a daemon's start does not pay for the
   * JDK's certificate and key parsers): a daemon that never talks to another device never reads them. They must be
   * those of device {@code expectedId} (what {@code device.properties} records).
   */
  public static DeviceCredentials lazy(Path stateDir, String expectedId) {
    return new DeviceCredentials(null, null, stateDir, expectedId);
  }

  /** Whether {@code stateDir} holds credentials (both files). */
  static boolean exist(Path stateDir) {
    return Files.exists(stateDir.resolve(CERTIFICATE_FILE)) && Files.exists(stateDir.resolve(KEY_FILE));
  }

  /**
   * The credentials kept in {@code stateDir}, created when there are none.
   *
   * @throws IOException if the directory cannot be read, a file is damaged, or new credentials cannot be written
   */
  public static DeviceCredentials loadOrCreate(Path stateDir) throws IOException {
    Path certificateFile = stateDir.resolve(CERTIFICATE_FILE);
    Path keyFile = stateDir.resolve(KEY_FILE);
    if (exist(stateDir)) {
      return new DeviceCredentials(readCertificate(stateDir), null, stateDir, null);
    }
    DeviceCredentials created = ephemeral();
    Files.createDirectories(stateDir);
    try {
      // The key first, so that a certificate on disk always has its key next to it.
      writeAtomically(keyFile, created.privateKey.getEncoded(), "rw-------");
      writeAtomically(certificateFile, created.certificate.getEncoded(), "rw-r--r--");
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot encode the new device certificate", e);
    }
    return new DeviceCredentials(created.certificate, created.privateKey, stateDir, null);
  }

  private static X509Certificate readCertificate(Path stateDir) throws IOException {
    Path file = stateDir.resolve(CERTIFICATE_FILE);
    try (InputStream in = Files.newInputStream(file)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new IOException(file + " is not a device certificate; remove it and " + KEY_FILE
          + " to create a new identity", e);
    }
  }

  private static void writeAtomically(Path file, byte[] bytes, String mode) throws IOException {
    Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
    Files.write(tmp, bytes);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
  }

  /** New credentials (an EC P-256 key and a certificate valid for 100 years), kept nowhere. */
  public static DeviceCredentials ephemeral() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      return new DeviceCredentials(SelfSigned.certificate(pair, "baton-" + deviceIdOf(pair.getPublic().getEncoded())),
          pair.getPrivate(), null, null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot create an EC P-256 key", e);
    }
  }

  /**
   * The BouncyCastle part, in a class of its own: BouncyCastle's jars are signed, and the JDK verifies a signed jar
   * when it first loads a class from it (about 100 ms), so only a daemon that creates its identity should pay that.
   */
  private static final class SelfSigned {
    static X509Certificate certificate(KeyPair pair, String commonName) throws GeneralSecurityException {
      X500Name subject = new X500Name("CN=" + commonName);
      Instant now = Instant.now();
      try {
        return new JcaX509CertificateConverter().getCertificate(
            new JcaX509v3CertificateBuilder(subject, new BigInteger(128, new SecureRandom()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(VALIDITY)), subject, pair.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
      } catch (OperatorCreationException e) {
        throw new GeneralSecurityException("cannot sign the device certificate", e);
      }
    }
  }

  /** This device's id: see {@link #deviceIdOf(X509Certificate)}. */
  public String deviceId() {
    return deviceIdOf(certificate());
  }

  /**
   * The certificate this device presents.
   *
   * @throws IllegalStateException if it cannot be read, or is not the recorded device's
   */
  public synchronized X509Certificate certificate() {
    if (certificate == null) {
      X509Certificate read;
      try {
        read = readCertificate(stateDir);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read the device certificate: " + e.getMessage(), e);
      }
      if (expectedId != null && !deviceIdOf(read).equals(expectedId)) {
        throw new IllegalStateException(stateDir.resolve(CERTIFICATE_FILE) + " belongs to device "
            + deviceIdOf(read) + ", not to " + expectedId + " (device.properties); remove both to start afresh");
      }
      certificate = read;
    }
    return certificate;
  }

  /** The certificate, PEM-encoded, for TLS libraries that take key material as PEM. */
  public byte[] certificatePem() {
    try {
      return pem("CERTIFICATE", certificate().getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot encode the device certificate", e);
    }
  }

  /**
   * The private key, PEM-encoded (unencrypted PKCS#8), for TLS libraries that take key material as PEM. Read from the
   * state directory on first use.
   *
   * @throws IllegalStateException if the key file cannot be read or does not hold an EC key
   */
  public synchronized byte[] privateKeyPem() {
    if (privateKey == null) {
      Path keyFile = stateDir.resolve(KEY_FILE);
      try {
        privateKey = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(keyFile)));
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalStateException("cannot read the device key " + keyFile + ": " + e.getMessage(), e);
      }
    }
    return pem("PRIVATE KEY", privateKey.getEncoded());
  }

  private static byte[] pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The device id a certificate proves: the first 128 bits of the SHA-256 of its public key, as 32 lowercase hex
   * characters.
   */
  public static String deviceIdOf(X509Certificate certificate) {
    return deviceIdOf(certificate.getPublicKey().getEncoded());
  }

  /** The full SHA-256 fingerprint of a certificate's public key, as 64 lowercase hex characters, for pinning. */
  public static String keyFingerprint(X509Certificate certificate) {
    return sha256Hex(certificate.getPublicKey().getEncoded());
  }

  private static String deviceIdOf(byte[] publicKey) {
    return sha256Hex(publicKey).substring(0, 32);
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
