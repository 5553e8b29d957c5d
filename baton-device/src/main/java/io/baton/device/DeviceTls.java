package io.baton.device;

import io.baton.service.DeviceCredentials;
import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS for device links: each side presents its device certificate and accepts exactly the keys it pinned. There is
 * no certificate authority and no host name check — a device is its key.
 */
final class DeviceTls {
  private DeviceTls() {}

  /**
   * Credentials for the device listener: client certificates required; a client is let through the handshake when
   * {@code acceptClientKey} accepts its key fingerprint (a paired device, or anyone while a pairing window is open).
   */
  static ServerCredentials server(DeviceCredentials credentials, Predicate<String> acceptClientKey) {
    try {
      return TlsServerCredentials.newBuilder()
          .keyManager(new ByteArrayInputStream(credentials.certificatePem()),
              new ByteArrayInputStream(credentials.privateKeyPem()))
          .trustManager(new KeyTrustManager(acceptClientKey, null))
          .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException("the device key cannot be used for TLS", e);
    }
  }

  /** Credentials for a link to the device whose key has {@code pinnedFingerprint}. */
  static ChannelCredentials pinned(DeviceCredentials credentials, String pinnedFingerprint) {
    return client(credentials, pinnedFingerprint::equals, null);
  }

  /**
   * Credentials for pairing: any well-formed self-signed server certificate passes the handshake and is kept in
   * {@code seen}; the pairing proof, bound to it, decides whether it is trusted.
   */
  static ChannelCredentials pairing(DeviceCredentials credentials, AtomicReference<X509Certificate> seen) {
    return client(credentials, fingerprint -> true, seen);
  }

  /**
   * Credentials that accept a server whose key {@code acceptServerKey} accepts, keeping its certificate in {@code seen}
   * (may be null): to find out which paired device answers at a configured address.
   */
  static ChannelCredentials client(DeviceCredentials credentials, Predicate<String> acceptServerKey,
      AtomicReference<X509Certificate> seen) {
    try {
      return TlsChannelCredentials.newBuilder()
          .keyManager(new ByteArrayInputStream(credentials.certificatePem()),
              new ByteArrayInputStream(credentials.privateKeyPem()))
          .trustManager(new KeyTrustManager(acceptServerKey, seen))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException("the device key cannot be used for TLS", e);
    }
  }

  /**
   * Accepts a peer whose certificate is a valid self-signed certificate with an accepted key. An
   * {@link X509ExtendedTrustManager}, so the JDK adds no host name check of its own.
   */
  private static final class KeyTrustManager extends X509ExtendedTrustManager {
    private final Predicate<String> acceptKey;
    private final AtomicReference<X509Certificate> seen;

    KeyTrustManager(Predicate<String> acceptKey, AtomicReference<X509Certificate> seen) {
      this.acceptKey = acceptKey;
      this.seen = seen;
    }

    private void check(X509Certificate[] chain) throws CertificateException {
      if (chain == null || chain.length == 0) {
        throw new CertificateException("the peer presented no certificate");
      }
      X509Certificate certificate = chain[0];
      certificate.checkValidity();
      try {
        certificate.verify(certificate.getPublicKey());
      } catch (GeneralSecurityException e) {
        throw new CertificateException("the peer's certificate is not a self-signed device certificate", e);
      }
      String fingerprint = DeviceCredentials.keyFingerprint(certificate);
      if (!acceptKey.test(fingerprint)) {
        throw new CertificateException("device " + DeviceCredentials.deviceIdOf(certificate) + " is not paired");
      }
      if (seen != null) {
        seen.set(certificate);
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      check(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
