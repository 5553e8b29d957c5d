package io.baton.web;

import io.baton.api.Nullable;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how {@link WebBridge} serves the web control center.
 *
 * <p>By default it listens on {@value #DEFAULT_HOST}:{@value #DEFAULT_PORT} over plain HTTP. A non-loopback host is
 * only accepted together with a key store, and is then served over HTTPS only: {@link Builder#build()} refuses a
 * cleartext non-loopback address, so the page and its token never cross a network unencrypted.
 *
 * @see Builder
 */
public final class WebOptions {
  /** The default address: loopback only. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** The default port, documented in the README; {@code --web HOST:PORT} chooses another. */
  public static final int DEFAULT_PORT = 7677;

  private final String host;
  private final int port;
  private final @Nullable Path keyStore;
  private final char[] keyStorePassword;
  private final String deviceId;
  private final String deviceName;

  private WebOptions(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.keyStore = b.keyStore;
    this.keyStorePassword = b.keyStorePassword.clone();
    this.deviceId = b.deviceId;
    this.deviceName = b.deviceName;
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** The defaults: {@value #DEFAULT_HOST}:{@value #DEFAULT_PORT}, plain HTTP. */
  public static WebOptions defaults() {
    return builder().build();
  }

  /** The host name or address to bind. */
  public String host() {
    return host;
  }

  /** The port to bind; 0 picks a free port. */
  public int port() {
    return port;
  }

  /** The PKCS#12 or JKS key store for HTTPS, or {@code null} for plain HTTP (loopback only). */
  public @Nullable Path keyStore() {
    return keyStore;
  }

  /** Whether the page is served over HTTPS. */
  public boolean https() {
    return keyStore != null;
  }

  /* package */ char[] keyStorePassword() {
    return keyStorePassword.clone();
  }

  /** The id of this device, shown on local sessions' cards (empty when unknown). */
  public String deviceId() {
    return deviceId;
  }

  /** The display name of this device, shown on local sessions' cards. */
  public String deviceName() {
    return deviceName;
  }

  /**
   * Whether {@code host} names only this machine (127.0.0.0/8, ::1, or a name resolving there).
   *
   * @throws IllegalArgumentException when the name cannot be resolved
   */
  public static boolean isLoopback(String host) {
    try {
      for (InetAddress address : InetAddress.getAllByName(host)) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("unknown web host '" + host + "'", e);
    }
  }

  @Override
  public String toString() {
    return "WebOptions{" + host + ":" + port + (https() ? ", https" : "") + "}";
  }

  /** Builds {@link WebOptions}. Not thread-safe. */
  public static final class Builder {
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private @Nullable Path keyStore;
    private char[] keyStorePassword = new char[0];
    private String deviceId = "";
    private String deviceName = "this device";

    private Builder() {}

    /** The host name or address to bind. Default {@value #DEFAULT_HOST}. */
    public Builder host(String host) {
      Objects.requireNonNull(host, "host");
      if (host.isBlank()) {
        throw new IllegalArgumentException("web host must not be empty");
      }
      this.host = host;
      return this;
    }

    /** The port, 0 (any free port) to 65535. Default {@value #DEFAULT_PORT}. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("web port must be 0 to 65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * {@code HOST:PORT}, {@code [IPv6]:PORT}, or {@code :PORT} (default host).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public Builder address(String hostAndPort) {
      Objects.requireNonNull(hostAndPort, "hostAndPort");
      int colon = hostAndPort.lastIndexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("web address must be HOST:PORT, was '" + hostAndPort + "'");
      }
      String hostPart = hostAndPort.substring(0, colon);
      String portPart = hostAndPort.substring(colon + 1);
      if (hostPart.startsWith("[") && hostPart.endsWith("]")) {
        hostPart = hostPart.substring(1, hostPart.length() - 1);
      }
      int parsedPort;
      try {
        parsedPort = Integer.parseInt(portPart);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("web port must be a number, was '" + portPart + "'");
      }
      port(parsedPort);
      if (!hostPart.isEmpty()) {
        host(hostPart);
      }
      return this;
    }

    /**
     * Serve HTTPS with the key (and certificate chain) in {@code keyStore}, a PKCS#12 or JKS file.
     *
     * @param password the store's password (also used for the key)
     */
    public Builder keyStore(Path keyStore, char[] password) {
      this.keyStore = Objects.requireNonNull(keyStore, "keyStore");
      this.keyStorePassword = Objects.requireNonNull(password, "password").clone();
      return this;
    }

    /** The device shown on local sessions' cards (the daemon's {@code DeviceIdentity}). */
    public Builder device(String id, String name) {
      this.deviceId = Objects.requireNonNull(id, "id");
      this.deviceName = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * The options.
     *
     * @throws IllegalArgumentException for a non-loopback host without a key store (cleartext on a network is
     *     refused), an unknown host, or a key store file that does not exist
     */
    public WebOptions build() {
      if (keyStore == null && !isLoopback(host)) {
        throw new IllegalArgumentException("refusing to serve the web control center over cleartext HTTP on "
            + host + ", which is not a loopback address: give a key store to serve HTTPS (--web-keystore FILE), or "
            + "use a loopback address such as 127.0.0.1");
      }
      if (keyStore != null && !Files.isReadable(keyStore)) {
        throw new IllegalArgumentException("web key store " + keyStore + " does not exist or cannot be read");
      }
      return new WebOptions(this);
    }
  }
}
