package io.baton.cli;

import io.baton.api.Nullable;
import io.baton.service.BatonDaemon;
import io.baton.service.DaemonConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
 * {@code baton daemon [--state-dir DIR] [--config FILE]}: runs the daemon in the foreground.
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
          + "commandTimeoutMs, topSessionLingerMs, keyClickWindowMs, outboxCapacity, historyKept.")
  private @Nullable Path config;

  @Mixin private CastOptions cast;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DaemonConfig daemonConfig = DaemonConfig.DEFAULTS;
    if (config != null) {
      try {
        daemonConfig = readConfig(config);
      } catch (IOException | IllegalArgumentException e) {
        err.println("baton daemon: bad configuration file " + config + ": " + describe(e));
        err.flush();
        return ExitCode.USAGE;
      }
    }
    // The daemon's lifecycle lines are worth seeing; set before the first logger exists (a -D wins).
    if (System.getProperty(BATON_LOG_LEVEL_PROPERTY) == null) {
      System.setProperty(BATON_LOG_LEVEL_PROPERTY, "info");
    }
    BatonDaemon.Builder builder = BatonDaemon.builder().socket(root.socket()).config(daemonConfig);
    if (stateDir != null) {
      builder.stateDir(stateDir);
    }
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
    bridges.start("cast", cast::start);
  }

  /**
   * The daemon configuration in {@code file}: {@link DaemonConfig#DEFAULTS} overridden by its properties.
   *
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException naming the key, for an unknown key or a bad value
   */
  static DaemonConfig readConfig(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    return DaemonConfig.fromProperties(properties);
  }

  private static String describe(Exception e) {
    if (e instanceof NoSuchFileException) {
      return "no such file: " + e.getMessage();
    }
    return e.getMessage() != null ? e.getMessage() : e.toString();
  }
}
