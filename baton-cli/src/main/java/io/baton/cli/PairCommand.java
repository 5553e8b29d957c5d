package io.baton.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.api.AVSessionManager;
import io.baton.api.BatonDevice;
import io.baton.api.DeviceManager;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code baton pair --allow} (on the device to pair with: prints a one-time code) and {@code baton pair HOST:PORT
 * --code CODE} (on the other device: completes the pairing).
 */
@Command(name = "pair", description = {
    "Pair with another Baton device, once: run `baton pair --allow` on the device that listens (`baton daemon "
        + "--listen`), then `baton pair HOST:PORT --code CODE` on the other.",
    "Both then trust each other's key and reconnect by themselves."})
final class PairCommand implements Callable<Integer> {
  @ParentCommand private BatonCli root;
  @Spec private CommandSpec spec;

  @Option(names = "--allow", description = "Open a pairing window here and print its one-time 6-digit code.")
  private boolean allow;

  @Parameters(arity = "0..1", paramLabel = "HOST:PORT", description = "The other device's listener.")
  private String address;

  @Option(names = "--code", paramLabel = "CODE", description = "The code `baton pair --allow` printed there.")
  private String code;

  @Override
  public Integer call() {
    if (allow == (address != null)) {
      throw new ParameterException(spec.commandLine(), "give either --allow or HOST:PORT --code CODE");
    }
    if (address != null && code == null) {
      throw new ParameterException(spec.commandLine(), "HOST:PORT needs --code CODE");
    }
    if (allow && code != null) {
      throw new ParameterException(spec.commandLine(), "--allow takes no --code");
    }
    PrintWriter out = spec.commandLine().getOut();
    try (AVSessionManager manager = root.connect()) {
      DeviceManager devices = manager.getDeviceManager();
      if (allow) {
        DeviceManager.PairingCode window = Futures.await(devices.allowPairing());
        BatonDevice self = Futures.await(devices.getLocalDevice());
        if (root.json()) {
          ObjectNode node = Json.object();
          node.put("code", window.code());
          node.put("expiresInSeconds", window.expiresInSeconds());
          out.println(Json.line(node));
        } else {
          out.println("pairing code: " + window.code() + " (valid " + window.expiresInSeconds() + " s, once)");
          out.println("on the other device run: baton pair " + self.address() + " --code " + window.code());
          out.println("this device's key fingerprint: " + self.keyFingerprint());
        }
      } else {
        BatonDevice device = Futures.await(devices.pair(address, code));
        if (root.json()) {
          ObjectNode node = Json.object();
          node.put("deviceId", device.deviceId());
          node.put("name", device.name());
          node.put("address", device.address());
          node.put("keyFingerprint", device.keyFingerprint());
          out.println(Json.line(node));
        } else {
          out.println("paired with " + device.name() + " (" + device.deviceId() + ") at " + device.address());
          out.println("its key fingerprint: " + device.keyFingerprint());
        }
      }
    }
    out.flush();
    return 0;
  }
}
