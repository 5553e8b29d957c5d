package io.baton.mqtt;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/** The TLS settings of an {@code ssl://} connection, from PEM files. */
final class Tls {
  private static final Pattern PKCS8 =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
  private static final char[] NO_PASSWORD = new char[0];

  private Tls() {}

  /**
   * The client's TLS configuration for {@code options}.
   *
   * @throws IllegalArgumentException naming the file, when a file is missing or holds no usable certificate or key
   */
  static MqttClientSslConfig sslConfig(MqttOptions options) {
    MqttClientSslConfigBuilder b = MqttClientSslConfig.builder();
    try {
      if (options.caFile() != null) {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        int i = 0;
        for (Certificate c : certificates(options.caFile(), "caFile")) {
          trust.setCertificateEntry("ca-" + i++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        b.trustManagerFactory(tmf);
      }
      if (options.certFile() != null && options.keyFile() != null) {
        List<Certificate> chain = certificates(options.certFile(), "certFile");
        PrivateKey key = privateKey(options.keyFile());
        KeyStore keys = KeyStore.getInstance(KeyStore.getDefaultType());
        keys.load(null, null);
        keys.setKeyEntry("client", key, NO_PASSWORD, chain.toArray(new Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, NO_PASSWORD);
        b.keyManagerFactory(kmf);
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("MQTT TLS setup failed: " + e.getMessage(), e);
    }
    return b.build();
  }

  private static List<Certificate> certificates(Path file, String key) throws IOException {
    byte[] pem = read(file, key);
    try (InputStream in = new ByteArrayInputStream(pem)) {
      Collection<? extends Certificate> all = CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (all.isEmpty()) {
        throw new IllegalArgumentException(MqttOptions.KEY_PREFIX + key + " " + file + " holds no PEM certificate");
      }
      return new ArrayList<>(all);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(MqttOptions.KEY_PREFIX + key + " " + file
          + " holds no readable PEM certificate: " + e.getMessage(), e);
    }
  }

  private static PrivateKey privateKey(Path file) throws IOException {
    String pem = new String(read(file, "keyFile"), StandardCharsets.US_ASCII);
    Matcher m = PKCS8.matcher(pem);
    if (!m.find()) {
      throw new IllegalArgumentException(MqttOptions.KEY_PREFIX + "keyFile " + file + " holds no unencrypted PKCS#8 "
          + "key (BEGIN PRIVATE KEY); convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
    }
    byte[] der = Base64.getMimeDecoder().decode(m.group(1));
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // Try the next algorithm: PKCS#8 names it inside, but KeyFactory wants it up front.
      }
    }
    throw new IllegalArgumentException(MqttOptions.KEY_PREFIX + "keyFile " + file
        + " holds a key that is not RSA, EC or EdDSA");
  }

  private static byte[] read(Path file, String key) throws IOException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(MqttOptions.KEY_PREFIX + key + ": no such file " + file, e);
    }
  }
}
