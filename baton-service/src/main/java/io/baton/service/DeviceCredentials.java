package io.baton.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * This device's key pair and self-signed certificate, with which it proves itself to paired devices over TLS. Created
 * on first start and kept in the state directory ({@code device-key.p12}, readable by the daemon's user only: the file
 * mode, not the keystore password, protects the key).
 *
 * <p>The device id is derived from the public key ({@link #deviceIdOf}), so a device cannot change its key without
 * becoming a different device, and a peer cannot claim an id without holding its key.
 *
 * <h2>Threading</h2>
 * Immutable and thread-safe.
 */
public final class DeviceCredentials {
  static final String FILE_NAME = "device-key.p12";
  private static final String ALIAS = "device";
  // PKCS#12 needs a password; the key's real protection is the file's 0600 mode.
  private static final char[] STORE_PASSWORD = "baton".toCharArray();
  private static final Duration VALIDITY = Duration.ofDays(365L * 100);

  private final PrivateKey privateKey;
  private final X509Certificate certificate;

  private DeviceCredentials(PrivateKey privateKey, X509Certificate certificate) {
    this.privateKey = privateKey;
    this.certificate = certificate;
  }

  /**
   * The credentials kept in {@code stateDir}, created when there are none.
   *
   * @throws IOException if the directory cannot be read, the file is damaged, or new credentials cannot be written
   */
  public static DeviceCredentials loadOrCreate(Path stateDir) throws IOException {
    Path file = stateDir.resolve(FILE_NAME);
    try {
      if (Files.exists(file)) {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
          store.load(in, STORE_PASSWORD);
        }
        if (!(store.getKey(ALIAS, STORE_PASSWORD) instanceof PrivateKey key)
            || !(store.getCertificate(ALIAS) instanceof X509Certificate cert)) {
          throw new IOException(file + " holds no device key; remove it to create a new identity");
        }
        return new DeviceCredentials(key, cert);
      }
      DeviceCredentials created = ephemeral();
      Files.createDirectories(stateDir);
      Path tmp = Files.createTempFile(stateDir, FILE_NAME, ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(ALIAS, created.privateKey, STORE_PASSWORD, new X509Certificate[] {created.certificate});
      try (OutputStream out = Files.newOutputStream(tmp)) {
        store.store(out, STORE_PASSWORD);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      return created;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read or create the device key in " + file + ": " + e.getMessage(), e);
    }
  }

  /** New credentials (an EC P-256 key and a certificate valid for 100 years), kept nowhere. */
  public static DeviceCredentials ephemeral() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      String id = deviceIdOf(pair.getPublic().getEncoded());
      X500Name subject = new X500Name("CN=baton-" + id);
      Instant now = Instant.now();
      X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
          new JcaX509v3CertificateBuilder(subject, new BigInteger(128, new SecureRandom()),
              Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(VALIDITY)), subject, pair.getPublic())
              .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
      return new DeviceCredentials(pair.getPrivate(), certificate);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("this JVM cannot create an EC P-256 key", e);
    }
  }

  /** This device's id: see {@link #deviceIdOf(X509Certificate)}. */
  public String deviceId() {
    return deviceIdOf(certificate);
  }

  /** The certificate this device presents. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** Key managers that present this device's certificate, for TLS servers and clients. */
  public KeyManager[] keyManagers() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(ALIAS, privateKey, STORE_PASSWORD, new X509Certificate[] {certificate});
      KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, STORE_PASSWORD);
      return factory.getKeyManagers();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build key managers for the device key", e);
    }
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
