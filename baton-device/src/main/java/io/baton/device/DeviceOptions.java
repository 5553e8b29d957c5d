package io.baton.device;

import java.util.List;

/**
 * How a daemon deals with other devices.
 *
 * @param listen where to accept links from paired devices (TCP, mutual TLS); null to accept none (the default:
 *     without it nothing listens on the network)
 * @param peers addresses of devices to look for besides those learnt when pairing or by discovery
 * @param discovery whether to announce this daemon and look for others with mDNS/DNS-SD on the listener's network
 *     (only when listening on a specific address that is not loopback)
 */
public record DeviceOptions(HostPort listen, List<HostPort> peers, boolean discovery) {
  /** Copies the list. */
  public DeviceOptions {
    peers = List.copyOf(peers);
  }

  /** No listener, no static peers. */
  public static final DeviceOptions NONE = new DeviceOptions(null, List.of(), false);
}
