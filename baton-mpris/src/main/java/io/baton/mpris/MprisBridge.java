package io.baton.mpris;

import io.baton.api.Nullable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MPRIS bridge: Baton sessions appear as MPRIS players on a D-Bus session bus, and the MPRIS players on that bus
 * appear as Baton sessions.
 *
 * <ul>
 *   <li><b>Export.</b> Every session of the daemon (except the players imported here) owns
 *       {@code org.mpris.MediaPlayer2.baton.<app>_<short id>} while it lives. Desktop calls become commands sent by
 *       the bridge's controller (app id {@code baton.mpris}), so valid commands, activation and the rate limit apply;
 *       a refused call is answered with the D-Bus error {@code io.baton.mpris.AVSessionError.Code<code>}, message
 *       {@code "<code>: <message> (<detail>)"}.
 *   <li><b>Import.</b> Every other player ({@code org.mpris.MediaPlayer2.*} except {@code …baton.*} and playerctld)
 *       becomes a session of app id {@code mpris.<name>}, tag its Identity, kept in sync with its properties; Baton
 *       commands become MPRIS calls.
 * </ul>
 *
 * <h2>Lifecycle</h2>
 * {@link #start} returns at once and connects in the background; if the bus is unreachable or goes away, it retries
 * with a delay doubling from 250 ms up to {@link Options#maxReconnectDelay()}, for as long as the bridge runs, and
 * exports and imports everything afresh on each new connection. {@link #close()} removes the exported players and the
 * imported sessions and waits (bounded) for that.
 *
 * <h2>Threading</h2>
 * One bridge thread ({@code baton-mpris}) owns all state: connecting, controller and manager events (it is the SDK
 * callback executor of the bridge's connections), D-Bus signals (handed over by dbus-java's threads). Calls from the
 * bus that wait for a Baton command wait on dbus-java's method-call threads of the exported session; imported players'
 * commands wait for the player's reply on that player's own thread. Nothing waits on a gRPC event loop or on
 * dbus-java's reader thread.
 */
public final class MprisBridge implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MprisBridge.class);

  /**
   * The common command MPRIS Volume writes become, in both directions: {@code sendCommonCommand("setVolume",
   * {"volume": N})}, N on the session's own scale (0 to its {@code maxVolume}, or 0 to 100 without one). AVSession
   * has no volume command; a session that handles this one gets desktop volume control.
   */
  public static final String SET_VOLUME_COMMAND = "setVolume";

  /** The argument of {@link #SET_VOLUME_COMMAND}: the new volume, a number. */
  public static final String VOLUME_ARGUMENT = "volume";

  /** The environment variable naming the session bus. */
  public static final String SESSION_BUS_VARIABLE = "DBUS_SESSION_BUS_ADDRESS";

  /**
   * The SDK retry window of the bridge's own connections to the daemon. Longer than the SDK's 3 s default: the bridge
   * connects while the daemon JVM is still warming up, and the daemon is in the same process, so it is unreachable
   * only while shutting down.
   */
  static final Duration DAEMON_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(250);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final Path daemonSocket;
  private final Options options;
  private final @Nullable ScheduledExecutorService executor;

  // Bridge thread only.
  private @Nullable BridgeLink link;
  private int failedAttempts;
  private boolean closed;

  private volatile boolean connected;

  private MprisBridge(Path daemonSocket, Options options, @Nullable ScheduledExecutorService executor) {
    this.daemonSocket = daemonSocket;
    this.options = options;
    this.executor = executor;
  }

  /**
   * Starts the bridge for the daemon listening on {@code daemonSocket}. Returns at once: connecting to the bus and to
   * the daemon happens in the background. Without a bus address the bridge is off: it logs one line and the returned
   * bridge does nothing.
   *
   * @throws IllegalArgumentException if the bus address is not a D-Bus address ({@code transport:key=value,…})
   */
  public static MprisBridge start(Path daemonSocket, Options options) {
    Objects.requireNonNull(daemonSocket, "daemonSocket");
    Objects.requireNonNull(options, "options");
    if (options.busAddress().isEmpty()) {
      log.info("MPRIS bridge off: no session bus ({} is not set and no --mpris-bus was given)",
          SESSION_BUS_VARIABLE);
      return new MprisBridge(daemonSocket, options, null);
    }
    addresses(options.busAddress().get()); // Fails here, not in the background, for an address that is not one.
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "baton-mpris");
      t.setDaemon(true);
      return t;
    });
    MprisBridge bridge = new MprisBridge(daemonSocket, options, executor);
    log.info("MPRIS bridge starting on {} (export {}, import {})", options.busAddress().get(),
        options.exportSessions() ? "on" : "off", options.importPlayers() ? "on" : "off");
    executor.execute(bridge::connect);
    return bridge;
  }

  /** Whether the bridge is connected to the bus now. */
  public boolean isConnected() {
    return connected;
  }

  /** The options the bridge runs with. */
  public Options options() {
    return options;
  }

  private void connect() {
    if (closed) {
      return;
    }
    RuntimeException lastRuntime = null;
    Exception last = null;
    for (String address : addresses(options.busAddress().orElseThrow())) {
      BridgeLink candidate = new BridgeLink(address, daemonSocket, options, executor, this::onLost);
      try {
        candidate.open();
        link = candidate;
        connected = true;
        log.info("MPRIS bridge connected to {}{}", address,
            failedAttempts > 0 ? " after " + failedAttempts + " failed attempt(s)" : "");
        failedAttempts = 0;
        return;
      } catch (Exception e) {
        last = e;
      }
    }
    failedAttempts++;
    Duration delay = retryDelay(failedAttempts, options.maxReconnectDelay());
    String reason = last == null ? "no address" : last.getMessage() != null ? last.getMessage() : last.toString();
    if (failedAttempts == 1) {
      log.warn("MPRIS bridge cannot connect to {}: {}; retrying in the background (every {} ms at most)",
          options.busAddress().get(), reason, options.maxReconnectDelay().toMillis());
    } else {
      log.debug("MPRIS bridge attempt {} failed: {}; next in {} ms", failedAttempts, reason, delay.toMillis());
    }
    schedule(this::connect, delay);
  }

  private void onLost(BridgeLink lost) {
    hand(() -> {
      if (closed || link != lost) {
        return;
      }
      link = null;
      connected = false;
      lost.close();
      log.warn("MPRIS bridge lost the bus {}; reconnecting", lost.address());
      schedule(this::connect, FIRST_RETRY_DELAY);
    });
  }

  /** The delay before attempt {@code failed + 1}: 250 ms doubling per failure, at most {@code max}. */
  static Duration retryDelay(int failed, Duration max) {
    long millis = FIRST_RETRY_DELAY.toMillis() << Math.min(Math.max(failed - 1, 0), 20);
    return millis >= max.toMillis() ? max : Duration.ofMillis(millis);
  }

  /** The addresses of a D-Bus address list ({@code a;b}), in order. */
  static List<String> addresses(String busAddress) {
    List<String> out = new ArrayList<>();
    for (String part : busAddress.split(";")) {
      String address = part.strip();
      if (address.isEmpty()) {
        continue;
      }
      int colon = address.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("not a D-Bus address (transport:key=value,...): '" + address + "'");
      }
      out.add(address);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("empty D-Bus address");
    }
    return out;
  }

  private void schedule(Runnable task, Duration delay) {
    try {
      executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      // close() won the race; nothing to retry.
    }
  }

  private void hand(Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException closing) {
      // close() won the race.
    }
  }

  /**
   * Removes the exported players, destroys the imported sessions and stops the bridge thread, waiting at most 10 s.
   * Idempotent; never throws.
   */
  @Override
  public void close() {
    if (executor == null || executor.isShutdown()) {
      return;
    }
    try {
      executor.submit(() -> {
        closed = true;
        connected = false;
        if (link != null) {
          link.close();
          link = null;
        }
      }).get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
      log.warn("MPRIS bridge did not close cleanly: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor.shutdownNow();
    log.info("MPRIS bridge stopped");
  }

  /**
   * How the bridge runs: which bus, which directions, how fast it reconnects.
   *
   * @see #forSessionBus(String)
   */
  public static final class Options {
    private final @Nullable String busAddress;
    private final boolean exportSessions;
    private final boolean importPlayers;
    private final Duration maxReconnectDelay;

    private Options(Builder b) {
      this.busAddress = b.busAddress;
      this.exportSessions = b.exportSessions;
      this.importPlayers = b.importPlayers;
      this.maxReconnectDelay = b.maxReconnectDelay;
    }

    /**
     * The defaults on the bus at {@code busAddress} when given, else the session bus named by
     * {@code DBUS_SESSION_BUS_ADDRESS} (none when that is unset or blank).
     */
    public static Options forSessionBus(@Nullable String busAddress) {
      return builder().busAddress(busAddress != null ? busAddress : sessionBusAddress(System.getenv())).build();
    }

    /** The session bus address in {@code environment}, or null when it is unset or blank. */
    public static @Nullable String sessionBusAddress(Map<String, String> environment) {
      String address = environment.get(SESSION_BUS_VARIABLE);
      return address == null || address.isBlank() ? null : address;
    }

    /** A builder with the defaults: no bus, export and import on, reconnect delay at most 5 s. */
    public static Builder builder() {
      return new Builder();
    }

    /** The bus address ({@code unix:path=…}), empty when the bridge is off. */
    public Optional<String> busAddress() {
      return Optional.ofNullable(busAddress);
    }

    /** Whether Baton sessions are exported as MPRIS players. */
    public boolean exportSessions() {
      return exportSessions;
    }

    /** Whether MPRIS players are imported as Baton sessions. */
    public boolean importPlayers() {
      return importPlayers;
    }

    /** The longest wait between two attempts to reach the bus. */
    public Duration maxReconnectDelay() {
      return maxReconnectDelay;
    }

    /** Builds {@link Options}. */
    public static final class Builder {
      private @Nullable String busAddress;
      private boolean exportSessions = true;
      private boolean importPlayers = true;
      private Duration maxReconnectDelay = Duration.ofSeconds(5);

      private Builder() {}

      /** The bus to connect to, a D-Bus address such as {@code unix:path=/run/user/1000/bus}; null: none. */
      public Builder busAddress(@Nullable String busAddress) {
        this.busAddress = busAddress == null || busAddress.isBlank() ? null : busAddress.strip();
        return this;
      }

      /** Whether to export Baton sessions. Default true. */
      public Builder exportSessions(boolean exportSessions) {
        this.exportSessions = exportSessions;
        return this;
      }

      /** Whether to import MPRIS players. Default true. */
      public Builder importPlayers(boolean importPlayers) {
        this.importPlayers = importPlayers;
        return this;
      }

      /**
       * The longest wait between attempts to reach the bus. Default 5 s.
       *
       * @throws IllegalArgumentException if not positive
       */
      public Builder maxReconnectDelay(Duration maxReconnectDelay) {
        Objects.requireNonNull(maxReconnectDelay, "maxReconnectDelay");
        if (maxReconnectDelay.isNegative() || maxReconnectDelay.isZero()) {
          throw new IllegalArgumentException("maxReconnectDelay must be positive: " + maxReconnectDelay);
        }
        this.maxReconnectDelay = maxReconnectDelay;
        return this;
      }

      /** The options. */
      public Options build() {
        return new Options(this);
      }
    }
  }
}
