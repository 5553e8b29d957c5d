package io.baton.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.api.AVSessionManager;
import io.baton.api.BatonDevice;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code baton devices}: this device and the paired ones, with the state of each link. */
@Command(name = "devices", description = "List this device and the paired devices, with the state of their links.")
final class DevicesCommand implements Callable<Integer> {
  @ParentCommand private BatonCli root;
  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    BatonDevice self;
    List<BatonDevice> paired;
    List<BatonDevice> discovered;
    try (AVSessionManager manager = root.connect()) {
      self = Futures.await(manager.getDeviceManager().getLocalDevice());
      paired = Futures.await(manager.getDeviceManager().getPairedDevices());
      discovered = Futures.await(manager.getDeviceManager().getDiscoveredDevices());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (root.json()) {
      ObjectNode node = Json.object();
      ObjectNode local = node.putObject("local");
      local.put("deviceId", self.deviceId());
      local.put("name", self.name());
      local.put("keyFingerprint", self.keyFingerprint());
      local.put("listenAddress", self.address());
      ArrayNode devices = node.putArray("devices");
      for (BatonDevice d : paired) {
        ObjectNode device = devices.addObject();
        device.put("deviceId", d.deviceId());
        device.put("name", d.name());
        device.put("address", d.address());
        device.put("state", d.connected() ? "connected" : "disconnected");
        device.put("lastSeenMs", d.lastSeenMs());
        device.put("roundTripMicros", d.roundTripMicros());
        device.put("keyFingerprint", d.keyFingerprint());
      }
      ArrayNode found = node.putArray("discovered");
      for (BatonDevice d : discovered) {
        ObjectNode device = found.addObject();
        device.put("deviceId", d.deviceId());
        device.put("name", d.name());
        device.put("address", d.address());
      }
      out.println(Json.line(node));
    } else {
      out.println("this device: " + self.name() + " (" + self.deviceId() + ")"
          + (self.address().isEmpty() ? ", not listening" : ", listening on " + self.address()));
      out.println("key fingerprint: " + self.keyFingerprint());
      Table table = new Table("DEVICE", "NAME", "ADDRESS", "STATE", "LAST SEEN", "RTT");
      for (BatonDevice d : paired) {
        table.addRow(d.deviceId(), d.name(), d.address().isEmpty() ? "-" : d.address(),
            d.connected() ? "connected" : "disconnected",
            d.lastSeenMs() == 0 ? "never" : Instant.ofEpochMilli(d.lastSeenMs()).toString(),
            d.connected() ? String.format("%.2f ms", d.roundTripMicros() / 1000.0) : "-");
      }
      out.print(table.render());
      if (!discovered.isEmpty()) {
        out.println("discovered, not paired (pair with: baton pair ADDRESS --code CODE):");
        Table found = new Table("DEVICE", "NAME", "ADDRESS");
        discovered.forEach(d -> found.addRow(d.deviceId(), d.name(), d.address()));
        out.print(found.render());
      }
    }
    out.flush();
    return 0;
  }
}
