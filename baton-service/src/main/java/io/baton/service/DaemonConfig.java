package io.baton.service;

import java.time.Duration;
import java.util.Objects;

/**
 * The daemon's limits and timings. Immutable; start from {@link #DEFAULTS} and derive with the {@code with*} methods.
 *
 * @param maxSessions sessions in the whole daemon (upstream: 50)
 * @param maxSessionsPerClient sessions per client process (upstream: 1)
 * @param commandsPerSecond rate-limited calls per client process per 1 s window (upstream: 10)
 * @param commandTimeout how long a controller waits for the session app to run a command before 6600101
 * @param topSessionLinger how long a session stays top after it stops playing (upstream: 5 s)
 * @param keyClickWindow headset-hook / play-pause presses within this window are counted (upstream: 500 ms)
 * @param outboxCapacity events queued for one client before its state events are dropped and commands to its
 *     sessions refused with 6600107
 * @param historyKept history rows kept in SQLite
 */
public record DaemonConfig(
    int maxSessions,
    int maxSessionsPerClient,
    int commandsPerSecond,
    Duration commandTimeout,
    Duration topSessionLinger,
    Duration keyClickWindow,
    int outboxCapacity,
    int historyKept) {

  /** The documented defaults. */
  public static final DaemonConfig DEFAULTS =
      new DaemonConfig(
          1000, 16, 10, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofMillis(500), 4096, 99);

  /** Checks every value. */
  public DaemonConfig {
    positive("maxSessions", maxSessions);
    positive("maxSessionsPerClient", maxSessionsPerClient);
    positive("commandsPerSecond", commandsPerSecond);
    positive("outboxCapacity", outboxCapacity);
    positive("historyKept", historyKept);
    Objects.requireNonNull(commandTimeout, "commandTimeout");
    Objects.requireNonNull(topSessionLinger, "topSessionLinger");
    Objects.requireNonNull(keyClickWindow, "keyClickWindow");
  }

  private static void positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, was " + value);
    }
  }

  public DaemonConfig withMaxSessions(int value) {
    return new DaemonConfig(value, maxSessionsPerClient, commandsPerSecond, commandTimeout, topSessionLinger,
        keyClickWindow, outboxCapacity, historyKept);
  }

  public DaemonConfig withMaxSessionsPerClient(int value) {
    return new DaemonConfig(maxSessions, value, commandsPerSecond, commandTimeout, topSessionLinger,
        keyClickWindow, outboxCapacity, historyKept);
  }

  public DaemonConfig withCommandsPerSecond(int value) {
    return new DaemonConfig(maxSessions, maxSessionsPerClient, value, commandTimeout, topSessionLinger,
        keyClickWindow, outboxCapacity, historyKept);
  }

  public DaemonConfig withCommandTimeout(Duration value) {
    return new DaemonConfig(maxSessions, maxSessionsPerClient, commandsPerSecond, value, topSessionLinger,
        keyClickWindow, outboxCapacity, historyKept);
  }

  public DaemonConfig withTopSessionLinger(Duration value) {
    return new DaemonConfig(maxSessions, maxSessionsPerClient, commandsPerSecond, commandTimeout, value,
        keyClickWindow, outboxCapacity, historyKept);
  }

  public DaemonConfig withOutboxCapacity(int value) {
    return new DaemonConfig(maxSessions, maxSessionsPerClient, commandsPerSecond, commandTimeout, topSessionLinger,
        keyClickWindow, value, historyKept);
  }
}
