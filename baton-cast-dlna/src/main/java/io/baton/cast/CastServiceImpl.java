package io.baton.cast;

import io.baton.api.AVPlaybackState;
import io.baton.api.AVQueueItem;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.CastDevice;
import io.baton.api.ConnectionState;
import io.baton.api.DeviceInfo;
import io.baton.api.EventFilter;
import io.baton.api.Nullable;
import io.baton.api.OutputDeviceInfo;
import io.baton.cast.dlna.CastErrors;
import io.baton.cast.dlna.DlnaCaster;
import io.baton.protocol.CastConverters;
import io.baton.protocol.ErrorMapping;
import io.baton.protocol.ProtoConverters;
import io.baton.protocol.v1.Ack;
import io.baton.protocol.v1.AddDeviceRequest;
import io.baton.protocol.v1.AddDeviceResponse;
import io.baton.protocol.v1.CastCommandRequest;
import io.baton.protocol.v1.CastEvent;
import io.baton.protocol.v1.CastMediaRequest;
import io.baton.protocol.v1.CastServiceGrpc;
import io.baton.protocol.v1.CastState;
import io.baton.protocol.v1.ListDevicesRequest;
import io.baton.protocol.v1.ListDevicesResponse;
import io.baton.protocol.v1.OutputDeviceChange;
import io.baton.protocol.v1.SessionRef;
import io.baton.protocol.v1.SetCastEventFilterRequest;
import io.baton.protocol.v1.StartCastingRequest;
import io.baton.protocol.v1.StartDiscoveryRequest;
import io.baton.protocol.v1.StopDiscoveryRequest;
import io.baton.protocol.v1.StringList;
import io.baton.protocol.v1.WatchCastRequest;
import io.baton.service.rpc.CallContext;
import io.baton.service.session.ChangeFilters;
import io.baton.service.session.ClientHandle;
import io.baton.service.session.SessionRegistry;
import io.baton.service.session.Validation;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC face of casting ({@code cast_service.proto}): identifies the caller, checks it may cast, calls the
 * {@link DlnaCaster}, maps errors with {@link ErrorMapping}, tells the session registry where a session plays, and
 * delivers cast events to each client's {@code WatchCast} stream through its cast controllers' filters.
 *
 * <h2>Threading</h2>
 * Handlers run on the gRPC event loops and never block: they hand work to the caster and answer when its future
 * completes. Watchers (the streams and their controllers' filters) live on one events thread
 * ({@code baton-cast-events}); the caster's callbacks hop to it. A watcher whose stream is not ready (its client is
 * not reading) gets no playback-state changes until it is (they are superseded by the next), so the daemon never
 * buffers them without bound; other events are few and always sent.
 */
