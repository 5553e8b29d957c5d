package io.baton.cli;

import io.baton.api.Nullable;
import io.baton.cast.CastServiceImpl;
import io.baton.cast.dlna.CastConfig;
import io.baton.service.BatonDaemon;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The casting options of {@code baton daemon} and the wiring of the cast service into the daemon. Casting is off
 * unless {@code --cast} is given: it makes the daemon send SSDP multicast on the network.
 */
final class CastOptions {
  @Option(names = "--cast", description = "Cast to DLNA/UPnP renderers (SSDP discovery, cast service).")
  private boolean enabled;

  @Option(names = "--cast-interface", paramLabel = "NAME",
      description = "A network interface to discover and serve renderers on (repeatable; default: every usable one).")
  private List<String> interfaces = new ArrayList<>();

  @Option(names = "--cast-no-multicast",
      description = "No SSDP: renderers are only added by address (baton cast add URL).")
  private boolean noMulticast;

  @Option(names = "--cast-control-timeout", paramLabel = "MS", defaultValue = "5000",
      description = "How long a renderer or media server may take to answer (default: ${DEFAULT-VALUE}).")
  private long controlTimeoutMs;

  @Option(names = "--cast-stall-timeout", paramLabel = "MS", defaultValue = "8000",
      description = "Report an I/O error when a renderer claims to play at 0:00 this long (default: ${DEFAULT-VALUE}).")
  private long stallTimeoutMs;

  @Option(names = "--cast-no-cleartext", description = "Refuse http:// media URLs (6612007).")
  private boolean noCleartext;

  private @Nullable CastServiceImpl service;

  /**
   * The cast configuration the options ask for, or null when casting is off.
   *
   * @throws IllegalArgumentException naming the option, for a bad value
   */
  @Nullable CastConfig config() {
    if (!enabled) {
      return null;
    }
    if (controlTimeoutMs <= 0 || stallTimeoutMs <= 0) {
      throw new IllegalArgumentException("--cast-control-timeout and --cast-stall-timeout must be positive");
    }
    return new CastConfig(interfaces, !noMulticast, Duration.ofMillis(controlTimeoutMs),
        Duration.ofMillis(stallTimeoutMs), CastConfig.DEFAULTS.pollInterval(), !noCleartext);
  }

  /** Registers the cast service with the daemon (always: without --cast it answers that casting is off). */
  void install(BatonDaemon.Builder builder) {
    CastConfig config = config();
    builder.addService(context -> {
      service = new CastServiceImpl(context.registry(), config);
      return service;
    });
  }

  /** Starts casting once the daemon runs; the daemon closes the service. */
  AutoCloseable start() {
    if (service != null) {
      service.start();
    }
    return () -> { };
  }
}
