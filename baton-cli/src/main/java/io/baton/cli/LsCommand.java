package io.baton.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.baton.api.AVSessionDescriptor;
import io.baton.api.AVSessionManager;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code baton ls [--local] [--fleet [--mqtt URL] [--config FILE]]}: every live session, newest first, as a table or (with {@code --json}) an array of
 * descriptors (see {@link Json#descriptor}). With {@code --fleet}: every session of every device on an MQTT broker
 * (see {@link FleetOptions}).
 */
@Command(name = "ls", description = "List the live sessions, newest first.")
final class LsCommand implements Callable<Integer> {
  /** The width of the SESSION column: enough to tell ids apart, and a valid prefix for other commands. */
  static final int SHORT_ID_LENGTH = 12;

  @ParentCommand private BatonCli root;
  @Spec private CommandSpec spec;

  @Option(names = "--local", description = "Hide sessions of other devices.")
  private boolean local;

  @Mixin private FleetOptions fleetOptions;

  @Override
  public Integer call() {
    fleetOptions.checkUnused(spec);
    if (fleetOptions.fleet) {
      return FleetOptions.ls(root, spec, fleetOptions);
    }
    List<AVSessionDescriptor> sessions;
    Map<String, String> deviceNames = new HashMap<>();
    try (AVSessionManager manager = root.connect()) {
      sessions = Futures.await(manager.getAllSessionDescriptors());
      if (!root.json() && sessions.stream().anyMatch(AVSessionDescriptor::remote)) {
        Futures.await(manager.getDeviceManager().getPairedDevices())
            .forEach(d -> deviceNames.put(d.deviceId(), d.name()));
      }
    }
    if (local) {
      sessions = sessions.stream().filter(d -> !d.remote()).collect(Collectors.toList());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (root.json()) {
      ArrayNode array = Json.MAPPER.createArrayNode();
      sessions.forEach(d -> array.add(Json.descriptor(d)));
      out.println(Json.line(array));
    } else {
      Table table = new Table("SESSION", "APP", "TAG", "TYPE", "PID", "ACTIVE", "TOP", "TITLE", "DEVICE");
      sessions.forEach(d -> table.addRow(shortId(d.sessionId()), d.appId(), d.tag(), d.type().label(), d.pid(),
          yesNo(d.active()), yesNo(d.top()), d.title(),
          d.remote() ? deviceNames.getOrDefault(d.deviceId(), d.deviceId()) : "local"));
      out.print(table.render());
    }
    out.flush();
    return 0;
  }

  /** The first {@link #SHORT_ID_LENGTH} characters of a session id. */
  static String shortId(String sessionId) {
    return sessionId.substring(0, Math.min(SHORT_ID_LENGTH, sessionId.length()));
  }

  /** {@code yes} or {@code no}. */
  static String yesNo(boolean value) {
    return value ? "yes" : "no";
  }
}
