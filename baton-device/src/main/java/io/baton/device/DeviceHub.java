package io.baton.device;

import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.discovery.DeviceAnnouncer;
import io.baton.discovery.DeviceBrowser;
import io.baton.discovery.DiscoveredDevice;
import io.baton.protocol.ErrorMapping;
import io.baton.protocol.v1.Ack;
import io.baton.protocol.v1.AllowPairingRequest;
import io.baton.protocol.v1.AllowPairingResponse;
import io.baton.protocol.v1.Device;
import io.baton.protocol.v1.DeviceLinkGrpc;
import io.baton.protocol.v1.DeviceServiceGrpc;
import io.baton.protocol.v1.GetLocalDeviceRequest;
import io.baton.protocol.v1.HeartbeatRequest;
import io.baton.protocol.v1.LinkPairRequest;
import io.baton.protocol.v1.LinkPairResponse;
import io.baton.protocol.v1.ListPairedDevicesRequest;
import io.baton.protocol.v1.ListPairedDevicesResponse;
import io.baton.protocol.v1.LocalDevice;
import io.baton.protocol.v1.MoveSessionRequest;
import io.baton.protocol.v1.PairRequest;
import io.baton.protocol.v1.UnpairRequest;
import io.baton.service.BatonDaemon;
import io.baton.service.DeviceCredentials;
import io.baton.service.rpc.CallContext;
import io.baton.service.rpc.NetworkPeers;
import io.baton.service.rpc.RpcServer;
import io.baton.service.session.ClientHandle;
import io.baton.service.session.SessionRegistry;
import io.baton.service.session.Validation;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Other Baton devices, as one daemon sees them: the paired devices and their links, pairing in both roles, the device
 * listener ({@code --listen}), remote sessions (through {@link SessionMirror}s) and moved sessions. Serves
 * {@code DeviceService} ({@code device_service.proto}) on the daemon's local socket.
 *
 * <h2>Threading</h2>
 * Link state lives on one executor ({@code baton-devices}); blocking work (pairing's TLS handshake, SDK connects) runs
 * on a small pool ({@code baton-device-connect}). gRPC handlers never block: they hop and answer when the work is
 * done.
 */
public final class DeviceHub extends DeviceServiceGrpc.DeviceServiceImplBase implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DeviceHub.class);
  private static final Ack ACK = Ack.getDefaultInstance();
  private static final Pattern CODE = Pattern.compile("[0-9]{6}");
  /** A device that called within this is shown as connected even if this daemon has no link to it. */
  private static final Duration INCOMING_FRESH = Duration.ofSeconds(3);
  private static final Duration PAIRING_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration PEER_PROBE_INTERVAL = Duration.ofSeconds(5);

  private final BatonDaemon.Context context;
  private final DeviceOptions options;
  private final TrustStore store;
  private final PairingWindow window = new PairingWindow(System::nanoTime);
  private final ScheduledExecutorService executor;
  private final ExecutorService blocking;
  private final Map<String, PeerLink> links = new ConcurrentHashMap<>();
  private final Map<String, Long> incomingNanos = new ConcurrentHashMap<>();
  private final SessionMoves moves;
  private volatile RpcServer listener;
  private volatile String listenAddress = "";
  private final Map<String, DiscoveredDevice> discovered = new ConcurrentHashMap<>();
  private final Set<String> probing = ConcurrentHashMap.newKeySet();
  private volatile DeviceAnnouncer announcer;
  private volatile DeviceBrowser browser;

  private DeviceHub(BatonDaemon.Context context, DeviceOptions options) {
    this.context = context;
    this.options = options;
    this.store = new TrustStore(context.stateDir());
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "baton-devices");
      t.setDaemon(true);
      return t;
    });
    this.blocking = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "baton-device-connect");
      t.setDaemon(true);
      return t;
    });
    this.moves = new SessionMoves(this);
  }

  /**
   * Starts the device layer of a daemon: opens the listener when {@code options} ask for one (failing the daemon's
   * start if the address cannot be bound), and links to every paired device that listens.
   *
   * @throws IllegalStateException if the listener cannot be started
   */
  public static DeviceHub start(BatonDaemon.Context context, DeviceOptions options) {
    DeviceHub hub = new DeviceHub(context, options);
    if (options.listen() != null) {
      try {
        hub.startListener(options.listen());
      } catch (IOException | RuntimeException e) {
        hub.close();
        throw new IllegalStateException("cannot listen for devices on " + options.listen() + ": " + e.getMessage(),
            e);
      }
    }
    hub.executor.execute(() -> {
      hub.store.open(); // Off the daemon's start: SQLite's first open takes a few hundred milliseconds.
      for (PairedDevice device : hub.store.all()) {
        hub.ensureLink(device);
      }
    });
    if (!options.peers().isEmpty()) {
      hub.executor.scheduleWithFixedDelay(hub::probeConfiguredPeers, 0, PEER_PROBE_INTERVAL.toMillis(),
          TimeUnit.MILLISECONDS);
    }
    return hub;
  }

  /**
   * Announces this daemon and looks for others with mDNS/DNS-SD on the listener's interface: only for a specific,
   * non-loopback address (multicast goes nowhere else, and a wildcard would announce on every network).
   */
  private void startDiscovery(HostPort address, int port) {
    InetAddress bind;
    try {
      bind = InetAddress.getByName(address.host());
    } catch (UnknownHostException e) {
      log.warn("discovery off: cannot resolve {}", address.host());
      return;
    }
    if (bind.isLoopbackAddress() || bind.isAnyLocalAddress()) {
      log.info("discovery off: it needs --listen on one network address (not loopback or a wildcard)");
      return;
    }
    announcer = DeviceAnnouncer.start(bind, localId(), localName(), port);
    browser = DeviceBrowser.start(bind, localId(), new DeviceBrowser.Listener() {
      @Override
      public void onFound(DiscoveredDevice device) {
        discovered.put(device.deviceId(), device);
        log.info("discovered device {} ({}) at {}:{}", device.name(), device.deviceId(), device.host(),
            device.port());
        deviceAt(device.deviceId(), new HostPort(device.host(), device.port()).toString());
      }

      @Override
      public void onLost(String deviceId) {
        discovered.remove(deviceId);
      }
    });
  }

  /**
   * Finds out which paired device answers at each configured peer address that no connected link uses: a TLS
   * handshake that accepts only paired keys, and one heartbeat.
   */
  private void probeConfiguredPeers() {
    for (HostPort peer : options.peers()) {
      String address = peer.toString();
      boolean linked = links.values().stream()
          .anyMatch(l -> l.connected() && l.device().address().equals(address));
      if (linked || !probing.add(address)) {
        continue;
      }
      blocking.execute(() -> {
        AtomicReference<X509Certificate> seen = new AtomicReference<>();
        ManagedChannel channel = PeerLink.channelTo(address, DeviceTls.client(context.credentials(),
            fingerprint -> store.deviceWithKey(fingerprint).isPresent(), seen));
        try {
          DeviceLinkGrpc.newBlockingStub(channel)
              .withDeadlineAfter(PAIRING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .heartbeat(linkHost.heartbeat());
          if (seen.get() != null) {
            deviceAt(DeviceCredentials.deviceIdOf(seen.get()), address);
          }
        } catch (StatusRuntimeException e) {
          log.debug("configured peer {} did not answer as a paired device: {}", address, e.getStatus());
        } finally {
          channel.shutdownNow();
          probing.remove(address);
        }
      });
    }
  }

  private void startListener(HostPort address) throws IOException {
    NetworkPeers peers = new NetworkPeers() {
      @Override
      public Optional<String> pairedDeviceId(X509Certificate certificate) {
        return store.deviceWithKey(DeviceCredentials.keyFingerprint(certificate));
      }

      @Override
      public Set<String> methodsOpenToUnpairedPeers() {
        return Set.of(DeviceLinkGrpc.getPairMethod().getFullMethodName());
      }
    };
    RpcServer server = RpcServer.startOnNetwork(new InetSocketAddress(address.host(), address.port()),
        DeviceTls.server(context.credentials(),
            fingerprint -> store.deviceWithKey(fingerprint).isPresent() || window.isOpen()),
        peers, context.registry(), context.config().outboxCapacity(), context.daemonUid(), BatonDaemon.VERSION,
        List.of(new LinkService(this)));
    listener = server;
    listenAddress = new HostPort(address.host(), server.port()).toString();
    if (options.discovery()) {
      startDiscovery(address, server.port());
    }
    log.info("listening for paired devices on {} (mutual TLS; device {} key {})", listenAddress,
        context.device().id(), DeviceCredentials.keyFingerprint(context.credentials().certificate()));
  }

  /** Where this daemon accepts device links ("host:port"), or empty when it does not listen. */
  public String listenAddress() {
    return listenAddress;
  }

  // ------------------------------------------------------------------------------------------------ for the parts

  SessionRegistry registry() {
    return context.registry();
  }

  DeviceCredentials credentials() {
    return context.credentials();
  }

  String localName() {
    return context.device().name();
  }

  String localId() {
    return context.device().id();
  }

  PairingWindow pairingWindow() {
    return window;
  }

  ScheduledExecutorService executor() {
    return executor;
  }

  ExecutorService blocking() {
    return blocking;
  }

  java.nio.file.Path socket() {
    return context.socket();
  }

  /** A channel to a paired device, accepting only its pinned key. */
  ManagedChannel channelTo(PairedDevice device) {
    return PeerLink.channelTo(device.address(), DeviceTls.pinned(context.credentials(), device.keyFingerprint()));
  }

  /** The link to {@code idOrName} if it is up. @throws AVSessionException 6600109 otherwise */
  PeerLink connectedLink(String idOrName) {
    PairedDevice device = store.find(idOrName).orElseThrow(() -> new AVSessionException(
        AVSessionErrorCode.REMOTE_CONNECTION_NOT_EXIST, "no paired device '" + idOrName + "'"));
    PeerLink link = links.get(device.deviceId());
    if (link == null || !link.connected()) {
      throw new AVSessionException(AVSessionErrorCode.REMOTE_CONNECTION_NOT_EXIST,
          "no link to device " + device.name() + " (" + device.deviceId() + ")"
              + (device.address().isEmpty() ? ": it does not listen for links" : ""));
    }
    return link;
  }

  /** A device that called {@code Pair} here with the right code: trust it and link back if it listens. */
  void pairedByPeer(X509Certificate certificate, String name, String listenAddress, String peerIp) {
    String id = DeviceCredentials.deviceIdOf(certificate);
    long now = System.currentTimeMillis();
    PairedDevice device = new PairedDevice(id, displayName(name, id), certificate,
        reachableAddress(listenAddress, peerIp), now, now);
    store.put(device);
    log.info("paired with device {} ({}) on its request", device.name(), id);
    executor.execute(() -> ensureLink(device));
  }

  /** A paired device's heartbeat: it is alive, and may have a new name or listener address. */
  void heartbeatFrom(String deviceId, String name, String listenAddress, String peerIp) {
    incomingNanos.put(deviceId, System.nanoTime());
    executor.execute(() -> store.byId(deviceId).ifPresent(device -> {
      String address = reachableAddress(listenAddress, peerIp);
      PairedDevice updated = device.withLastSeen(System.currentTimeMillis());
      boolean changed = false;
      if (!name.isEmpty() && !displayName(name, deviceId).equals(device.name())) {
        updated = updated.withName(displayName(name, deviceId));
        changed = true;
      }
      if (!address.isEmpty() && !address.equals(device.address())) {
        updated = updated.withAddress(address);
        changed = true;
      }
      if (changed) {
        store.put(updated);
        ensureLink(updated);
      }
    }));
  }

  /** A paired device at a (new) address, for instance found by discovery. */
  public void deviceAt(String deviceId, String address) {
    executor.execute(() -> store.byId(deviceId).ifPresent(device -> {
      if (!address.equals(device.address())) {
        PairedDevice updated = device.withAddress(address);
        store.put(updated);
        ensureLink(updated);
      }
    }));
  }

  /** Starts (or re-addresses) the link to a paired device that listens. Runs on the executor. */
  private void ensureLink(PairedDevice device) {
    if (device.address().isEmpty()) {
      return;
    }
    PeerLink link = links.get(device.deviceId());
    if (link != null) {
      link.updateAddress(device);
      return;
    }
    link = new PeerLink(linkHost, device, executor, blocking);
    links.put(device.deviceId(), link);
    link.start();
  }

  private final PeerLink.Host linkHost = new PeerLink.Host() {
    @Override
    public PeerLink.DeviceTlsChannels channels() {
      return DeviceHub.this::channelTo;
    }

    @Override
    public SessionMirror newMirror(PairedDevice device) {
      return new SessionMirror(device.deviceId(), device.name(), context.registry(), executor, context.daemonUid());
    }

    @Override
    public HeartbeatRequest heartbeat() {
      return HeartbeatRequest.newBuilder().setName(localName()).setListenAddress(listenAddress).build();
    }

    @Override
    public void seen(String deviceId, String name, long rttMicros) {
      store.byId(deviceId).ifPresent(device -> {
        long now = System.currentTimeMillis();
        PairedDevice updated = device.withLastSeen(now);
        if (!name.isEmpty() && !displayName(name, deviceId).equals(device.name())) {
          store.put(updated.withName(displayName(name, deviceId)));
        } else if (now - device.lastSeenMs() > 30_000) {
          store.put(updated); // Keep "last seen" fresh on disk without a write per heartbeat.
        } else {
          store.remember(updated);
        }
      });
    }

    @Override
    public void linkChanged(String deviceId, boolean connected) {
      if (!connected) {
        moves.deviceLost(deviceId);
      }
    }
  };

  private static String displayName(String name, String id) {
    String trimmed = name.strip();
    return trimmed.isEmpty() || trimmed.length() > 64 ? "device-" + id.substring(0, 8) : trimmed;
  }

  /** The address a device announced, with a wildcard host replaced by the address it called from. */
  private static String reachableAddress(String announced, String peerIp) {
    if (announced.isEmpty()) {
      return "";
    }
    try {
      HostPort hp = HostPort.parse(announced);
      if ((hp.host().equals("0.0.0.0") || hp.host().equals("::")) && !peerIp.isEmpty()) {
        return new HostPort(peerIp, hp.port()).toString();
      }
      return hp.toString();
    } catch (AVSessionException e) {
      return "";
    }
  }

  // ------------------------------------------------------------------------------------------------ DeviceService

  @Override
  public void getLocalDevice(GetLocalDeviceRequest request, StreamObserver<LocalDevice> out) {
    unary(out, () -> {
      CallContext.currentClient(context.registry());
      return LocalDevice.newBuilder()
          .setDeviceId(localId())
          .setName(localName())
          .setKeyFingerprint(DeviceCredentials.keyFingerprint(context.credentials().certificate()))
          .setListenAddress(listenAddress)
          .build();
    });
  }

  @Override
  public void listPairedDevices(ListPairedDevicesRequest request, StreamObserver<ListPairedDevicesResponse> out) {
    unary(out, () -> {
      CallContext.currentClient(context.registry());
      ListPairedDevicesResponse.Builder response = ListPairedDevicesResponse.newBuilder();
      for (PairedDevice device : store.all()) {
        response.addDevices(toProto(device));
      }
      for (DiscoveredDevice found : discovered.values()) {
        if (store.byId(found.deviceId()).isEmpty()) {
          response.addDiscovered(Device.newBuilder()
              .setDeviceId(found.deviceId())
              .setName(found.name())
              .setAddress(new HostPort(found.host(), found.port()).toString()));
        }
      }
      return response.build();
    });
  }

  private Device toProto(PairedDevice device) {
    PeerLink link = links.get(device.deviceId());
    Long incoming = incomingNanos.get(device.deviceId());
    boolean calledRecently = incoming != null && System.nanoTime() - incoming < INCOMING_FRESH.toNanos();
    boolean linked = link != null && link.connected();
    return Device.newBuilder()
        .setDeviceId(device.deviceId())
        .setName(device.name())
        .setAddress(device.address())
        .setConnected(linked || calledRecently)
        .setLastSeenMs(device.lastSeenMs())
        .setKeyFingerprint(device.keyFingerprint())
        .setRoundTripMicros(linked ? link.rttMicros() : 0)
        .build();
  }

  @Override
  public void allowPairing(AllowPairingRequest request, StreamObserver<AllowPairingResponse> out) {
    unary(out, () -> {
      context.registry().requireSystemCaller(CallContext.currentClient(context.registry()), "allowPairing");
      if (listener == null) {
        throw new AVSessionException(AVSessionErrorCode.SERVICE_EXCEPTION,
            "this daemon does not listen for devices; start it with --listen HOST:PORT");
      }
      String code = window.open();
      log.info("pairing window open for {} s", PairingWindow.VALIDITY.toSeconds());
      return AllowPairingResponse.newBuilder()
          .setCode(code)
          .setExpiresInSeconds((int) PairingWindow.VALIDITY.toSeconds())
          .build();
    });
  }

  @Override
  public void pair(PairRequest request, StreamObserver<Device> out) {
    CompletableFuture<Device> result;
    try {
      context.registry().requireSystemCaller(CallContext.currentClient(context.registry()), "pair");
      HostPort address = HostPort.parse(request.getAddress());
      if (address.port() == 0) {
        throw Validation.invalid("address", "port 0 is not a device's listener");
      }
      if (!CODE.matcher(request.getCode()).matches()) {
        throw Validation.invalid("code", "must be the 6 digits `baton pair --allow` printed on the other device");
      }
      result = CompletableFuture.supplyAsync(() -> toProto(pairWith(address, request.getCode())), blocking);
    } catch (AVSessionException e) {
      result = CompletableFuture.failedFuture(e);
    }
    answer(out, result);
  }

  /** Pairs with the listener at {@code address} (blocking: TLS handshake and one call, bounded by 2 × 5 s). */
  private PairedDevice pairWith(HostPort address, String code) {
    AtomicReference<X509Certificate> seen = new AtomicReference<>();
    ManagedChannel channel = PeerLink.channelTo(address.toString(),
        DeviceTls.pairing(context.credentials(), seen));
    try {
      // A first call completes the TLS handshake, so the pairing proof can be bound to the key the device showed.
      try {
        DeviceLinkGrpc.newBlockingStub(channel)
            .withDeadlineAfter(PAIRING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .heartbeat(linkHost.heartbeat());
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.PERMISSION_DENIED) {
          throw connectionFailed(address, e);
        }
      }
      X509Certificate theirs = seen.get();
      if (theirs == null) {
        throw new AVSessionException(AVSessionErrorCode.DEVICE_CONNECTION_FAILED,
            "the device at " + address + " showed no certificate");
      }
      String mine = DeviceCredentials.keyFingerprint(context.credentials().certificate());
      String theirFingerprint = DeviceCredentials.keyFingerprint(theirs);
      if (mine.equals(theirFingerprint)) {
        throw Validation.invalid("address", address + " is this device");
      }
      LinkPairResponse response;
      try {
        response = DeviceLinkGrpc.newBlockingStub(channel)
            .withDeadlineAfter(PAIRING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .pair(LinkPairRequest.newBuilder()
                .setProof(PairingProof.of(code, mine, theirFingerprint))
                .setName(localName())
                .setListenAddress(listenAddress)
                .build());
      } catch (StatusRuntimeException e) {
        AVSessionException remote = ErrorMapping.fromThrowable(e);
        if (remote.errorCode() == AVSessionErrorCode.DEVICE_CONNECTION_FAILED) {
          throw new AVSessionException(AVSessionErrorCode.DEVICE_CONNECTION_FAILED,
              "the device at " + address + " refused: " + remote.detail(), e);
        }
        throw connectionFailed(address, e);
      }
      if (!PairingProof.matches(PairingProof.of(code, theirFingerprint, mine), response.getProof())) {
        throw new AVSessionException(AVSessionErrorCode.DEVICE_CONNECTION_FAILED, "the device at " + address
            + " did not prove it knows the code; not trusting it (something may be relaying the connection)");
      }
      String id = DeviceCredentials.deviceIdOf(theirs);
      long now = System.currentTimeMillis();
      PairedDevice device = new PairedDevice(id, displayName(response.getName(), id), theirs, address.toString(),
          now, now);
      store.put(device);
      log.info("paired with device {} ({}) at {}", device.name(), id, address);
      executor.execute(() -> ensureLink(device));
      return device;
    } finally {
      channel.shutdownNow();
    }
  }

  private static AVSessionException connectionFailed(HostPort address, StatusRuntimeException e) {
    String why = e.getStatus().getDescription() != null ? e.getStatus().getDescription()
        : e.getStatus().getCode().toString();
    Throwable cause = e.getCause();
    if (cause != null && cause.getMessage() != null) {
      why = why + " (" + cause.getMessage() + ")";
    }
    return new AVSessionException(AVSessionErrorCode.DEVICE_CONNECTION_FAILED, "cannot connect to the device at "
        + address + ": " + why + "; is it listening, and is its pairing window open (`baton pair --allow`)?", e);
  }

  @Override
  public void unpair(UnpairRequest request, StreamObserver<Ack> out) {
    CompletableFuture<Ack> result;
    try {
      context.registry().requireSystemCaller(CallContext.currentClient(context.registry()), "unpair");
      if (request.getDevice().isBlank()) {
        throw Validation.invalid("device", "must be a paired device's id or name");
      }
      PairedDevice device = store.find(request.getDevice()).orElseThrow(() -> new AVSessionException(
          AVSessionErrorCode.REMOTE_CONNECTION_NOT_EXIST, "no paired device '" + request.getDevice() + "'"));
      result = CompletableFuture.supplyAsync(() -> {
        PeerLink link = links.remove(device.deviceId());
        if (link != null) {
          link.close();
        }
        moves.deviceLost(device.deviceId());
        store.remove(device.deviceId());
        incomingNanos.remove(device.deviceId());
        log.info("unpaired device {} ({})", device.name(), device.deviceId());
        return ACK;
      }, executor);
    } catch (AVSessionException e) {
      result = CompletableFuture.failedFuture(e);
    }
    answer(out, result);
  }

  @Override
  public void moveSession(MoveSessionRequest request, StreamObserver<Ack> out) {
    CompletableFuture<Void> result;
    try {
      ClientHandle caller = CallContext.currentClient(context.registry());
      context.registry().requireSystemCaller(caller, "castAudio");
      String device = request.getDevice().strip();
      result = device.isEmpty() || device.equals("local")
          ? moves.end(request.getSessionId())
          : moves.start(request.getSessionId(), device);
    } catch (AVSessionException e) {
      result = CompletableFuture.failedFuture(e);
    }
    answer(out, result.thenApply(v -> ACK));
  }

  // ------------------------------------------------------------------------------------------------ plumbing

  private static <T> void unary(StreamObserver<T> out, Supplier<T> body) {
    T value;
    try {
      value = body.get();
    } catch (RuntimeException e) {
      out.onError(ErrorMapping.toStatusException(AVSessionException.fromThrowable(e)));
      return;
    }
    out.onNext(value);
    out.onCompleted();
  }

  private static <T> void answer(StreamObserver<T> out, CompletableFuture<T> result) {
    result.whenComplete((value, error) -> {
      if (error != null) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
        out.onError(ErrorMapping.toStatusException(AVSessionException.fromThrowable(cause)));
      } else {
        out.onNext(value);
        out.onCompleted();
      }
    });
  }

  /** Closes the listener and every link; the mirrors disappear, moved sessions come back. Idempotent. */
  @Override
  public void close() {
    for (AutoCloseable mdns : new AutoCloseable[] {announcer, browser}) {
      if (mdns != null) {
        try {
          mdns.close();
        } catch (Exception e) {
          log.debug("closing discovery failed", e);
        }
      }
    }
    RpcServer server = listener;
    listener = null;
    if (server != null) {
      server.close();
    }
    try {
      executor.submit(() -> {
        moves.closeAll();
        for (PeerLink link : links.values()) {
          link.close();
        }
        links.clear();
      }).get(3, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.debug("closing device links did not finish cleanly", e);
    }
    executor.shutdownNow();
    blocking.shutdownNow();
    store.close();
  }
}
