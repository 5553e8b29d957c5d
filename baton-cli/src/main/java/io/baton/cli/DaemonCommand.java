package io.baton.cli;

import io.baton.api.Nullable;
import io.baton.mpris.MprisBridge;
import io.baton.mqtt.MqttBridge;
import io.baton.mqtt.MqttOptions;
import io.baton.service.AccessPolicy;
import io.baton.service.BatonDaemon;
import io.baton.service.DaemonConfig;
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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code baton daemon [--state-dir DIR] [--config FILE] [--mqtt URL] [--no-mpris] [--mpris-bus ADDRESS]}: runs the
 * daemon in the foreground, with its bridges.
 *
 * <p>Prints {@code baton daemon ready on <absolute socket path>} on stdout once it accepts calls; logs go to stderr.
 * SIGTERM or SIGINT shut it down cleanly (exit 0). Exit 1 when another daemon serves the socket or the socket cannot
 * be created; exit 2 for a configuration file that cannot be read or holds a bad value.
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

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
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
    BatonDaemon.Builder builder = BatonDaemon.builder().socket(root.socket()).config(daemonConfig).access(access);
    if (stateDir != null) {
      builder.stateDir(stateDir);
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
        out.println("baton daemon ready on " + daemon.socket());
        out.flush();
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
  private static final List<String> COMPONENT_KEY_PREFIXES = List.of(AccessPolicy.KEY_PREFIX, MqttOptions.KEY_PREFIX);

  /** {@code properties} without the keys that other components read themselves ({@code access.*}, {@code mqtt.*}). */
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
