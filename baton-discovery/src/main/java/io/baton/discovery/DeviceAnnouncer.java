package io.baton.discovery;

import java.net.InetAddress;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import javax.jmdns.ServiceInfo;

/**
 * Announces this daemon as a {@code _baton._tcp} DNS-SD service on one interface: the interface of the address the
 * daemon listens on for links, and no other.
 *
 * <p>The service instance is named after the device (cut to {@value DiscoveredDevice#MAX_NAME_BYTES} bytes of
 * UTF-8); its SRV record carries the port, its A or AAAA record the bind address, and its TXT record
 * {@code id=<deviceId>} and {@code v=1}. If another device on the link already uses the name, JmDNS announces
 * this one as {@code name (2)}; the device id is what identifies a device.
 *
 * <h2>Lifecycle</h2>
 * {@link #start} returns at once; the announcement starts in the background (JmDNS probes the names first:
 * about 4 s until a browser sees it). While the address cannot do multicast (for example, it is on no interface
 * yet) a warning is logged once and the announcer retries with backoff, up to every 30 s: the daemon keeps running
 * either way. {@link #close()} sends goodbye packets (browsers report the device lost about 11 s later) and waits
 * for them, a few seconds at most. A daemon that dies without closing is forgotten when its records expire (120 s,
 * unless the JVM sets {@code net.dns.ttl}).
 *
 * <h2>Threading</h2>
 * Thread-safe; JmDNS runs on the announcer's own daemon thread and JmDNS's threads, never the caller's.
 */
public final class DeviceAnnouncer implements AutoCloseable {
  private final MdnsEndpoint endpoint;

  private DeviceAnnouncer(MdnsEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  /**
   * Starts announcing.
   *
   * @param bindAddress the address the daemon listens on; the announcement goes out on its interface only
   * @param deviceId this device's id: 32 lowercase hexadecimal characters
   * @param name this device's name: not blank, no control characters; longer than 63 bytes of UTF-8 is cut
   * @param port the TCP port the daemon listens on, 1 to 65535
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException naming the argument that is malformed; a wildcard ({@code 0.0.0.0},
   *     {@code ::}) or multicast {@code bindAddress} names no single interface and is refused too
   */
  public static DeviceAnnouncer start(InetAddress bindAddress, String deviceId, String name, int port) {
    MdnsEndpoint.checkBindAddress(bindAddress);
    DiscoveredDevice.checkDeviceId(deviceId);
    Objects.requireNonNull(name, "name");
    String instanceName = ServiceRecord.instanceName(name);
    DiscoveredDevice.checkName(instanceName);
    DiscoveredDevice.checkPort(port);

    byte[] txt = ServiceRecord.txt(deviceId);
    ScheduledExecutorService executor = MdnsEndpoint.newExecutor("baton-mdns-announcer");
    MdnsEndpoint endpoint = new MdnsEndpoint("announcer", bindAddress, hostLabel(deviceId), executor,
        jmdns -> jmdns.registerService(ServiceInfo.create(ServiceRecord.SERVICE_TYPE, instanceName, port,
            /* weight= */ 0, /* priority= */ 0, txt)));
    endpoint.start();
    return new DeviceAnnouncer(endpoint);
  }

  /** The mDNS host name: unique per device, so two daemons never fight over one. */
  /* package */ static String hostLabel(String deviceId) {
    return "baton-" + deviceId.substring(0, 12);
  }

  /** Withdraws the announcement (goodbye packets) and stops; waits a few seconds at most. Idempotent. */
  @Override
  public void close() {
    endpoint.close();
  }
}
