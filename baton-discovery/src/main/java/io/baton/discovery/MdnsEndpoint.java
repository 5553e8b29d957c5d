package io.baton.discovery;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.jmdns.JmDNS;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JmDNS instance bound to one local address, run on its owner's single-thread executor: created in the
 * background (never on the caller's thread), retried with backoff while that fails (for example, while no interface
 * has the address), and closed within a bound.
 *
 * <h2>Threading</h2>
 * Every method except {@link #start} and {@link #close} runs on the executor, which is also where {@link Setup} runs;
 * the JmDNS instance is only touched there.
 */
/* package */ final class MdnsEndpoint {
  private static final Logger log = LoggerFactory.getLogger(MdnsEndpoint.class);

  static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  static final Duration MAX_RETRY = Duration.ofSeconds(30);
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(6);

  /**
   * Record lifetime in seconds when the JVM does not choose one: RFC 6762 §10 recommends 120 s for records that name
   * a host (SRV, A), and it bounds how long a daemon that died without its goodbye stays listed (JmDNS's default is
   * one hour). JmDNS reads {@code net.dns.ttl} once, when its constants class loads, hence a system property.
   */
  private static final String DEFAULT_TTL_SECONDS = "120";

  static {
    if (System.getProperty("net.dns.ttl") == null) {
      System.setProperty("net.dns.ttl", DEFAULT_TTL_SECONDS);
    }
  }

  /** What to do with a freshly created JmDNS instance (register a service, add a listener); runs on the executor. */
  interface Setup {
    void apply(JmDNS jmdns) throws IOException;
  }

  private final String role;
  private final InetAddress bindAddress;
  private final String hostLabel;
  private final ScheduledExecutorService executor;
  private final Setup setup;

  // Confined to the executor.
  private JmDNS jmdns;
  private Duration retryDelay = FIRST_RETRY;
  private boolean warned;
  private volatile boolean closed;

  /**
   * @param role what this endpoint is for, in log lines ("announcer", "browser")
   * @param bindAddress a concrete local address (see {@link #checkBindAddress})
   * @param hostLabel the mDNS host name to use (JmDNS otherwise asks reverse DNS, which can block)
   */
  MdnsEndpoint(String role, InetAddress bindAddress, String hostLabel, ScheduledExecutorService executor,
      Setup setup) {
    this.role = role;
    this.bindAddress = withoutLookup(bindAddress);
    this.hostLabel = hostLabel;
    this.executor = executor;
    this.setup = setup;
  }

  /**
   * Checks that {@code bindAddress} names one interface.
   *
   * @throws IllegalArgumentException for a wildcard or multicast address, which name no single interface
   */
  static void checkBindAddress(InetAddress bindAddress) {
    Objects.requireNonNull(bindAddress, "bindAddress");
    if (bindAddress.isAnyLocalAddress()) {
      throw new IllegalArgumentException("bindAddress must be one interface's address, not the wildcard "
          + bindAddress.getHostAddress());
    }
    if (bindAddress.isMulticastAddress()) {
      throw new IllegalArgumentException("bindAddress must be a local unicast address, not the multicast address "
          + bindAddress.getHostAddress());
    }
  }

  /**
   * The same address with its literal as host name: JmDNS calls {@code getHostName()}, which would otherwise do a
   * reverse DNS lookup (seconds, on a network without DNS).
   */
  private static InetAddress withoutLookup(InetAddress address) {
    try {
      if (address instanceof Inet6Address v6) {
        return v6.getScopedInterface() != null
            ? Inet6Address.getByAddress(v6.getHostAddress(), v6.getAddress(), v6.getScopedInterface())
            : Inet6Address.getByAddress(v6.getHostAddress(), v6.getAddress(), v6.getScopeId());
      }
      return InetAddress.getByAddress(address.getHostAddress(), address.getAddress());
    } catch (UnknownHostException e) {
      return address; // Cannot happen for an address of the right length; the original still works.
    }
  }

  /**
   * A single daemon thread named {@code name}: the owner's state, JmDNS's lifecycle and callbacks all run there.
   * Pending retries are dropped at shutdown, so a closed endpoint leaves no thread behind.
   */
  static ScheduledExecutorService newExecutor(String name) {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    return executor;
  }

  /** Starts creating the JmDNS instance on the executor; returns at once. */
  void start() {
    executor.execute(this::attempt);
  }

  InetAddress bindAddress() {
    return bindAddress;
  }

  /**
   * The local interface's subnets (the bind address's interface), for telling on-link peers from others; empty if
   * the address is on no interface (yet).
   */
  List<ServiceRecord.Subnet> linkSubnets() {
    List<ServiceRecord.Subnet> subnets = new ArrayList<>();
    try {
      NetworkInterface nif = NetworkInterface.getByInetAddress(bindAddress);
      if (nif != null) {
        nif.getInterfaceAddresses().forEach(a ->
            subnets.add(new ServiceRecord.Subnet(a.getAddress(), a.getNetworkPrefixLength())));
      }
    } catch (SocketException e) {
      log.debug("mDNS {}: cannot read the interface of {}", role, bindAddress.getHostAddress(), e);
    }
    return subnets;
  }

  private void attempt() {
    if (closed) {
      return;
    }
    JmDNS created = null;
    try {
      if (NetworkInterface.getByInetAddress(bindAddress) == null) {
        // JmDNS would then join the group on whatever interface the kernel picks: never announce elsewhere.
        throw new IOException("no local interface has the address " + bindAddress.getHostAddress());
      }
      created = JmDNS.create(bindAddress, hostLabel);
      setup.apply(created);
      jmdns = created;
      retryDelay = FIRST_RETRY;
      log.info("mDNS {} running on {}", role, bindAddress.getHostAddress());
      if (closed) {
        closeNow();
      }
    } catch (IOException | RuntimeException e) {
      if (created != null) {
        closeQuietly(created);
      }
      if (closed) {
        return;
      }
      // Logged once at warning level: a daemon whose address cannot do multicast keeps serving, and a retry that
      // fails the same way every 30 s must not fill its log.
      if (!warned) {
        warned = true;
        log.warn("mDNS {} cannot run on {} ({}); the daemon runs on without it, retrying every {} s at most", role,
            bindAddress.getHostAddress(), e.toString(), MAX_RETRY.toSeconds());
      } else {
        log.debug("mDNS {} on {}: retry failed", role, bindAddress.getHostAddress(), e);
      }
      try {
        executor.schedule(this::attempt, retryDelay.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException closing) {
        return; // Closed meanwhile.
      }
      retryDelay = retryDelay.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retryDelay.multipliedBy(2);
    }
  }

  /**
   * Closes the JmDNS instance (goodbye packets for registered services) and the executor, waiting at most
   * {@link #CLOSE_TIMEOUT}; if JmDNS takes longer, the rest of its closing goes on in the background. Idempotent.
   */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    Future<?> done;
    try {
      done = executor.submit(this::closeNow);
    } catch (RejectedExecutionException e) {
      return;
    }
    executor.shutdown();
    try {
      done.get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("mDNS {} on {}: closing did not finish within {} s ({})", role, bindAddress.getHostAddress(),
          CLOSE_TIMEOUT.toSeconds(), e.toString());
    }
  }

  private void closeNow() {
    if (jmdns != null) {
      closeQuietly(jmdns);
      jmdns = null;
      log.info("mDNS {} on {} stopped", role, bindAddress.getHostAddress());
    }
  }

  private void closeQuietly(JmDNS instance) {
    try {
      instance.close();
    } catch (IOException | RuntimeException e) {
      log.debug("mDNS {}: closing JmDNS failed", role, e);
    }
  }
}
