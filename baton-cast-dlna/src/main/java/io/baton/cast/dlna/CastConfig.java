package io.baton.cast.dlna;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the daemon casts.
 *
 * @param interfaces network interfaces jUPnP may use (empty: every usable non-loopback interface)
 * @param multicast whether SSDP discovery runs (off: renderers are only added by address)
 * @param controlDeadline how long a renderer (or a media server being checked) may take to answer one request; past
 *     it a control call fails with 6611003 (the URL check with 6612002)
 * @param stallTimeout how long a renderer may claim to play while its position stays at 0 before Baton reports an
 *     I/O error (6612000, or 6612101 when it reports ERROR_OCCURRED)
 * @param pollInterval how often the renderer's transport and position are polled
 * @param cleartextAllowed whether {@code http://} media URLs are allowed (off: 6612007)
 */
public record CastConfig(List<String> interfaces, boolean multicast, Duration controlDeadline, Duration stallTimeout,
    Duration pollInterval, boolean cleartextAllowed) {

  /** Every interface, multicast on, 5 s deadline, 8 s stall timeout, 1 s polls, cleartext allowed. */
  public static final CastConfig DEFAULTS = new CastConfig(List.of(), true, Duration.ofSeconds(5),
      Duration.ofSeconds(8), Duration.ofSeconds(1), true);

  /** Checks the values. */
  public CastConfig {
    interfaces = List.copyOf(interfaces);
    positive("controlDeadline", controlDeadline);
    positive("stallTimeout", stallTimeout);
    positive("pollInterval", pollInterval);
  }

  private static void positive(String name, Duration d) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }
}
