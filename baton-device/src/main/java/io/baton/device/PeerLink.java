package io.baton.device;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import io.baton.api.AVSessionException;
import io.baton.api.AVSessionManager;
import io.baton.client.ChannelManagers;
import io.baton.protocol.v1.DeviceLinkGrpc;
import io.baton.protocol.v1.HeartbeatRequest;
import io.baton.protocol.v1.HeartbeatResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This daemon's link to one paired device that listens: a pinned-TLS channel, a heartbeat every
 * {@link #HEARTBEAT_INTERVAL} (a dead or frozen peer is noticed within 3 s), and, while the link is up, an SDK
 * connection to the device's session service that feeds the {@link SessionMirror}.
 *
 * <h2>Threading</h2>
 * Confined to the device executor, except the SDK connect, which blocks and runs on the blocking pool.
 */
final class PeerLink {
  private static final Logger log = LoggerFactory.getLogger(PeerLink.class);
  static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(1);
  static final Duration HEARTBEAT_DEADLINE = Duration.ofMillis(1500);
  /** Mirrors of a device whose link stays down this long are removed. */
  static final Duration MIRROR_GRACE = Duration.ofSeconds(30);
  static final String LINK_APP_ID = "baton.link";

  /** What the link needs from its hub. */
  interface Host {
    DeviceTlsChannels channels();

    SessionMirror newMirror(PairedDevice device);

    HeartbeatRequest heartbeat();

    void seen(String deviceId, String name, long rttMicros);

    void linkChanged(String deviceId, boolean connected);
  }

  private final Host host;
  private final ScheduledExecutorService executor;
  private final Executor blocking;
  private PairedDevice device;
  private ManagedChannel channel;
  private DeviceLinkGrpc.DeviceLinkFutureStub stub;
  private ScheduledFuture<?> beats;
  private SessionMirror mirror;
  private boolean connected;
  private boolean beatInFlight;
  private boolean connecting;
  private boolean closed;
  private long downSinceNanos = System.nanoTime();
  private volatile long rttMicros;

  PeerLink(Host host, PairedDevice device, ScheduledExecutorService executor, Executor blocking) {
    this.host = host;
    this.device = device;
    this.executor = executor;
    this.blocking = blocking;
  }

  void start() {
    openChannel();
    beats = executor.scheduleWithFixedDelay(this::beat, 0, HEARTBEAT_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  PairedDevice device() {
    return device;
  }

  boolean connected() {
    return connected;
  }

  long rttMicros() {
    return connected ? rttMicros : 0;
  }

  /** The link's mirror, if any. */
  SessionMirror mirror() {
    return mirror;
  }

  /** The device moved (a new announced or pairing address): reconnect there. */
  void updateAddress(PairedDevice updated) {
    boolean moved = !updated.address().equals(device.address());
    device = updated;
    if (moved) {
      log.info("device {}: now at {}", device.name(), device.address());
      channel.shutdownNow();
      openChannel();
    }
  }

  private void openChannel() {
    channel = host.channels().pinned(device);
    stub = DeviceLinkGrpc.newFutureStub(channel);
  }

  private void beat() {
    if (closed || beatInFlight) {
      return;
    }
    beatInFlight = true;
    long start = System.nanoTime();
    ManagedChannel beatChannel = channel;
    Futures.addCallback(
        stub.withDeadlineAfter(HEARTBEAT_DEADLINE.toMillis(), TimeUnit.MILLISECONDS).heartbeat(host.heartbeat()),
        new FutureCallback<HeartbeatResponse>() {
          @Override
          public void onSuccess(HeartbeatResponse response) {
            beatInFlight = false;
            if (!closed && beatChannel == channel) {
              up(response, (System.nanoTime() - start) / 1000);
            }
          }

          @Override
          public void onFailure(Throwable t) {
            beatInFlight = false;
            if (!closed && beatChannel == channel) {
              down(t);
            }
          }
        }, executor);
  }

  private void up(HeartbeatResponse response, long rtt) {
    rttMicros = rtt;
    host.seen(device.deviceId(), response.getName(), rtt);
    if (!connected) {
      connected = true;
      log.info("device {} ({}) connected at {}", device.name(), device.deviceId(), device.address());
      host.linkChanged(device.deviceId(), true);
    }
    if ((mirror == null || !mirror.attached()) && !connecting) {
      connectSessions();
    }
  }

  private void down(Throwable t) {
    // Try again at the next beat, not after gRPC's growing reconnect backoff: a restarted peer is back in seconds.
    channel.resetConnectBackoff();
    if (connected) {
      connected = false;
      downSinceNanos = System.nanoTime();
      log.info("device {} ({}): link down ({})", device.name(), device.deviceId(), t.getMessage());
      if (mirror != null) {
        mirror.detach();
      }
      host.linkChanged(device.deviceId(), false);
    } else if (mirror != null && System.nanoTime() - downSinceNanos > MIRROR_GRACE.toNanos()) {
      log.info("device {}: down for {} s; removing its sessions", device.name(), MIRROR_GRACE.toSeconds());
      mirror.close();
      mirror = null;
    }
  }

  /** Connects the SDK to the device's session service (blocking, so off the executor) and attaches the mirror. */
  private void connectSessions() {
    connecting = true;
    PairedDevice target = device;
    blocking.execute(() -> {
      ManagedChannel sessions = host.channels().pinned(target);
      AVSessionManager manager = null;
      try {
        manager = ChannelManagers.connect(AVSessionManager.builder()
            .appId(LINK_APP_ID)
            .retryTimeout(HEARTBEAT_DEADLINE)
            .recovery(false)
            .callbackExecutor(executor), sessions);
      } catch (AVSessionException | IllegalStateException e) {
        log.info("device {}: cannot reach its session service ({})", target.name(), e.getMessage());
        sessions.shutdownNow();
      }
      AVSessionManager connectedManager = manager;
      executor.execute(() -> {
        connecting = false;
        if (connectedManager == null) {
          return;
        }
        if (closed || !connected) {
          connectedManager.close();
          return;
        }
        if (mirror == null) {
          mirror = host.newMirror(device);
        }
        mirror.attach(connectedManager);
      });
    });
  }

  /** Ends the link and removes the device's mirrors. */
  void close() {
    closed = true;
    if (beats != null) {
      beats.cancel(false);
    }
    if (mirror != null) {
      mirror.close();
      mirror = null;
    }
    channel.shutdownNow();
    if (connected) {
      connected = false;
      host.linkChanged(device.deviceId(), false);
    }
  }

  /** Builds channels to paired devices. */
  interface DeviceTlsChannels {
    ManagedChannel pinned(PairedDevice device);
  }

  static ManagedChannel channelTo(String address, io.grpc.ChannelCredentials credentials) {
    HostPort hp = HostPort.parse(address);
    return NettyChannelBuilder.forAddress(hp.host(), hp.port(), credentials)
        // The certificate is checked against the pinned key, not a name; the authority only labels the channel.
        .overrideAuthority("baton-device")
        .build();
  }
}
