package io.baton.cli;

import io.baton.api.Nullable;
import io.baton.mpris.MprisBridge;
import io.baton.mqtt.MqttBridge;
import io.baton.mqtt.MqttOptions;
import io.baton.service.AccessPolicy;
import io.baton.service.BatonDaemon;
import io.baton.service.DaemonConfig;
import io.baton.web.WebOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code baton daemon [--state-dir DIR] [--config FILE] [--mqtt URL] [--no-mpris] [--mpris-bus ADDRESS]
 * [--web HOST:PORT | --no-web] [--web-keystore FILE]}: runs the daemon in the foreground, with its bridges.
 *
 * <p>Prints {@code baton daemon ready on <absolute socket path>} on stdout once it accepts calls, then
 * {@code baton web ready on <URL with the access token>} once the web control center serves (see
 * {@link WebLauncher}); logs go to stderr.
 * SIGTERM or SIGINT shut it down cleanly (exit 0). Exit 1 when another daemon serves the socket or the socket cannot
 * be created; exit 2 for a configuration file that cannot be read or holds a bad value, or a bad web option.
 */
@Command(name = "daemon", description = "Run the Baton daemon in the foreground.")
final class DaemonCommand implements Callable<Integer> {
  /** The slf4j-simple property that sets the level of Baton's own loggers. */
  static final String BATON_LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.log.io.baton";

