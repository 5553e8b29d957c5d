package io.baton.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.api.AVControlCommand;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.Nullable;
import io.baton.mqtt.BatonFleet;
import io.baton.mqtt.FleetSession;
import io.baton.mqtt.MqttOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options of {@code baton ls --fleet} and {@code baton send --fleet} (a picocli mixin), and what those commands
 * do: read the sessions of every device from an MQTT broker, and drive them through it, with {@link BatonFleet}.
 *
 * <p>The broker is {@code --mqtt URL}, else {@code $BATON_MQTT_URL}, else {@code mqtt.url} of {@code --config FILE}
 * (the daemon's configuration file), whose other {@code mqtt.*} keys (credentials, TLS, base topic, QoS) apply too.
 * The CLI always connects with a client id of its own ({@code baton-cli-…}): reusing the daemon's would make the
 * broker disconnect the daemon's bridge.
 */
final class FleetOptions {
  /** The environment variable naming the broker. */
  static final String URL_ENV = "BATON_MQTT_URL";

  @Option(names = "--fleet", description = "Every device on the MQTT broker instead of the local daemon.")
  boolean fleet;

  @Option(names = "--mqtt", paramLabel = "URL",
      description = "With --fleet: the broker (default: $BATON_MQTT_URL, else mqtt.url in --config).")
  @Nullable String url;

  @Option(names = "--config", paramLabel = "FILE",
      description = "With --fleet: the daemon's configuration file, for its mqtt.* keys.")
  @Nullable Path config;

  /** The broker's options. @throws ParameterException when no broker is named or the configuration is bad */
  MqttOptions options(CommandSpec spec) {
    Properties properties = new Properties();
    if (config != null) {
      try {
        properties = DaemonCommand.readProperties(config);
      } catch (IOException e) {
        throw new ParameterException(spec.commandLine(), "--config " + config + " cannot be read: " + e);
      }
    }
    String chosen = url != null ? url : System.getenv(URL_ENV);
    MqttOptions options;
    try {
      options = MqttOptions.fromProperties(properties, chosen != null && !chosen.isBlank() ? chosen : null);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "bad MQTT configuration: " + e.getMessage());
    }
    if (options == null) {
      throw new ParameterException(spec.commandLine(),
          "--fleet needs a broker: --mqtt URL, $" + URL_ENV + ", or mqtt.url in --config FILE");
    }
    return options.buildUpon().clientId("baton-cli-" + UUID.randomUUID().toString().substring(0, 8)).build();
  }

  /** Rejects the fleet-only options without {@code --fleet}. */
  void checkUnused(CommandSpec spec) {
    if (!fleet && (url != null || config != null)) {
      throw new ParameterException(spec.commandLine(), "--mqtt and --config go with --fleet");
    }
  }

  /** {@code baton ls --fleet}: a table or a JSON array of every session of every device. */
  static int ls(BatonCli root, CommandSpec spec, FleetOptions fleetOptions) {
    List<FleetSession> sessions;
    try (BatonFleet fleet = BatonFleet.connect(fleetOptions.options(spec))) {
      sessions = fleet.sessions();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (root.json()) {
      ArrayNode array = Json.MAPPER.createArrayNode();
      sessions.forEach(s -> array.add(json(s)));
      out.println(Json.line(array));
    } else {
      Table table = new Table("DEVICE", "NAME", "ONLINE", "SESSION", "APP", "TAG", "TYPE", "ACTIVE", "STATE", "TITLE");
      for (FleetSession s : sessions) {
        table.addRow(LsCommand.shortId(s.deviceId()), s.deviceName(), LsCommand.yesNo(s.online()),
            LsCommand.shortId(s.sessionId()), s.descriptor().appId(), s.descriptor().tag(),
            s.descriptor().type().label(), LsCommand.yesNo(s.descriptor().active()),
            s.playbackState().state() == null ? "-" : s.playbackState().state().name(), s.descriptor().title());
      }
      out.print(table.render());
    }
    out.flush();
    return 0;
  }

  /**
   * A fleet session in JSON: {@code deviceId, deviceName, online}, then the descriptor fields as {@code ls --json}
   * prints them, then {@code metadata}, {@code playbackState}, {@code validCommands}, {@code updatedMs}.
   */
  static ObjectNode json(FleetSession s) {
    ObjectNode node = Json.object().put("deviceId", s.deviceId()).put("deviceName", s.deviceName())
        .put("online", s.online());
    node.setAll(Json.descriptor(s.descriptor()));
    node.set("metadata", Json.metadata(s.metadata()));
    node.set("playbackState", Json.playbackState(s.playbackState()));
    node.set("validCommands", Json.strings(s.validCommands()));
    node.put("updatedMs", s.updatedMs());
    return node;
  }

  /**
   * {@code baton send --fleet SESSION COMMAND [ARG]}: the command through the broker to the device that lists the
   * session (or to {@code deviceId}, when given), waiting for its result.
   *
   * @param count null for one send; else the number of sends, summarized as JSON
   */
  static int send(BatonCli root, CommandSpec spec, FleetOptions fleetOptions, @Nullable String deviceId,
      String session, AVControlCommand command, @Nullable Integer count) {
    PrintWriter out = spec.commandLine().getOut();
    try (BatonFleet fleet = BatonFleet.connect(fleetOptions.options(spec))) {
      String device;
      String sessionId;
      if (deviceId != null) {
        device = resolveDevice(fleet, deviceId);
        String wanted = session.toUpperCase(Locale.ROOT);
        sessionId = fleet.sessions().stream()
            .filter(s -> s.deviceId().equals(device) && s.sessionId().startsWith(wanted))
            .map(FleetSession::sessionId).findFirst().orElse(wanted);
      } else {
        FleetSession found = fleet.findSession(session);
        device = found.deviceId();
        sessionId = found.sessionId();
      }
      if (count == null) {
        Futures.await(fleet.sendControlCommand(device, sessionId, command, BatonFleet.COMMAND_TIMEOUT));
        if (root.json()) {
          out.println("{\"ok\":true}");
        }
      } else {
        int ok = 0;
        Map<Integer, Integer> errors = new TreeMap<>();
        for (int i = 0; i < count; i++) {
          try {
            Futures.await(fleet.sendControlCommand(device, sessionId, command, BatonFleet.COMMAND_TIMEOUT));
            ok++;
          } catch (AVSessionException e) {
            errors.merge(e.code(), 1, Integer::sum);
          }
        }
        out.println(Json.line(SendCommand.summary(count, ok, errors)));
      }
    }
    out.flush();
    return 0;
  }

  /**
   * The device id that {@code idOrPrefix} names among the devices on the broker; as given when none matches (sending
   * to it then fails with 6600109, unknown device).
   *
   * @throws AVSessionException 401 when several devices match
   */
  private static String resolveDevice(BatonFleet fleet, String idOrPrefix) {
    String wanted = idOrPrefix.toLowerCase(Locale.ROOT);
    List<String> matches = fleet.devices().stream().map(BatonFleet.FleetDevice::id)
        .filter(id -> id.startsWith(wanted)).toList();
    if (matches.size() > 1) {
      throw new AVSessionException(AVSessionErrorCode.INVALID_PARAMETER,
          "--device '" + idOrPrefix + "' is ambiguous: " + matches.size() + " devices start with it");
    }
    return matches.isEmpty() ? wanted : matches.get(0);
  }
}
