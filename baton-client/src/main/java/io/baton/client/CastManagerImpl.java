package io.baton.client;

import io.baton.api.AVCastController;
import io.baton.api.AVCastManager;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.CastDevice;
import io.baton.api.OutputDeviceInfo;
import io.baton.protocol.CastConverters;
import io.baton.protocol.ProtoConverters;
import io.baton.protocol.v1.Ack;
import io.baton.protocol.v1.AddDeviceRequest;
import io.baton.protocol.v1.AddDeviceResponse;
import io.baton.protocol.v1.CastEvent;
import io.baton.protocol.v1.CastServiceGrpc;
import io.baton.protocol.v1.CastServiceGrpc.CastServiceStub;
import io.baton.protocol.v1.CastState;
import io.baton.protocol.v1.ListDevicesRequest;
import io.baton.protocol.v1.ListDevicesResponse;
import io.baton.protocol.v1.SessionRef;
import io.baton.protocol.v1.StartCastingRequest;
import io.baton.protocol.v1.StartDiscoveryRequest;
import io.baton.protocol.v1.StopDiscoveryRequest;
import io.baton.protocol.v1.WatchCastRequest;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SDK's {@link AVCastManager}: the cast service's calls on the manager's connection (with its client id header,
 * retries and 6600101 after the retry window), and this connection's one {@code WatchCast} stream, opened when first
 * needed and reopened after the daemon restarts, whose events go to listeners and cast controllers.
 *
 * <h2>Threading</h2>
 * Thread-safe. Futures complete and listeners run on the manager's callback executor; stream messages are routed on
 * gRPC threads without blocking.
 */
