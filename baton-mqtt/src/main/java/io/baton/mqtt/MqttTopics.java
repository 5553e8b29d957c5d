package io.baton.mqtt;

import io.baton.api.Nullable;
import java.util.Objects;

/**
 * Baton's topic layout under a base topic ({@code baton} by default); the one place that builds or reads topic names.
 *
 * <pre>
 * BASE/DEVICE/status                       retained "online" / "offline" (the last will)
 * BASE/DEVICE/session/SESSION              retained JSON snapshot; an empty retained message once destroyed
 * BASE/DEVICE/session/SESSION/command      JSON command, to the device
 * BASE/DEVICE/session/SESSION/result       JSON result, from the device
 * </pre>
 *
 * DEVICE is a daemon's device id (32 hex characters), SESSION a session id (64 hex characters).
 */
public final class MqttTopics {
  /** The status payload of a running bridge. */
  public static final String ONLINE = "online";
  /** The status payload set by the bridge on a clean stop, and by the broker (last will) when the daemon dies. */
  public static final String OFFLINE = "offline";

  private final String base;

  /** The layout under {@code baseTopic}. */
  public MqttTopics(String baseTopic) {
    this.base = Objects.requireNonNull(baseTopic, "baseTopic");
  }

  /** {@code BASE/DEVICE/status}. */
  public String status(String deviceId) {
    return base + "/" + deviceId + "/status";
  }

  /** {@code BASE/DEVICE/session/SESSION}. */
  public String session(String deviceId, String sessionId) {
    return base + "/" + deviceId + "/session/" + sessionId;
  }

  /** {@code BASE/DEVICE/session/SESSION/command}. */
  public String command(String deviceId, String sessionId) {
    return session(deviceId, sessionId) + "/command";
  }

  /** {@code BASE/DEVICE/session/SESSION/result}. */
  public String result(String deviceId, String sessionId) {
    return session(deviceId, sessionId) + "/result";
  }

  /** Every device's status: {@code BASE/+/status}. */
  public String allStatusFilter() {
    return base + "/+/status";
  }

  /** Every snapshot of every device: {@code BASE/+/session/+}. */
  public String allSessionsFilter() {
    return base + "/+/session/+";
  }

  /** The snapshots of one device: {@code BASE/DEVICE/session/+}. */
  public String sessionsFilter(String deviceId) {
    return base + "/" + deviceId + "/session/+";
  }

  /** The commands for one device: {@code BASE/DEVICE/session/+/command}. */
  public String commandsFilter(String deviceId) {
    return base + "/" + deviceId + "/session/+/command";
  }

  /**
   * What {@code topic} is in this layout, or null when it is none of Baton's topics.
   */
  public @Nullable Parsed parse(String topic) {
    if (!topic.startsWith(base + "/")) {
      return null;
    }
    String[] levels = topic.substring(base.length() + 1).split("/", -1);
    if (levels.length == 2 && levels[1].equals("status")) {
      return new Parsed(Kind.STATUS, levels[0], null);
    }
    if (levels.length >= 3 && levels[1].equals("session") && !levels[2].isEmpty()) {
      if (levels.length == 3) {
        return new Parsed(Kind.SESSION, levels[0], levels[2]);
      }
      if (levels.length == 4 && levels[3].equals("command")) {
        return new Parsed(Kind.COMMAND, levels[0], levels[2]);
      }
      if (levels.length == 4 && levels[3].equals("result")) {
        return new Parsed(Kind.RESULT, levels[0], levels[2]);
      }
    }
    return null;
  }

  /** The kinds of topic. */
  public enum Kind {
    STATUS,
    SESSION,
    COMMAND,
    RESULT
  }

  /**
   * A topic taken apart.
   *
   * @param sessionId null for {@link Kind#STATUS}
   */
  public record Parsed(Kind kind, String deviceId, @Nullable String sessionId) {}
}
