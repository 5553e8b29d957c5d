package io.baton.cli;

import io.baton.api.Nullable;
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
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code baton daemon [--state-dir DIR] [--config FILE] [--web HOST:PORT | --no-web] [--web-keystore FILE]}: runs
 * the daemon in the foreground.
 *
 * <p>Prints {@code baton daemon ready on <absolute socket path>} on stdout once it accepts calls (and the web
 * control center, started in parallel, has started or failed to; see {@link WebLauncher}), then
 * {@code baton web ready on <URL with the access token>}; logs go to stderr.
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
          + "commandTimeoutMs, topSessionLingerMs, keyClickWindowMs, outboxCapacity, historyKept.")
  private @Nullable Path config;

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

  /** How long the ready line waits for the web server, which starts in parallel with the daemon. */
  private static final java.time.Duration WEB_START_TIMEOUT = java.time.Duration.ofSeconds(30);

  /** The environment variable holding the key store's password (kept off the command line, which others can see). */
  static final String WEB_KEYSTORE_PASSWORD_ENV = "BATON_WEB_KEYSTORE_PASSWORD";

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
    // The web server's own start-up chatter is not; its warnings are.
    for (String library : new String[] {"org.eclipse.jetty", "io.javalin"}) {
      System.setProperty("org.slf4j.simpleLogger.log." + library,
          System.getProperty("org.slf4j.simpleLogger.log." + library, "warn"));
    }
    BatonDaemon.Builder builder = BatonDaemon.builder().socket(root.socket()).config(daemonConfig);
    if (stateDir != null) {
      builder.stateDir(stateDir);
    }
    try (ExitOnSignal exit = ExitOnSignal.install("baton-daemon")) {
      WebLauncher webLauncher = noWeb ? null : WebLauncher.begin(root.socket(), webOptions(), stateDir);
      BatonDaemon daemon;
      try {
        daemon = builder.start();
      } catch (IllegalStateException | IOException e) {
        if (webLauncher != null) {
          webLauncher.discard();
        }
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
        if (webLauncher != null) {
          webLauncher.awaitStarted(WEB_START_TIMEOUT);
        }
        out.println("baton daemon ready on " + daemon.socket());
        out.flush();
        if (webLauncher != null) {
          webLauncher.announce(bridges, out);
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
  }

  /** The web options given on the command line (without the device, which {@link WebLauncher} adds). */
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
