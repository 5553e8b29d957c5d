package io.baton.cli;

import io.baton.api.AVSessionException;
import io.baton.device.DeviceHub;
import io.baton.device.HostPort;
import io.baton.service.BatonDaemon;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * The device options of {@code baton daemon} (command line, else the configuration file's {@code device.*} keys) and
 * the wiring of the device layer into the daemon. Without {@code --listen} nothing listens on the network; the daemon
 * still links to paired devices that do.
 */
final class DeviceOptions {
  /**
   * Configuration keys this component reads: {@code device.listen}, {@code device.name}, {@code device.peers}
   * (comma-separated HOST:PORT), {@code device.discovery} (true/false).
   */
  static final String KEY_PREFIX = "device.";

  @Option(names = "--listen", paramLabel = "HOST:PORT",
      description = "Accept links from paired devices here (TCP, mutual TLS; port 0 = any free port). "
          + "Default: none, nothing listens on the network.")
  private String listen;

  @Option(names = "--device-name", paramLabel = "NAME",
      description = "The name other devices see (default: the host name when the identity was created).")
  private String name;

  @Option(names = "--peer", paramLabel = "HOST:PORT",
      description = "Also look for paired devices at this address (repeatable; adds to device.peers).")
  private List<String> peers = new ArrayList<>();

  @Option(names = "--no-discovery",
      description = "Do not announce this daemon or look for others with mDNS/DNS-SD (on by default when --listen "
          + "names one network address that is not loopback).")
  private boolean noDiscovery;

  private io.baton.device.DeviceOptions resolved = io.baton.device.DeviceOptions.NONE;
  private DeviceHub hub;

  /**
   * Checks the options and the configuration's {@code device.*} keys (the command line wins).
   *
   * @throws IllegalArgumentException naming the option, for a bad value
   */
  void resolve(Properties properties) {
    String listenValue = listen != null ? listen : properties.getProperty(KEY_PREFIX + "listen");
    String nameValue = name != null ? name : properties.getProperty(KEY_PREFIX + "name");
    List<HostPort> peerAddresses = new ArrayList<>();
    List<String> peerTexts = new ArrayList<>(peers);
    String configured = properties.getProperty(KEY_PREFIX + "peers", "").strip();
    if (!configured.isEmpty()) {
      peerTexts.addAll(List.of(configured.split("\\s*,\\s*")));
    }
    try {
      for (String peer : peerTexts) {
        peerAddresses.add(HostPort.parse(peer));
      }
      HostPort listenAddress = listenValue == null ? null : HostPort.parse(listenValue);
      boolean discovery = !noDiscovery
          && !"false".equals(properties.getProperty(KEY_PREFIX + "discovery", "true").strip());
      resolved = new io.baton.device.DeviceOptions(listenAddress, peerAddresses, discovery);
    } catch (AVSessionException e) {
      throw new IllegalArgumentException("--listen/--peer (device.listen/device.peers): " + e.detail(), e);
    }
    if (nameValue != null && (nameValue.isBlank() || nameValue.length() > 64)) {
      throw new IllegalArgumentException("--device-name must be 1 to 64 characters, not blank");
    }
    name = nameValue;
  }

  /** Names the device and registers the device layer (local DeviceService, the listener if asked for). */
  void install(BatonDaemon.Builder builder) {
    if (name != null) {
      builder.deviceName(name);
    }
    io.baton.device.DeviceOptions options = resolved;
    builder.addService(context -> {
      hub = DeviceHub.start(context, options);
      return hub;
    });
  }

  /** The line announcing the device listener, or null when the daemon does not listen. */
  String readyLine() {
    return hub == null || hub.listenAddress().isEmpty() ? null
        : "baton devices listening on " + hub.listenAddress();
  }
}
