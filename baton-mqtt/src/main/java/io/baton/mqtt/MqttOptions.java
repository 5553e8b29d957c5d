package io.baton.mqtt;

import io.baton.api.Nullable;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * How to reach an MQTT broker, and how the bridge and the fleet client use it. Immutable; build with
 * {@link #builder(String)} or read from a properties file with {@link #fromProperties}.
 *
 * <h2>Broker URL</h2>
 * {@code tcp://HOST[:PORT]} (default port 1883) or {@code ssl://HOST[:PORT]} (default 8883); {@code mqtt://} and
 * {@code mqtts://} are accepted as synonyms. Nothing else may appear in the URL: credentials go in
 * {@link Builder#username}/{@link Builder#password}, so that they never show in a process listing.
 *
 * <h2>TLS</h2>
 * With {@code ssl://}, the broker's certificate is checked against {@link Builder#caFile} (PEM certificates) or, when
 * none is given, the JVM's default trust store; the host name is verified. A client certificate is
 * {@link Builder#certFile} (PEM chain) plus {@link Builder#keyFile} (PEM, PKCS#8: {@code BEGIN PRIVATE KEY}; convert
 * other keys with {@code openssl pkcs8 -topk8 -nocrypt}).
 */
public final class MqttOptions {
  /** The prefix of every MQTT key in Baton's configuration file. */
  public static final String KEY_PREFIX = "mqtt.";
  /** The default topic root. */
  public static final String DEFAULT_BASE_TOPIC = "baton";
  /** The default quality of service of every publish and subscription. */
  public static final int DEFAULT_QOS = 1;
  /** The default minimum time between two snapshots of one session. */
  public static final Duration DEFAULT_MIN_PUBLISH_INTERVAL = Duration.ofMillis(100);

  /** Which MQTT version to speak. */
  public enum Protocol {
    /** MQTT 5 when the broker offers it, else 3.1.1. */
    AUTO,
    /** MQTT 5 only. */
    V5,
    /** MQTT 3.1.1 only. */
    V3;

    /** {@code auto}, {@code 5} or {@code 3} (also {@code 5.0}, {@code 3.1.1}). */
    static Protocol parse(String value) {
      return switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "auto" -> AUTO;
        case "5", "5.0" -> V5;
        case "3", "3.1.1" -> V3;
        default -> throw new IllegalArgumentException(
            KEY_PREFIX + "protocol must be auto, 5 or 3.1.1, was '" + value + "'");
      };
    }
  }

  private static final Set<String> KEYS = Set.of("url", "username", "password", "clientId", "baseTopic", "qos",
      "caFile", "certFile", "keyFile", "protocol", "minPublishIntervalMs");
  /** A topic level: MQTT forbids wildcards and {@code /} inside one, and a leading {@code $} is for the broker. */
  private static final Pattern BASE_TOPIC = Pattern.compile("[^/#+$\\u0000][^/#+\\u0000]*(/[^/#+\\u0000]+)*");

  private final URI url;
  private final boolean tls;
  private final String host;
  private final int port;
  private final @Nullable String username;
  private final @Nullable String password;
  private final @Nullable String clientId;
  private final String baseTopic;
  private final int qos;
  private final @Nullable Path caFile;
  private final @Nullable Path certFile;
  private final @Nullable Path keyFile;
  private final Protocol protocol;
  private final Duration minPublishInterval;

  private MqttOptions(Builder b) {
    this.url = parseUrl(b.url);
    this.tls = url.getScheme().equalsIgnoreCase("ssl") || url.getScheme().equalsIgnoreCase("mqtts");
    this.host = url.getHost().startsWith("[") ? url.getHost().substring(1, url.getHost().length() - 1)
        : url.getHost();
    this.port = url.getPort() > 0 ? url.getPort() : tls ? 8883 : 1883;
    this.username = b.username;
    this.password = b.password;
    if (password != null && username == null) {
      throw new IllegalArgumentException(KEY_PREFIX + "password needs " + KEY_PREFIX + "username");
    }
    if (b.clientId != null && (b.clientId.isEmpty() || b.clientId.length() > 65535)) {
      throw new IllegalArgumentException(KEY_PREFIX + "clientId must be 1 to 65535 characters");
    }
    this.clientId = b.clientId;
    if (!BASE_TOPIC.matcher(b.baseTopic).matches()) {
      throw new IllegalArgumentException(KEY_PREFIX + "baseTopic must be topic levels separated by '/', without "
          + "wildcards (+, #), empty levels or a leading '$'; was '" + b.baseTopic + "'");
    }
    this.baseTopic = b.baseTopic;
    if (b.qos < 0 || b.qos > 2) {
      throw new IllegalArgumentException(KEY_PREFIX + "qos must be 0, 1 or 2, was " + b.qos);
    }
    this.qos = b.qos;
    if ((b.certFile == null) != (b.keyFile == null)) {
      throw new IllegalArgumentException(KEY_PREFIX + "certFile and " + KEY_PREFIX + "keyFile go together");
    }
    if (!tls && (b.caFile != null || b.certFile != null)) {
      throw new IllegalArgumentException(KEY_PREFIX + "caFile, certFile and keyFile need an ssl:// URL, not " + url);
    }
    this.caFile = b.caFile;
    this.certFile = b.certFile;
    this.keyFile = b.keyFile;
    this.protocol = b.protocol;
    if (b.minPublishInterval.isNegative()) {
      throw new IllegalArgumentException(KEY_PREFIX + "minPublishIntervalMs must be 0 or more");
    }
    this.minPublishInterval = b.minPublishInterval;
  }

  /** A builder for the broker at {@code url}. */
  public static Builder builder(String url) {
    return new Builder(url);
  }

  /**
   * The options in {@code properties} (keys {@code mqtt.url}, {@code mqtt.username}, {@code mqtt.password},
   * {@code mqtt.clientId}, {@code mqtt.baseTopic}, {@code mqtt.qos}, {@code mqtt.caFile}, {@code mqtt.certFile},
   * {@code mqtt.keyFile}, {@code mqtt.protocol}, {@code mqtt.minPublishIntervalMs}); other keys are not read.
   *
   * @param urlOverride a URL that wins over {@code mqtt.url} (a command-line option), or null
   * @return null when there is no URL at all (MQTT is off)
   * @throws IllegalArgumentException naming the key, for an unknown {@code mqtt.*} key or a bad value
   */
  public static @Nullable MqttOptions fromProperties(Properties properties, @Nullable String urlOverride) {
    Set<String> unknown = new TreeSet<>();
    for (String key : properties.stringPropertyNames()) {
      if (key.startsWith(KEY_PREFIX) && !KEYS.contains(key.substring(KEY_PREFIX.length()))) {
        unknown.add(key);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown configuration key " + String.join(", ", unknown)
          + "; MQTT keys: " + new TreeSet<>(KEYS.stream().map(k -> KEY_PREFIX + k).toList()));
    }
    String url = urlOverride != null ? urlOverride : value(properties, "url");
    if (url == null) {
      return null;
    }
    Builder b = builder(url);
    b.username = value(properties, "username");
    b.password = value(properties, "password");
    b.clientId = value(properties, "clientId");
    String baseTopic = value(properties, "baseTopic");
    if (baseTopic != null) {
      b.baseTopic(baseTopic);
    }
    String qos = value(properties, "qos");
    if (qos != null) {
      b.qos(wholeNumber("qos", qos));
    }
    b.caFile = path(properties, "caFile");
    b.certFile = path(properties, "certFile");
    b.keyFile = path(properties, "keyFile");
    String protocol = value(properties, "protocol");
    if (protocol != null) {
      b.protocol(Protocol.parse(protocol));
    }
    String interval = value(properties, "minPublishIntervalMs");
    if (interval != null) {
      b.minPublishInterval(Duration.ofMillis(wholeNumber("minPublishIntervalMs", interval)));
    }
    return b.build();
  }

  private static @Nullable String value(Properties properties, String key) {
    String v = properties.getProperty(KEY_PREFIX + key);
    return v == null ? null : v.trim();
  }

  private static @Nullable Path path(Properties properties, String key) {
    String v = value(properties, key);
    return v == null || v.isEmpty() ? null : Paths.get(v);
  }

  private static int wholeNumber(String key, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(KEY_PREFIX + key + " must be a whole number, was '" + value + "'");
    }
  }

  private static URI parseUrl(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("MQTT URL '" + url + "' is malformed: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!Set.of("tcp", "ssl", "mqtt", "mqtts").contains(scheme)) {
      throw new IllegalArgumentException("MQTT URL '" + url + "' must start with tcp:// or ssl://");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("MQTT URL '" + url + "' has no host: use tcp://HOST:PORT");
    }
    if (uri.getUserInfo() != null) {
      throw new IllegalArgumentException("MQTT URL '" + url + "' holds credentials: set " + KEY_PREFIX + "username "
          + "and " + KEY_PREFIX + "password in the configuration file instead");
    }
    if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty()) || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      throw new IllegalArgumentException("MQTT URL '" + url + "' must be scheme://HOST[:PORT] only");
    }
    return uri;
  }

  /** The broker URL as given. */
  public URI url() {
    return url;
  }

  /** Whether the connection uses TLS ({@code ssl://}). */
  public boolean tls() {
    return tls;
  }

  /** The broker's host (without IPv6 brackets). */
  public String host() {
    return host;
  }

  /** The broker's port. */
  public int port() {
    return port;
  }

  public @Nullable String username() {
    return username;
  }

  public @Nullable String password() {
    return password;
  }

  /** The MQTT client id, or null to let the user of these options choose one. */
  public @Nullable String clientId() {
    return clientId;
  }

  /** The topic root, {@code baton} by default. */
  public String baseTopic() {
    return baseTopic;
  }

  /** 0, 1 or 2. */
  public int qos() {
    return qos;
  }

  /** PEM certificates to trust, or null for the JVM's default trust store. */
  public @Nullable Path caFile() {
    return caFile;
  }

  /** The client certificate chain (PEM), or null. */
  public @Nullable Path certFile() {
    return certFile;
  }

  /** The client certificate's private key (PEM, PKCS#8), or null. */
  public @Nullable Path keyFile() {
    return keyFile;
  }

  public Protocol protocol() {
    return protocol;
  }

  /** The minimum time between two snapshots of one session (changes in between are coalesced). */
  public Duration minPublishInterval() {
    return minPublishInterval;
  }

  /** A builder holding these options. */
  public Builder buildUpon() {
    Builder b = new Builder(url.toString());
    b.username = username;
    b.password = password;
    b.clientId = clientId;
    b.baseTopic = baseTopic;
    b.qos = qos;
    b.caFile = caFile;
    b.certFile = certFile;
    b.keyFile = keyFile;
    b.protocol = protocol;
    b.minPublishInterval = minPublishInterval;
    return b;
  }

  @Override
  public String toString() {
    // Never the password.
    return "MqttOptions{" + url + ", clientId=" + clientId + ", baseTopic=" + baseTopic + ", qos=" + qos
        + ", protocol=" + protocol + (username != null ? ", username=" + username : "") + "}";
  }

  /** Builds {@link MqttOptions}; {@link #build()} checks every value. */
  public static final class Builder {
    private final String url;
    private @Nullable String username;
    private @Nullable String password;
    private @Nullable String clientId;
    private String baseTopic = DEFAULT_BASE_TOPIC;
    private int qos = DEFAULT_QOS;
    private @Nullable Path caFile;
    private @Nullable Path certFile;
    private @Nullable Path keyFile;
    private Protocol protocol = Protocol.AUTO;
    private Duration minPublishInterval = DEFAULT_MIN_PUBLISH_INTERVAL;

    private Builder(String url) {
      this.url = Objects.requireNonNull(url, "url");
    }

    /** Username and password for the broker; {@code password} may be null. */
    public Builder credentials(String username, @Nullable String password) {
      this.username = Objects.requireNonNull(username, "username");
      this.password = password;
      return this;
    }

    /** The MQTT client id. */
    public Builder clientId(String clientId) {
      this.clientId = Objects.requireNonNull(clientId, "clientId");
      return this;
    }

    /** The topic root. */
    public Builder baseTopic(String baseTopic) {
      this.baseTopic = Objects.requireNonNull(baseTopic, "baseTopic");
      return this;
    }

    /** 0, 1 or 2. */
    public Builder qos(int qos) {
      this.qos = qos;
      return this;
    }

    /** PEM certificates to trust instead of the JVM's defaults. */
    public Builder caFile(Path caFile) {
      this.caFile = Objects.requireNonNull(caFile, "caFile");
      return this;
    }

    /** A client certificate chain and its PKCS#8 private key, both PEM. */
    public Builder clientCertificate(Path certFile, Path keyFile) {
      this.certFile = Objects.requireNonNull(certFile, "certFile");
      this.keyFile = Objects.requireNonNull(keyFile, "keyFile");
      return this;
    }

    public Builder protocol(Protocol protocol) {
      this.protocol = Objects.requireNonNull(protocol, "protocol");
      return this;
    }

    /** The minimum time between two snapshots of one session; {@link Duration#ZERO} publishes every change. */
    public Builder minPublishInterval(Duration interval) {
      this.minPublishInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /** @throws IllegalArgumentException naming the option, for a bad value */
    public MqttOptions build() {
      return new MqttOptions(this);
    }
  }
}