public final class CastServiceImpl extends CastServiceGrpc.CastServiceImplBase implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CastServiceImpl.class);
  private static final Ack ACK = Ack.getDefaultInstance();

  private final SessionRegistry registry;
  private final @Nullable DlnaCaster caster;
  private final ExecutorService events;
  private final ScheduledExecutorService sessionCheck;
  // Confined to the events thread: client id → its watch stream and cast controllers.
  private final Map<String, Watcher> watchers = new HashMap<>();
  // Confined to the events thread: client id → sessions it has cast controllers for (also before it watches).
  private final Map<String, Map<String, EventFilter>> controllers = new HashMap<>();
  // Confined to the events thread: session id → last full state, to compute filtered deltas.
  private final Map<String, AVPlaybackState> lastStates = new HashMap<>();

  private static final class Watcher {
    final ServerCallStreamObserver<CastEvent> stream;

    Watcher(ServerCallStreamObserver<CastEvent> stream) {
      this.stream = stream;
    }
  }

  /**
   * A service for {@code registry}; with {@code config} null, casting is off and every call fails with 6600101.
   * Nothing runs until {@link #start()}.
   */
  public CastServiceImpl(SessionRegistry registry, io.baton.cast.dlna.@Nullable CastConfig config) {
    this.registry = registry;
    this.events = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "baton-cast-events");
      t.setDaemon(true);
      return t;
    });
    this.sessionCheck = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "baton-cast-sessions");
      t.setDaemon(true);
      return t;
    });
    this.caster = config == null ? null : new DlnaCaster(config, new CasterEvents());
  }

  /** Starts the caster (in the background) and the check for destroyed sessions being cast. */
  public CastServiceImpl start() {
    if (caster != null) {
      caster.start();
      sessionCheck.scheduleWithFixedDelay(this::endCastsOfDestroyedSessions, 1, 1, TimeUnit.SECONDS);
    }
    return this;
  }

  private void endCastsOfDestroyedSessions() {
    DlnaCaster c = caster;
    if (c == null) {
      return;
    }
    c.castingSessions().thenAccept(ids -> {
      for (String id : ids) {
        try {
          registry.sessionSnapshot(id);
        } catch (AVSessionException e) {
          log.info("session {} is gone; its cast ends (the renderer plays on)", id);
          c.sessionGone(id);
        }
      }
    });
  }

  // ------------------------------------------------------------------------------------------------ plumbing

  private DlnaCaster caster() {
    if (caster == null) {
      throw new AVSessionException(AVSessionErrorCode.SERVICE_EXCEPTION,
          "casting is off in this daemon; start it with baton daemon --cast");
    }
    return caster;
  }

  /** The calling client, which must be a system caller (upstream: casting needs system permissions). */
  private ClientHandle caller() {
    ClientHandle client = CallContext.currentClient(registry);
    registry.requireSystemCaller(client, "casting");
    return client;
  }

  private static <T> void async(StreamObserver<T> out, Supplier<CompletableFuture<T>> body) {
    CompletableFuture<T> future;
    try {
      future = body.get();
    } catch (RuntimeException e) {
      out.onError(ErrorMapping.toStatusException(map(e)));
      return;
    }
    future.whenComplete((response, error) -> {
      if (error != null) {
        out.onError(ErrorMapping.toStatusException(map(error)));
      } else {
        out.onNext(response);
        out.onCompleted();
      }
    });
  }

  private static AVSessionException map(Throwable t) {
    Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    if (cause instanceof AVSessionException) {
      return (AVSessionException) cause;
    }
    if (cause instanceof IllegalArgumentException) {
      return new AVSessionException(AVSessionErrorCode.INVALID_PARAMETER, cause.getMessage());
    }
    log.error("unexpected failure in a cast call", cause);
    return new AVSessionException(AVSessionErrorCode.SERVICE_EXCEPTION, String.valueOf(cause), cause);
  }

  private static String sessionId(String id) {
    if (id.isEmpty()) {
      throw Validation.invalid("sessionId", "must not be empty");
    }
    return id;
  }

  /** The session must exist (6600102). */
  private String liveSession(String id) {
    registry.sessionSnapshot(sessionId(id));
    return id;
  }

  private CompletableFuture<Void> onEvents(Runnable task) {
    return CompletableFuture.runAsync(task, events);
  }

  // ------------------------------------------------------------------------------------------------ discovery

  @Override
  public void startDiscovery(StartDiscoveryRequest request, StreamObserver<Ack> out) {
    async(out, () -> {
      String client = caller().caller().clientId();
      int filter = request.getProtocolFilter();
      if (filter != 0 && filter != CastDevice.TYPE_DLNA) {
        throw Validation.invalid("protocolFilter", "Baton casts with DLNA only (4), not " + filter);
      }
      DlnaCaster c = caster();
      // Renderers found before this client asked are reported to it too, as if just found.
      return c.startDiscovery(client).thenCompose(v -> c.devices(Duration.ZERO)).thenCompose(known ->
          onEvents(() -> {
            Watcher w = watchers.get(client);
            if (w != null) {
              known.forEach(d -> send(w, CastEvent.newBuilder().setDeviceAvailable(CastConverters.toProto(d))
                  .build()));
            }
          })).thenApply(v -> ACK);
    });
  }

  @Override
  public void stopDiscovery(StopDiscoveryRequest request, StreamObserver<Ack> out) {
    async(out, () -> caster().stopDiscovery(caller().caller().clientId()).thenApply(v -> ACK));
  }

  @Override
  public void listDevices(ListDevicesRequest request, StreamObserver<ListDevicesResponse> out) {
    async(out, () -> {
      caller();
      if (request.getSearchMs() < 0 || request.getSearchMs() > 10_000) {
        throw Validation.invalid("searchMs", "must be from 0 to 10000, was " + request.getSearchMs());
      }
      return caster().devices(Duration.ofMillis(request.getSearchMs())).thenApply(list -> {
        ListDevicesResponse.Builder b = ListDevicesResponse.newBuilder();
        list.forEach(d -> b.addDevices(CastConverters.toProto(d)));
        return b.build();
      });
    });
  }

  @Override
  public void addDevice(AddDeviceRequest request, StreamObserver<AddDeviceResponse> out) {
    async(out, () -> {
      caller();
      if (request.getDescriptionUrl().isEmpty()) {
        throw Validation.invalid("descriptionUrl", "must not be empty");
      }
      return caster().addDevice(request.getDescriptionUrl())
          .thenApply(d -> AddDeviceResponse.newBuilder().setDevice(CastConverters.toProto(d)).build());
    });
  }

  // ------------------------------------------------------------------------------------------------ casting

  @Override
  public void startCasting(StartCastingRequest request, StreamObserver<Ack> out) {
    async(out, () -> {
      caller();
      DlnaCaster c = caster();
      String id = liveSession(request.getSessionId());
      if (request.getDevice().getDevicesCount() == 0 || request.getDevice().getDevices(0).getDeviceId().isEmpty()) {
        throw Validation.invalid("device", "must name a device (its device id)");
      }
      return c.startCasting(id, request.getDevice().getDevices(0).getDeviceId()).thenApply(v -> ACK);
    });
  }

  @Override
  public void stopCasting(SessionRef request, StreamObserver<Ack> out) {
    async(out, () -> {
      caller();
      return caster().stopCasting(sessionId(request.getSessionId())).thenApply(v -> ACK);
    });
  }

  // ------------------------------------------------------------------------------------------------ controller

  @Override
  public void createCastController(SessionRef request, StreamObserver<CastState> out) {
    async(out, () -> {
      String client = caller().caller().clientId();
      String id = liveSession(request.getSessionId());
      return caster().status(id).thenCompose(status -> onEvents(() -> {
        controllers.computeIfAbsent(client, k -> new HashMap<>()).putIfAbsent(id, EventFilter.NONE);
        lastStates.putIfAbsent(id, status.state());
      }).thenApply(v -> toProto(id, status)));
    });
  }

  @Override
  public void releaseCastController(SessionRef request, StreamObserver<Ack> out) {
    async(out, () -> {
      String client = caller().caller().clientId();
      String id = sessionId(request.getSessionId());
      return onEvents(() -> {
        Map<String, EventFilter> mine = controllers.get(client);
        if (mine != null) {
          mine.remove(id);
        }
      }).thenApply(v -> ACK);
    });
  }

  @Override
  public void setCastEventFilter(SetCastEventFilterRequest request, StreamObserver<Ack> out) {
    async(out, () -> {
      String client = caller().caller().clientId();
      String id = liveSession(request.getSessionId());
      EventFilter filter = request.getAll() ? EventFilter.ALL : new EventFilter(false, Set.copyOf(request.getKeysList()));
      return caster().status(id).thenCompose(status -> onEvents(() -> {
        Map<String, EventFilter> mine = controllers.get(client);
        if (mine == null || !mine.containsKey(id)) {
          throw new AVSessionException(AVSessionErrorCode.CONTROLLER_NOT_EXIST,
              "no cast controller of session " + id + " on this connection");
        }
        mine.put(id, filter);
      })).thenApply(v -> ACK);
    });
  }

  @Override
  public void prepare(CastMediaRequest request, StreamObserver<Ack> out) {
    load(request, false, out);
  }

  @Override
  public void start(CastMediaRequest request, StreamObserver<Ack> out) {
    load(request, true, out);
  }

  private void load(CastMediaRequest request, boolean play, StreamObserver<Ack> out) {
    async(out, () -> {
      caller();
      String id = liveSession(request.getSessionId());
      if (!request.hasItem() || !request.getItem().hasDescription()) {
        throw Validation.invalid("item", "must have a description");
      }
      AVQueueItem item = ProtoConverters.fromProto(request.getItem());
      if (item.description().assetId().isEmpty()) {
        throw Validation.invalid("item.description.assetId", "must not be empty");
      }
      if (item.description().mediaUri().isEmpty()) {
        throw new AVSessionException(AVSessionErrorCode.ERR_CODE_INVALID_PARAM,
            "item.description.mediaUri is empty: nothing to play");
      }
      return caster().load(id, item, play).thenApply(v -> ACK);
    });
  }

  @Override
  public void sendCastCommand(CastCommandRequest request, StreamObserver<Ack> out) {
    async(out, () -> {
      caller();
      String id = liveSession(request.getSessionId());
      return caster().command(id, CastConverters.fromProto(request.getCommand())).thenApply(v -> ACK);
    });
  }

  @Override
  public void getCastState(SessionRef request, StreamObserver<CastState> out) {
    async(out, () -> {
      caller();
      String id = liveSession(request.getSessionId());
      return caster().status(id).thenApply(status -> toProto(id, status));
    });
  }

  private static CastState toProto(String sessionId, DlnaCaster.CastStatus status) {
    CastState.Builder b = CastState.newBuilder()
        .setSessionId(sessionId)
        .setDevice(ProtoConverters.toProto(status.device()))
        .setConnectionState(ProtoConverters.toProtoConnectionState(status.connection()))
        .setPlaybackState(ProtoConverters.toProto(status.state()))
        .addAllValidCommands(status.validCommands())
        .addAllSupportedSpeeds(status.supportedSpeeds());
    if (status.item() != null) {
      b.setCurrentItem(ProtoConverters.toProto(status.item()));
    }
    return b.build();
  }

  // ------------------------------------------------------------------------------------------------ events

  @Override
  public void watchCast(WatchCastRequest request, StreamObserver<CastEvent> responseObserver) {
    ServerCallStreamObserver<CastEvent> stream = (ServerCallStreamObserver<CastEvent>) responseObserver;
    String client;
    try {
      client = caller().caller().clientId();
      caster();
    } catch (RuntimeException e) {
      stream.onError(ErrorMapping.toStatusException(map(e)));
      return;
    }
    Watcher watcher = new Watcher(stream);
    stream.setOnCancelHandler(() -> events.execute(() -> gone(client, watcher)));
    events.execute(() -> {
      Watcher old = watchers.put(client, watcher);
      if (old != null) {
        try {
          old.stream.onCompleted();
        } catch (RuntimeException alreadyClosed) {
          // Its client went away meanwhile.
        }
      }
      send(watcher, CastEvent.newBuilder().setReady(true).build());
    });
  }

  private void gone(String client, Watcher watcher) {
    if (watchers.get(client) == watcher) {
      watchers.remove(client);
      controllers.remove(client);
      DlnaCaster c = caster;
      if (c != null) {
        c.stopDiscovery(client);
      }
    }
  }

  private void send(Watcher watcher, CastEvent event) {
    try {
      watcher.stream.onNext(event);
    } catch (RuntimeException e) {
      log.debug("cast event not delivered: {}", e.toString());
    }
  }

  private void toAll(CastEvent event) {
    watchers.values().forEach(w -> send(w, event));
  }

  /** Sends the event built for each client with a cast controller of {@code sessionId}. */
  private void toControllers(String sessionId, CastEvent event) {
    controllers.forEach((client, mine) -> {
      Watcher w = watchers.get(client);
      if (w != null && mine.containsKey(sessionId)) {
        send(w, event);
      }
    });
  }

  private static CastEvent.Builder event(String sessionId) {
    return CastEvent.newBuilder().setSessionId(sessionId);
  }

  /** The caster's callbacks, moved to the events thread. */
  private final class CasterEvents implements DlnaCaster.Listener {
    @Override
    public void onDeviceAvailable(CastDevice device) {
      events.execute(() -> toAll(CastEvent.newBuilder().setDeviceAvailable(CastConverters.toProto(device)).build()));
    }

    @Override
    public void onDeviceOffline(String deviceId) {
      events.execute(() -> toAll(CastEvent.newBuilder().setDeviceOffline(deviceId).build()));
    }

    @Override
    public void onConnectionChange(String sessionId, ConnectionState state, DeviceInfo device) {
      OutputDeviceInfo output = state == ConnectionState.DISCONNECTED ? OutputDeviceInfo.LOCAL
          : new OutputDeviceInfo(List.of(device));
      registry.castStateChanged(sessionId, state, output);
      events.execute(() -> {
        toControllers(sessionId, event(sessionId).setConnectionChange(OutputDeviceChange.newBuilder()
            .setState(ProtoConverters.toProtoConnectionState(state))
            .setDevice(ProtoConverters.toProto(output))).build());
        if (state == ConnectionState.DISCONNECTED) {
          // The cast is over: its controllers are released (later calls: 6600109 / 6600103).
          controllers.values().forEach(mine -> mine.remove(sessionId));
          lastStates.remove(sessionId);
        }
      });
    }

    @Override
    public void onPlaybackState(String sessionId, AVPlaybackState state) {
      events.execute(() -> {
        AVPlaybackState before = lastStates.getOrDefault(sessionId, AVPlaybackState.EMPTY);
        lastStates.put(sessionId, state);
        controllers.forEach((client, mine) -> {
          Watcher w = watchers.get(client);
          EventFilter filter = mine.get(sessionId);
          if (w == null || filter == null || !w.stream.isReady()) {
            return;
          }
          AVPlaybackState delta = ChangeFilters.playbackStateDelta(filter, before, state, state);
          if (delta != null) {
            send(w, event(sessionId).setPlaybackStateChange(ProtoConverters.toProto(delta)).build());
          }
        });
      });
    }

    @Override
    public void onMediaItem(String sessionId, AVQueueItem item) {
      events.execute(() -> toControllers(sessionId,
          event(sessionId).setMediaItemChange(ProtoConverters.toProto(item)).build()));
    }

    @Override
    public void onSeekDone(String sessionId, long positionMs) {
      events.execute(() -> toControllers(sessionId, event(sessionId).setSeekDone(positionMs).build()));
    }

    @Override
    public void onEndOfStream(String sessionId) {
      events.execute(() -> toControllers(sessionId, event(sessionId).setEndOfStream(true).build()));
    }

    @Override
    public void onValidCommands(String sessionId, List<String> commands) {
      events.execute(() -> toControllers(sessionId,
          event(sessionId).setValidCommandChange(StringList.newBuilder().addAllValues(commands)).build()));
    }

    @Override
    public void onError(String sessionId, AVSessionException error) {
      if (!CastErrors.isIoError(error.code()) && error.code() / 1000 != 6611) {
        log.debug("not a cast error, not sent as an event: {}", error.getMessage());
        return;
      }
      events.execute(() -> toControllers(sessionId,
          event(sessionId).setError(ErrorMapping.toErrorInfo(error)).build()));
    }
  }

  @Override
  public void close() {
    sessionCheck.shutdownNow();
    if (caster != null) {
      caster.close();
    }
    events.execute(() -> {
      watchers.values().forEach(w -> {
        try {
          w.stream.onCompleted();
        } catch (RuntimeException alreadyClosed) {
          // Nothing to tell.
        }
      });
      watchers.clear();
    });
    events.shutdown();
  }
}