  @ParentCommand private BatonCli root;
  @Spec private CommandSpec spec;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "Where history is kept (default: $XDG_STATE_HOME/baton, else ~/.local/state/baton).")
  private @Nullable Path stateDir;

  @Option(names = "--config", paramLabel = "FILE",
      description = "A properties file overriding the limits: maxSessions, maxSessionsPerClient, commandsPerSecond, "
          + "commandTimeoutMs, topSessionLingerMs, keyClickWindowMs, outboxCapacity, historyKept; and the access "
          + "policy: access.sharedSocket, access.grantedUids, access.systemUids.")
  private @Nullable Path config;

  @Option(names = "--mqtt", paramLabel = "URL",
      description = "Mirror every session on an MQTT broker: tcp://HOST:PORT or ssl://HOST:PORT (wins over mqtt.url "
          + "in --config, which also takes mqtt.username, mqtt.password, mqtt.clientId, mqtt.baseTopic, mqtt.qos, "
          + "mqtt.caFile, mqtt.certFile, mqtt.keyFile, mqtt.protocol, mqtt.minPublishIntervalMs).")
  private @Nullable String mqttUrl;

  /** The MQTT bridge's options, or null when it is off. */
  private @Nullable MqttOptions mqttOptions;

  @Option(names = "--no-mpris",
      description = "Do not start the MPRIS bridge (on by default when DBUS_SESSION_BUS_ADDRESS is set).")
  private boolean noMpris;

  @Option(names = "--mpris-bus", paramLabel = "ADDRESS",
      description = "The D-Bus bus for the MPRIS bridge, e.g. unix:path=/run/user/1000/bus "
          + "(default: $DBUS_SESSION_BUS_ADDRESS).")
  private @Nullable String mprisBus;

  @Option(names = "--web", paramLabel = "HOST:PORT",
      description = "Where the web control center listens (default: " + WebOptions.DEFAULT_HOST + ":"
          + WebOptions.DEFAULT_PORT + "; port 0 picks a free one). A non-loopback HOST needs --web-keystore.")
  private @Nullable String web;

  @Option(names = "--no-web", description = "Do not serve the web control center.")
  private boolean noWeb;

  @Option(names = "--web-keystore", paramLabel = "FILE",
      description = "Serve the web control center over HTTPS with this PKCS#12 or JKS key store; its password is "
          + "read from $" + WEB_KEYSTORE_PASSWORD_ENV + ".")
  private @Nullable Path webKeyStore;

  /** How long {@code baton daemon} waits for the web server to start before it goes on without it. */
  private static final java.time.Duration WEB_START_TIMEOUT = java.time.Duration.ofSeconds(30);

  /** The environment variable holding the key store's password (kept off the command line, which others can see). */
  static final String WEB_KEYSTORE_PASSWORD_ENV = "BATON_WEB_KEYSTORE_PASSWORD";

  @Mixin private CastOptions cast;
  @Mixin private DeviceOptions devices;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!noWeb) {
      try {
        webOptions().build(); // Checked now: a bad --web is a usage error, before anything starts.
      } catch (IllegalArgumentException e) {
        err.println("baton daemon: " + e.getMessage());
        err.flush();
        return ExitCode.USAGE;
      }
    } else if (web != null || webKeyStore != null) {
      err.println("baton daemon: --no-web cannot be combined with --web or --web-keystore");
      err.flush();
      return ExitCode.USAGE;
    }
    DaemonConfig daemonConfig = DaemonConfig.DEFAULTS;
    AccessPolicy access = AccessPolicy.perUser();
    Properties properties = new Properties();
    if (config != null) {
      try {
        properties = readProperties(config);
        daemonConfig = DaemonConfig.fromProperties(withoutComponentKeys(properties));
        access = AccessPolicy.fromProperties(properties);
      } catch (IOException | IllegalArgumentException e) {
        err.println("baton daemon: bad configuration file " + config + ": " + describe(e));
        err.flush();
        return ExitCode.USAGE;
      }
    }
    try {
      devices.resolve(properties);
    } catch (IllegalArgumentException e) {
      err.println("baton daemon: " + e.getMessage());
      err.flush();
      return ExitCode.USAGE;
    }
    try {
      mqttOptions = MqttOptions.fromProperties(properties, mqttUrl);
    } catch (IllegalArgumentException e) {
      err.println("baton daemon: bad MQTT configuration: " + e.getMessage());
      err.flush();
      return ExitCode.USAGE;
    }
    // The daemon's lifecycle lines are worth seeing; set before the first logger exists (a -D wins).
    if (System.getProperty(BATON_LOG_LEVEL_PROPERTY) == null) {
      System.setProperty(BATON_LOG_LEVEL_PROPERTY, "info");
    }
    // The web server's own start-up chatter is not; its warnings are.
    for (String library : new String[] {"org.eclipse.jetty", "io.javalin"}) {
      System.setProperty("org.slf4j.simpleLogger.log." + library,
          System.getProperty("org.slf4j.simpleLogger.log." + library, "warn"));
    }
    BatonDaemon.Builder builder = BatonDaemon.builder().socket(root.socket()).config(daemonConfig).access(access);
    if (stateDir != null) {
      builder.stateDir(stateDir);
    }
    devices.install(builder);
    try {
      cast.install(builder);
    } catch (IllegalArgumentException e) {
      err.println("baton daemon: " + e.getMessage());
      err.flush();
      return ExitCode.USAGE;
    }
    try (ExitOnSignal exit = ExitOnSignal.install("baton-daemon")) {
      BatonDaemon daemon;
      try {
        daemon = builder.start();
      } catch (IllegalStateException | IOException e) {
        err.println("baton daemon: " + describe(e));
        err.flush();
        return ExitCode.SOFTWARE;
      }
      Bridges bridges = new Bridges(err);
      exit.onExit(() -> {
        bridges.close();
        daemon.close();
      });
      try {
        startBridges(daemon, bridges);
        String devicesLine = devices.readyLine();
        if (devicesLine != null) {
          out.println(devicesLine);
        }
        out.println("baton daemon ready on " + daemon.socket());
        out.flush();
        if (!noWeb) {
          WebLauncher web = WebLauncher.begin(daemon.socket(),
              webOptions().device(daemon.device().id(), daemon.device().name()));
          web.awaitStarted(WEB_START_TIMEOUT);
          web.announce(bridges, out);
        }
        daemon.awaitTermination();
      } finally {
        bridges.close();
        daemon.close();
      }
    }
    return ExitCode.OK;
  }

  /**
   * Starts the bridges the options ask for. Each bridge is an SDK client of the daemon running in this JVM (so every
   * rule applies to it as to any app); one that fails to start is reported and the daemon serves on without it.
   */
  private void startBridges(BatonDaemon daemon, Bridges bridges) {
    // Bridges register here, one line each: bridges.start("name", () -> SomeBridge.start(...));
    if (mqttOptions != null) {
      MqttOptions mqtt = mqttOptions;
      bridges.start("mqtt",
          () -> MqttBridge.start(daemon.socket(), daemon.device().id(), daemon.device().name(), mqtt));
    }
    if (!noMpris) {
      bridges.start("mpris", () -> MprisBridge.start(daemon.socket(), MprisBridge.Options.forSessionBus(mprisBus)));
    }
    bridges.start("cast", cast::start);
  }

  /** The web options given on the command line (the caller adds the device). */
  private WebOptions.Builder webOptions() {
    WebOptions.Builder builder = WebOptions.builder();
    if (web != null) {
      builder.address(web);
    }
    if (webKeyStore != null) {
      String password = System.getenv(WEB_KEYSTORE_PASSWORD_ENV);
      builder.keyStore(webKeyStore, (password == null ? "" : password).toCharArray());
    }
    return builder;
  }

  /**
   * The daemon configuration in {@code file}: {@link DaemonConfig#DEFAULTS} overridden by its properties.
   *
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException naming the key, for an unknown key or a bad value
   */
  static DaemonConfig readConfig(Path file) throws IOException {
    return DaemonConfig.fromProperties(withoutComponentKeys(readProperties(file)));
  }

  /** The properties in {@code file}. @throws IOException when it cannot be read */
  static Properties readProperties(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    return properties;
  }

  /** Prefixes of the configuration keys that other components read and check themselves. */
  private static final List<String> COMPONENT_KEY_PREFIXES = List.of(AccessPolicy.KEY_PREFIX, MqttOptions.KEY_PREFIX,
      DeviceOptions.KEY_PREFIX);

  /** {@code properties} without the keys that other components read themselves ({@code access.*}, {@code mqtt.*}, {@code device.*}). */
  static Properties withoutComponentKeys(Properties properties) {
    Properties daemonKeys = new Properties();
    for (String key : properties.stringPropertyNames()) {
      if (COMPONENT_KEY_PREFIXES.stream().noneMatch(key::startsWith)) {
        daemonKeys.setProperty(key, properties.getProperty(key));
      }
    }
    return daemonKeys;
  }

  private static String describe(Exception e) {
    if (e instanceof NoSuchFileException) {
      return "no such file: " + e.getMessage();
    }
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }
}
