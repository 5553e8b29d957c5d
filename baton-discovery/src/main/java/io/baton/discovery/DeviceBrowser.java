package io.baton.discovery;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the Baton daemons that announce themselves ({@code _baton._tcp}) on one interface, and tells a
 * {@link Listener} when one appears, changes or goes away.
 *
 * <p>A device is reported once its service is resolved (name, port, address, TXT). Announcements that are not
 * well formed (see {@link DiscoveredDevice}), this device's own, those whose every address is off the interface's
 * subnets (heard through something else; mDNS is link-local), and any beyond {@value #MAX_DEVICES} devices are
 * ignored and logged at debug.
 *
 * <h2>Lifecycle</h2>
 * {@link #start} returns at once and browses in the background; if the address cannot do multicast, a warning is
 * logged once and the browser retries with backoff (up to every 30 s), without disturbing the daemon. A device that
 * withdraws its announcement (closes its {@link DeviceAnnouncer}) is reported lost within about 11 s; one that dies
 * without doing so, when its records expire (120 s by default). {@link #close()} stops browsing within a few seconds;
 * no callback runs after it returns, except one already running.
 *
 * <h2>Threading</h2>
 * Thread-safe. Every {@link Listener} call runs on the browser's one daemon thread, in order, never on JmDNS's
 * threads or the caller's; a listener that throws is logged and the browser goes on.
 */
public final class DeviceBrowser implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DeviceBrowser.class);

  /** The most devices reported at once; more are ignored until some are lost. */
  public static final int MAX_DEVICES = 256;

  /** How long one resolution of a newly seen service may wait for its records. */
  private static final long RESOLVE_TIMEOUT_MS = 3_000;

  /**
   * Told about devices on the link, on the browser's thread. Both methods do nothing by default.
   */
  public interface Listener {
    /**
     * A device was found, or a found device now announces another name, address, port or version (called again
     * with the new values).
     */
    default void onFound(DiscoveredDevice device) {}

    /** A device found before withdrew its announcement, or its records expired. */
    default void onLost(String deviceId) {}
  }

  private final String ownDeviceId;
  private final Listener listener;
  private final ScheduledExecutorService executor;
  private final ThreadPoolExecutor resolver;
  private final MdnsEndpoint endpoint;
  private volatile boolean closed;

  // Confined to the executor. Keyed by the service's qualified name, which is what a removal names.
  private final Map<String, DiscoveredDevice> byService = new HashMap<>();

  private DeviceBrowser(InetAddress bindAddress, String ownDeviceId, Listener listener) {
    this.ownDeviceId = ownDeviceId;
    this.listener = listener;
    this.executor = MdnsEndpoint.newExecutor("baton-mdns-browser");
    // Resolving waits for answers, so it gets its own thread; bounded like the device table.
    this.resolver = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(MAX_DEVICES),
        r -> {
          Thread t = new Thread(r, "baton-mdns-resolver");
          t.setDaemon(true);
          return t;
        }, (task, pool) -> log.debug("mDNS browser: too many services waiting to be resolved; one skipped"));
    this.endpoint = new MdnsEndpoint("browser", bindAddress, DeviceAnnouncer.hostLabel(ownDeviceId) + "-browser",
        executor, this::browse);
  }

  /**
   * Starts browsing.
   *
   * @param bindAddress a local address; browsing happens on its interface only
   * @param ownDeviceId this device's id (32 lowercase hexadecimal characters), whose own announcement is skipped
   * @param listener told about devices, on the browser's thread
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException naming the argument that is malformed; a wildcard or multicast
   *     {@code bindAddress} names no single interface and is refused too
   */
  public static DeviceBrowser start(InetAddress bindAddress, String ownDeviceId, Listener listener) {
    MdnsEndpoint.checkBindAddress(bindAddress);
    DiscoveredDevice.checkDeviceId(ownDeviceId);
    Objects.requireNonNull(listener, "listener");
    DeviceBrowser browser = new DeviceBrowser(bindAddress, ownDeviceId, listener);
    browser.endpoint.start();
    return browser;
  }

  // On the executor, with a fresh JmDNS instance.
  private void browse(JmDNS jmdns) {
    jmdns.addServiceListener(ServiceRecord.SERVICE_TYPE, new ServiceListener() {
      // These run on JmDNS's threads: hand over and return.
      @Override
      public void serviceAdded(ServiceEvent event) {
        if (event.getInfo() == null || !event.getInfo().hasData()) {
          String type = event.getType();
          String name = event.getName();
          submit(resolver, () -> jmdns.requestServiceInfo(type, name, RESOLVE_TIMEOUT_MS));
        }
      }

      @Override
      public void serviceResolved(ServiceEvent event) {
        // A snapshot: JmDNS keeps changing its ServiceInfo on its own threads.
        ServiceInfo info = event.getInfo();
        Announcement announcement = new Announcement(info.getQualifiedName(), info.getName(),
            List.of(info.getInetAddresses()), info.getTextBytes(), info.getPort());
        submit(executor, () -> onResolved(announcement));
      }

      @Override
      public void serviceRemoved(ServiceEvent event) {
        String qualifiedName = event.getInfo() != null ? event.getInfo().getQualifiedName()
            : event.getName() + "." + event.getType();
        submit(executor, () -> onRemoved(qualifiedName));
      }
    });
  }

  private void submit(java.util.concurrent.Executor target, Runnable task) {
    if (closed) {
      return;
    }
    try {
      target.execute(task);
    } catch (RejectedExecutionException e) {
      log.debug("mDNS browser closing; event dropped");
    }
  }

  /** What a resolved service announced, copied off JmDNS's objects. */
  private record Announcement(String qualifiedName, String name, List<InetAddress> addresses, byte[] txt, int port) {}

  private void onResolved(Announcement info) {
    if (closed) {
      return;
    }
    String key = key(info.qualifiedName());
    DiscoveredDevice device;
    try {
      List<InetAddress> addresses = info.addresses();
      // Read each time: the interface's addresses can change while the browser runs.
      List<ServiceRecord.Subnet> link = endpoint.linkSubnets();
      Optional<InetAddress> host = ServiceRecord.pickAddress(addresses, link);
      if (host.isEmpty()) {
        log.debug("mDNS browser: ignoring {}: no announced address {} is on the link {}", info.qualifiedName(),
            addresses, link);
        return;
      }
      device = ServiceRecord.toDevice(info.name(), info.txt(), host.get(), info.port());
    } catch (IllegalArgumentException e) {
      log.debug("mDNS browser: ignoring {}: {}", info.qualifiedName(), e.getMessage());
      return;
    }
    if (device.deviceId().equals(ownDeviceId)) {
      return;
    }
    DiscoveredDevice previous = byService.get(key);
    if (device.equals(previous)) {
      return;
    }
    // One device under two names (it restarted with a new one): the newest announcement wins.
    String otherKey = null;
    for (Map.Entry<String, DiscoveredDevice> e : byService.entrySet()) {
      if (!e.getKey().equals(key) && e.getValue().deviceId().equals(device.deviceId())) {
        otherKey = e.getKey();
      }
    }
    if (otherKey != null) {
      byService.remove(otherKey);
    } else if (previous == null && byService.size() >= MAX_DEVICES) {
      log.debug("mDNS browser: ignoring {}: already {} devices", info.qualifiedName(), MAX_DEVICES);
      return;
    }
    if (previous != null && !previous.deviceId().equals(device.deviceId())) {
      notifyLost(previous.deviceId()); // The name now belongs to another device.
    }
    byService.put(key, device);
    log.debug("mDNS browser: found {}", device);
    try {
      listener.onFound(device);
    } catch (RuntimeException e) {
      log.warn("mDNS browser: listener failed in onFound({})", device.deviceId(), e);
    }
  }

  private void onRemoved(String qualifiedName) {
    if (closed) {
      return;
    }
    DiscoveredDevice gone = byService.remove(key(qualifiedName));
    if (gone != null) {
      log.debug("mDNS browser: lost {}", gone);
      notifyLost(gone.deviceId());
    }
  }

  private void notifyLost(String deviceId) {
    try {
      listener.onLost(deviceId);
    } catch (RuntimeException e) {
      log.warn("mDNS browser: listener failed in onLost({})", deviceId, e);
    }
  }

  /** DNS names compare without case. */
  private static String key(String qualifiedName) {
    String name = qualifiedName.endsWith(".") ? qualifiedName.substring(0, qualifiedName.length() - 1)
        : qualifiedName;
    return name.toLowerCase(java.util.Locale.ROOT);
  }

  /** Stops browsing; waits a few seconds at most. No listener call starts after this returns. Idempotent. */
  @Override
  public void close() {
    closed = true;
    resolver.shutdownNow();
    endpoint.close();
  }
}
