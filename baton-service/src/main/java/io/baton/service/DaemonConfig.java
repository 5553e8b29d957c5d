package io.baton.service;

import java.time.Duration;
import java.util.Objects;

/**
 * The daemon's limits and timings. Immutable; start from {@link #DEFAULTS} and derive with the {@code with*} methods.
 *
 * @param maxSessions sessions in the whole daemon (upstream: 50)
 * @param maxSessionsPerClient sessions per app: a client process and the app id it declared (upstream: 1)
 * @param commandsPerSecond rate-limited calls per app (process and app id) per 1 s window (upstream: 10)
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

  /**
   * The defaults overridden by {@code properties}: keys {@code maxSessions}, {@code maxSessionsPerClient},
   * {@code commandsPerSecond}, {@code commandTimeoutMs}, {@code topSessionLingerMs}, {@code keyClickWindowMs},
   * {@code outboxCapacity}, {@code historyKept}.
   *
   * @throws IllegalArgumentException naming the key, for an unknown key or a value that is not a positive number
   */
  public static DaemonConfig fromProperties(java.util.Properties properties) {
    java.util.Set<String> known = java.util.Set.of("maxSessions", "maxSessionsPerClient", "commandsPerSecond",
        "commandTimeoutMs", "topSessionLingerMs", "keyClickWindowMs", "outboxCapacity", "historyKept");
    for (String key : properties.stringPropertyNames()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException("unknown configuration key '" + key + "'; known keys: " + known);
      }
    }
    DaemonConfig d = DEFAULTS;
    return new DaemonConfig(
        intValue(properties, "maxSessions", d.maxSessions),
        intValue(properties, "maxSessionsPerClient", d.maxSessionsPerClient),
        intValue(properties, "commandsPerSecond", d.commandsPerSecond),
        Duration.ofMillis(intValue(properties, "commandTimeoutMs", (int) d.commandTimeout.toMillis())),
        Duration.ofMillis(intValue(properties, "topSessionLingerMs", (int) d.topSessionLinger.toMillis())),
        Duration.ofMillis(intValue(properties, "keyClickWindowMs", (int) d.keyClickWindow.toMillis())),
        intValue(properties, "outboxCapacity", d.outboxCapacity),
        intValue(properties, "historyKept", d.historyKept));
  }

  private static int intValue(java.util.Properties properties, String key, int defaultValue) {
    String value = properties.getProperty(key);
    if (value == null) {
      return defaultValue;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      positive(key, parsed);
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a positive whole number, was '" + value + "'");
    }
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