/* package */ final class CastManagerImpl implements AVCastManager {
  private static final Logger logger = LoggerFactory.getLogger(CastManagerImpl.class);
  private static final long REOPEN_DELAY_MS = 500;

  private final ManagerImpl manager;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, CastControllerImpl> controllers = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  // @GuardedBy("lock"): completes when the current WatchCast stream said it is ready; null while none is open.
  private CompletableFuture<Void> watching;

  /* package */ CastManagerImpl(ManagerImpl manager) {
    this.manager = manager;
  }

  /** Makes one cast-service call on the manager's ready link. */
  /* package */ <T> CompletableFuture<T> call(BiConsumer<CastServiceStub, StreamObserver<T>> rpc) {
    manager.checkOpen();
    return manager.connection().call((stub, responses) ->
        rpc.accept(CastServiceGrpc.newStub(stub.getChannel()), responses));
  }

  /* package */ ManagerImpl manager() {
    return manager;
  }

  // ---------------------------------------------------------------- the event stream

  /** The open (or opening) WatchCast stream: completes once the daemon said it is ready. */
  private CompletableFuture<Void> watch() {
    CompletableFuture<Void> ready;
    synchronized (lock) {
      if (watching != null && !watching.isCompletedExceptionally()) {
        return watching;
      }
      ready = new CompletableFuture<>();
      watching = ready;
    }
    open(ready);
    return ready;
  }

  private void open(CompletableFuture<Void> ready) {
    StreamObserver<CastEvent> events = new StreamObserver<>() {
      @Override
      public void onNext(CastEvent event) {
        if (event.getKindCase() == CastEvent.KindCase.READY) {
          ready.complete(null);
        } else {
          route(event);
        }
      }

      @Override
      public void onError(Throwable t) {
        ended(ready, t);
      }

      @Override
      public void onCompleted() {
        ended(ready, null);
      }
    };
    WatchCastRequest request = WatchCastRequest.getDefaultInstance();
    manager.connection()
        .<Void>call((stub, responses) -> {
          CastServiceGrpc.newStub(stub.getChannel()).watchCast(request, events);
          // The stream is started: the call itself is done (its events arrive on the observer above).
          responses.onCompleted();
        })
        .whenComplete((v, error) -> {
          if (error != null) {
            ended(ready, error);
          }
        });
  }

  private void ended(CompletableFuture<Void> ready, Throwable error) {
    if (!ready.isDone()) {
      ready.completeExceptionally(error != null ? error
          : new AVSessionException(AVSessionErrorCode.SERVICE_EXCEPTION, "cast event stream ended"));
    }
    synchronized (lock) {
      if (watching == ready) {
        watching = null;
      }
    }
    // The casts this connection controlled ended with that stream (daemon gone or restarted).
    for (CastControllerImpl controller : new ArrayList<>(controllers.values())) {
      controller.ended();
    }
    if (manager.isClosed() || (listeners.isEmpty() && controllers.isEmpty())) {
      return;
    }
    logger.debug("Cast event stream ended ({}); reopening", error == null ? "completed" : error.toString());
    CompletableFuture.delayedExecutor(REOPEN_DELAY_MS, TimeUnit.MILLISECONDS).execute(() -> {
      if (!manager.isClosed()) {
        watch();
      }
    });
  }

  private void route(CastEvent event) {
    switch (event.getKindCase()) {
      case DEVICE_AVAILABLE:
        CastDevice device = CastConverters.fromProto(event.getDeviceAvailable());
        notifyListeners(l -> l.onDeviceAvailable(device));
        break;
      case DEVICE_OFFLINE:
        String id = event.getDeviceOffline();
        notifyListeners(l -> l.onDeviceOffline(id));
        break;
      default:
        CastControllerImpl controller = controllers.get(event.getSessionId());
        if (controller != null) {
          controller.onEvent(event);
        }
        break;
    }
  }

  private void notifyListeners(Consumer<Listener> call) {
    manager.dispatcher().execute(() -> {
      for (Listener l : listeners) {
        try {
          call.accept(l);
        } catch (RuntimeException e) {
          logger.warn("Cast listener threw", e);
        }
      }
    });
  }

  /* package */ void forget(CastControllerImpl controller) {
    controllers.remove(controller.getSessionId(), controller);
  }

  // ---------------------------------------------------------------- AVCastManager

  @Override
  public CompletableFuture<Void> startCastDeviceDiscovery() {
    // Open the stream first, so that no device found by this discovery is missed.
    return manager.deliver(watch().thenCompose(v -> this.<Ack>call((stub, out) ->
        stub.startDiscovery(StartDiscoveryRequest.getDefaultInstance(), out))).thenApply(a -> null));
  }

  @Override
  public CompletableFuture<Void> stopCastDeviceDiscovery() {
    return manager.deliver(this.<Ack>call((stub, out) ->
        stub.stopDiscovery(StopDiscoveryRequest.getDefaultInstance(), out)).thenApply(a -> null));
  }

  @Override
  public CompletableFuture<List<CastDevice>> getCastDevices(Duration search) {
    Objects.requireNonNull(search, "search");
    ListDevicesRequest request = ListDevicesRequest.newBuilder()
        .setSearchMs((int) Math.min(Integer.MAX_VALUE, Math.max(0, search.toMillis()))).build();
    return manager.deliver(this.<ListDevicesResponse>call((stub, out) -> stub.listDevices(request, out))
        .thenApply(response -> {
          List<CastDevice> devices = new ArrayList<>();
          response.getDevicesList().forEach(d -> devices.add(CastConverters.fromProto(d)));
          return devices;
        }));
  }

  @Override
  public CompletableFuture<CastDevice> addCastDevice(String descriptionUrl) {
    Objects.requireNonNull(descriptionUrl, "descriptionUrl");
    AddDeviceRequest request = AddDeviceRequest.newBuilder().setDescriptionUrl(descriptionUrl).build();
    return manager.deliver(this.<AddDeviceResponse>call((stub, out) -> stub.addDevice(request, out))
        .thenApply(response -> CastConverters.fromProto(response.getDevice())));
  }

  @Override
  public CompletableFuture<Void> startCasting(String sessionId, OutputDeviceInfo device) {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(device, "device");
    StartCastingRequest request = StartCastingRequest.newBuilder()
        .setSessionId(sessionId).setDevice(ProtoConverters.toProto(device)).build();
    return manager.deliver(this.<Ack>call((stub, out) -> stub.startCasting(request, out)).thenApply(a -> null));
  }

  @Override
  public CompletableFuture<Void> stopCasting(String sessionId) {
    Objects.requireNonNull(sessionId, "sessionId");
    SessionRef request = SessionRef.newBuilder().setSessionId(sessionId).build();
    return manager.deliver(this.<Ack>call((stub, out) -> stub.stopCasting(request, out)).thenApply(a -> null));
  }

  @Override
  public CompletableFuture<AVCastController> getAVCastController(String sessionId) {
    Objects.requireNonNull(sessionId, "sessionId");
    CastControllerImpl existing = controllers.get(sessionId);
    if (existing != null && !existing.isReleased()) {
      return manager.dispatcher().completed(existing);
    }
    SessionRef request = SessionRef.newBuilder().setSessionId(sessionId).build();
    return manager.deliver(watch()
        .thenCompose(v -> this.<CastState>call((stub, out) -> stub.createCastController(request, out)))
        .thenApply(state -> {
          CastControllerImpl controller = controllers.compute(sessionId, (id, current) ->
              current != null && !current.isReleased() ? current : new CastControllerImpl(this, id));
          controller.update(state);
          return controller;
        }));
  }

  @Override
  public void addListener(Listener listener) {
    Objects.requireNonNull(listener, "listener");
    manager.checkOpen();
    if (!listeners.contains(listener)) {
      listeners.add(listener);
    }
    watch();
  }

  @Override
  public void removeListener(Listener listener) {
    listeners.remove(Objects.requireNonNull(listener, "listener"));
  }
}
