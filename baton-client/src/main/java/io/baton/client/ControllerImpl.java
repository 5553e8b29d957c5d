package io.baton.client;

import com.google.protobuf.Struct;
import io.baton.api.AVCallState;
import io.baton.api.AVControlCommand;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVQueueItem;
import io.baton.api.AVSessionController;
import io.baton.api.AVSessionDescriptor;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.CallMetadata;
import io.baton.api.ConnectionState;
import io.baton.api.EventFilter;
import io.baton.api.KeyEvent;
import io.baton.api.LoopMode;
import io.baton.api.Nullable;
import io.baton.api.OutputDeviceInfo;
import io.baton.protocol.ErrorMapping;
import io.baton.protocol.ProtoConverters;
import io.baton.protocol.v1.Ack;
import io.baton.protocol.v1.ControllerEvent;
import io.baton.protocol.v1.ControllerRef;
import io.baton.protocol.v1.ControllerRequest;
import io.baton.protocol.v1.CreateControllerRequest;
import io.baton.protocol.v1.CreateControllerResponse;
import io.baton.protocol.v1.EventFilterKind;
import io.baton.protocol.v1.ExtrasResponse;
import io.baton.protocol.v1.SendCommonCommandRequest;
import io.baton.protocol.v1.SendControlCommandRequest;
import io.baton.protocol.v1.SendKeyEventRequest;
import io.baton.protocol.v1.SessionState;
import io.baton.protocol.v1.SetEventFilterRequest;
import io.baton.protocol.v1.SkipToQueueItemRequest;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A controller created through this connection: reads a session's state, sends it commands and delivers its events.
 *
 * <h2>State</h2>
 * The controller caches the last playback state it saw (replaced by every {@code GetSessionState} reply, overlaid
 * with {@link AVPlaybackState#overlay} by every playback-state event) and the metadata (merged with
 * {@link AVMetadata#mergeWith}), so that {@link #getRealPlaybackPosition()} extrapolates without IPC.
 *
 * <h2>Lifecycle</h2>
 * After {@link #destroy()} every call fails locally with 6600103; after the session's destruction (the
 * {@code session_destroy} event, or a failed re-attach after a daemon restart), with 6600102. {@link #reattach}
 * re-creates the controller on a new daemon and re-applies its event filters.
 *
 * <h2>Threading</h2>
 * Thread-safe. Events arrive on gRPC threads, update the cache under the lock and are handed to the listeners on the
 * callback executor. The lock guards the cache, the filters and the destroyed state; no foreign code runs under it.
 */
/* package */ final class ControllerImpl implements AVSessionController {
  private static final Logger logger = LoggerFactory.getLogger(ControllerImpl.class);

  private final ManagerImpl manager;
  private final @Nullable SessionImpl ownSession;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private volatile String sessionId;
  private volatile long controllerId;

  private final Object lock = new Object();
  // @GuardedBy("lock")
  private boolean destroyed;
  // @GuardedBy("lock"): why the session is gone (calls fail with 6600102); null while it lives.
  private @Nullable String goneReason;
  // @GuardedBy("lock")
  private AVPlaybackState playbackState = AVPlaybackState.EMPTY;
  // @GuardedBy("lock")
  private AVMetadata metadata = AVMetadata.EMPTY;
  // @GuardedBy("lock"): the filters the daemon accepted, re-applied after a daemon restart.
  private final Map<EventFilterKind, EventFilter> filters = new EnumMap<>(EventFilterKind.class);

  /**
   * A controller the daemon created as {@code controllerId} for {@code sessionId}, with its initial state.
   * {@code ownSession} is the session when this connection owns it (the controller then follows its restored id).
   */
  /* package */ ControllerImpl(
      ManagerImpl manager,
      @Nullable SessionImpl ownSession,
      String sessionId,
      long controllerId,
      SessionState initialState) {
    this.manager = manager;
    this.ownSession = ownSession;
    this.sessionId = sessionId;
    this.controllerId = controllerId;
    cache(initialState);
  }

  /** The daemon's id of this controller (changes when it is re-attached after a restart). */
  /* package */ long controllerId() {
    return controllerId;
  }

  @Override
  public String getSessionId() {
    return sessionId;
  }

  @Override
  public CompletableFuture<AVMetadata> getAVMetadata() {
    return fromState(state -> ProtoConverters.fromProto(state.getMetadata()));
  }

  @Override
  public CompletableFuture<AVPlaybackState> getAVPlaybackState() {
    return fromState(state -> ProtoConverters.fromProto(state.getPlaybackState()));
  }

  @Override
  public CompletableFuture<List<AVQueueItem>> getAVQueueItems() {
    return fromState(state -> ProtoConverters.queueItemsFromProto(state.getQueueItemsList()));
  }

  @Override
  public CompletableFuture<String> getAVQueueTitle() {
    return fromState(SessionState::getQueueTitle);
  }

  @Override
  public CompletableFuture<List<String>> getValidCommands() {
    return fromState(state -> List.copyOf(state.getValidCommandsList()));
  }

  @Override
  public CompletableFuture<Boolean> isActive() {
    return fromState(state -> state.getSession().getIsActive());
  }

  /** {@inheritDoc} A session whose descriptor lists no device plays on {@link OutputDeviceInfo#LOCAL}. */
  @Override
  public CompletableFuture<OutputDeviceInfo> getOutputDevice() {
    return fromState(
        state ->
            state.getSession().getOutputDevice().getDevicesCount() == 0
                ? OutputDeviceInfo.LOCAL
                : ProtoConverters.fromProto(state.getSession().getOutputDevice()));
  }

  @Override
  public CompletableFuture<String> getLaunchInfo() {
    return fromState(state -> state.getLaunchInfo().getUri());
  }

  @Override
  public CompletableFuture<CallMetadata> getCallMetadata() {
    return fromState(state -> ProtoConverters.fromProto(state.getCallMetadata()));
  }

  @Override
  public CompletableFuture<AVCallState> getAVCallState() {
    return fromState(state -> ProtoConverters.fromProto(state.getCallState()));
  }

  @Override
  public CompletableFuture<List<Double>> getSupportedPlaySpeeds() {
    return fromState(state -> List.copyOf(state.getSupportedSpeedsList()));
  }

  @Override
  public CompletableFuture<List<LoopMode>> getSupportedLoopModes() {
    return fromState(
        state -> {
          List<LoopMode> modes = new ArrayList<>(state.getSupportedLoopModesCount());
          for (io.baton.protocol.v1.LoopMode mode : state.getSupportedLoopModesList()) {
            modes.add(ProtoConverters.fromProtoLoopMode(mode));
          }
          return List.copyOf(modes);
        });
  }

  @Override
  public CompletableFuture<Map<String, Object>> getExtras() {
    AVSessionException unusable = unusable();
    if (unusable != null) {
      return manager.dispatcher().failed(unusable);
    }
    return manager.deliver(
        manager
            .connection()
            .<ExtrasResponse>call((stub, responses) -> stub.getExtras(ref(), responses))
            .thenApply(response -> ProtoConverters.structToExtras(response.getExtras())));
  }

  @Override
  public CompletableFuture<AVSessionDescriptor> getDescriptor() {
    return fromState(state -> ProtoConverters.fromProto(state.getSession()));
  }

  /** {@inheritDoc} Works after destruction too, from the last state seen. */
  @Override
  public long getRealPlaybackPosition() {
    synchronized (lock) {
      Long durationMs = metadata.durationMs();
      return playbackState.extrapolatedPositionMs(System.currentTimeMillis(), durationMs == null ? 0 : durationMs);
    }
  }

  @Override
  public CompletableFuture<Void> sendControlCommand(AVControlCommand command) {
    Objects.requireNonNull(command, "command");
    io.baton.protocol.v1.ControlCommand proto = ProtoConverters.toProto(command);
    return streamed(
        id ->
            ControllerRequest.newBuilder()
                .setRequestId(id)
                .setSendControlCommand(
                    SendControlCommandRequest.newBuilder().setControllerId(controllerId).setCommand(proto))
                .build());
  }

  @Override
  public CompletableFuture<Void> sendCommonCommand(String command, Map<String, Object> args) {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(args, "args");
    Struct struct = ProtoConverters.extrasToStruct(args);
    return streamed(
        id ->
            ControllerRequest.newBuilder()
                .setRequestId(id)
                .setSendCommonCommand(
                    SendCommonCommandRequest.newBuilder()
                        .setControllerId(controllerId)
                        .setCommand(command)
                        .setArgs(struct))
                .build());
  }

  @Override
  public CompletableFuture<Void> sendAVKeyEvent(KeyEvent event) {
    Objects.requireNonNull(event, "event");
    io.baton.protocol.v1.KeyEvent proto = ProtoConverters.toProto(event);
    return streamed(
        id ->
            ControllerRequest.newBuilder()
                .setRequestId(id)
                .setSendKeyEvent(SendKeyEventRequest.newBuilder().setControllerId(controllerId).setKeyEvent(proto))
                .build());
  }

  @Override
  public CompletableFuture<Void> skipToQueueItem(int itemId) {
    return unary(
        (stub, responses) ->
            stub.skipToQueueItem(
                SkipToQueueItemRequest.newBuilder().setControllerId(controllerId).setItemId(itemId).build(),
                responses));
  }

  @Override
  public CompletableFuture<Void> setMetadataFilter(EventFilter filter) {
    return setFilter(EventFilterKind.EVENT_FILTER_KIND_METADATA, filter);
  }

  @Override
  public CompletableFuture<Void> setPlaybackStateFilter(EventFilter filter) {
    return setFilter(EventFilterKind.EVENT_FILTER_KIND_PLAYBACK_STATE, filter);
  }

  @Override
  public CompletableFuture<Void> setCallMetadataFilter(EventFilter filter) {
    return setFilter(EventFilterKind.EVENT_FILTER_KIND_CALL_METADATA, filter);
  }

  @Override
  public CompletableFuture<Void> setCallStateFilter(EventFilter filter) {
    return setFilter(EventFilterKind.EVENT_FILTER_KIND_CALL_STATE, filter);
  }

  /** {@inheritDoc} Adding a listener twice has no effect. */
  @Override
  public void addListener(Listener listener) {
    Objects.requireNonNull(listener, "listener");
    if (!listeners.contains(listener)) {
      listeners.add(listener);
    }
  }

  @Override
  public void removeListener(Listener listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.remove(listener);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The controller is dead locally at once. A daemon that no longer knows the controller or its session (6600103,
   * 6600102) counts as success.
   */
  @Override
  public CompletableFuture<Void> destroy() {
    synchronized (lock) {
      if (destroyed) {
        return manager.dispatcher().completed(null);
      }
    }
    manager.checkOpen();
    synchronized (lock) {
      if (destroyed) {
        return manager.dispatcher().completed(null);
      }
      destroyed = true;
    }
    manager.forgetController(this);
    logger.debug("Destroying controller {} of session {}", controllerId, sessionId);
    return manager.deliver(
        manager
            .connection()
            .<Ack>call((stub, responses) -> stub.destroyController(ref(), responses))
            .handle(
                (ack, error) -> {
                  if (error != null) {
                    AVSessionException e = ErrorMapping.fromThrowable(error);
                    if (e.errorCode() != AVSessionErrorCode.CONTROLLER_NOT_EXIST
                        && e.errorCode() != AVSessionErrorCode.SESSION_NOT_EXIST) {
                      throw new CompletionException(e);
                    }
                  }
                  return null;
                }));
  }

  @Override
  public String toString() {
    return "AVSessionController{" + controllerId + ", session=" + sessionId + "}";
  }

  // ---------------------------------------------------------------- For ManagerImpl

  /** An output device change, decoded. */
  private record OutputDeviceChange(ConnectionState state, OutputDeviceInfo device) {}

  /** A session event, decoded. */
  private record SessionEvent(String name, Map<String, Object> args) {}

  /**
   * Decodes an event's payload into API values, once per event however many controllers it is for (the values are
   * immutable, so the controllers can share them).
   *
   * @throws IllegalArgumentException if the event is malformed
   */
  /* package */ static @Nullable Object decode(ControllerEvent event) {
    switch (event.getKindCase()) {
      case METADATA_CHANGE:
        return ProtoConverters.fromProto(event.getMetadataChange());
      case PLAYBACK_STATE_CHANGE:
        return ProtoConverters.fromProto(event.getPlaybackStateChange());
      case ACTIVE_STATE_CHANGE:
        return event.getActiveStateChange();
      case VALID_COMMAND_CHANGE:
        return List.copyOf(event.getValidCommandChange().getValuesList());
      case SESSION_DESTROY:
        return ProtoConverters.fromProto(event.getSessionDestroy());
      case SESSION_EVENT:
        return new SessionEvent(event.getSessionEvent().getEvent(),
            ProtoConverters.structToExtras(event.getSessionEvent().getArgs()));
      case QUEUE_ITEMS_CHANGE:
        return ProtoConverters.queueItemsFromProto(event.getQueueItemsChange().getItemsList());
      case QUEUE_TITLE_CHANGE:
        return event.getQueueTitleChange();
      case EXTRAS_CHANGE:
        return ProtoConverters.structToExtras(event.getExtrasChange());
      case OUTPUT_DEVICE_CHANGE:
        return new OutputDeviceChange(
            ProtoConverters.fromProtoConnectionState(event.getOutputDeviceChange().getState()),
            ProtoConverters.fromProto(event.getOutputDeviceChange().getDevice()));
      case CALL_METADATA_CHANGE:
        return ProtoConverters.fromProto(event.getCallMetadataChange());
      case CALL_STATE_CHANGE:
        return ProtoConverters.fromProto(event.getCallStateChange());
      default:
        return null;
    }
  }

  /**
   * Handles an event for this controller, given its payload {@linkplain #decode decoded}. Called on a gRPC thread.
   */
  @SuppressWarnings("unchecked")
  /* package */ void onEvent(ControllerEvent.KindCase kind, @Nullable Object payload) {
    switch (kind) {
      case METADATA_CHANGE:
        AVMetadata changedMetadata = (AVMetadata) payload;
        synchronized (lock) {
          metadata = metadata.mergeWith(changedMetadata);
        }
        dispatch("onMetadataChange", l -> l.onMetadataChange(changedMetadata));
        break;
      case PLAYBACK_STATE_CHANGE:
        AVPlaybackState changedState = (AVPlaybackState) payload;
        synchronized (lock) {
          playbackState = playbackState.overlay(changedState);
        }
        dispatch("onPlaybackStateChange", l -> l.onPlaybackStateChange(changedState));
        break;
      case ACTIVE_STATE_CHANGE:
        boolean active = (Boolean) payload;
        dispatch("onActiveStateChange", l -> l.onActiveStateChange(active));
        break;
      case VALID_COMMAND_CHANGE:
        List<String> commands = (List<String>) payload;
        dispatch("onValidCommandChange", l -> l.onValidCommandChange(commands));
        break;
      case SESSION_DESTROY:
        AVSessionDescriptor descriptor = (AVSessionDescriptor) payload;
        markGone("session " + sessionId + " was destroyed");
        manager.forgetController(this);
        dispatch("onSessionDestroy", l -> l.onSessionDestroy(descriptor));
        break;
      case SESSION_EVENT:
        SessionEvent sessionEvent = (SessionEvent) payload;
        dispatch("onSessionEvent", l -> l.onSessionEvent(sessionEvent.name(), sessionEvent.args()));
        break;
      case QUEUE_ITEMS_CHANGE:
        List<AVQueueItem> items = (List<AVQueueItem>) payload;
        dispatch("onQueueItemsChange", l -> l.onQueueItemsChange(items));
        break;
      case QUEUE_TITLE_CHANGE:
        String title = (String) payload;
        dispatch("onQueueTitleChange", l -> l.onQueueTitleChange(title));
        break;
      case EXTRAS_CHANGE:
        Map<String, Object> extras = (Map<String, Object>) payload;
        dispatch("onExtrasChange", l -> l.onExtrasChange(extras));
        break;
      case OUTPUT_DEVICE_CHANGE:
        OutputDeviceChange change = (OutputDeviceChange) payload;
        dispatch("onOutputDeviceChange", l -> l.onOutputDeviceChange(change.state(), change.device()));
        break;
      case CALL_METADATA_CHANGE:
        CallMetadata callMetadata = (CallMetadata) payload;
        dispatch("onCallMetadataChange", l -> l.onCallMetadataChange(callMetadata));
        break;
      case CALL_STATE_CHANGE:
        AVCallState callState = (AVCallState) payload;
        dispatch("onCallStateChange", l -> l.onCallStateChange(callState));
        break;
      default:
        logger.debug("Controller {}: ignoring event {}", controllerId, kind);
    }
  }

  /**
   * Re-creates this controller on {@code link} (a new daemon) and re-applies its filters. A controller of its own
   * manager's session follows that session's new id; a controller of another client's session asks for the old id,
   * which the daemon resolves to the session that owner restored. The owner reconnects on its own schedule, so
   * "no such session" is retried for twice the retry timeout before the controller gives up. The future never fails:
   * a transport failure leaves the controller for the next link; a session that does not come back makes it fail
   * with 6600102 from now on.
   */
  /* package */ CompletableFuture<Void> reattach(DaemonConnection.Link link) {
    return reattach(link, System.nanoTime() + 2 * manager.connection().retryTimeout().toNanos());
  }

  private static final long REATTACH_RETRY_MS = 200;

  private CompletableFuture<Void> reattach(DaemonConnection.Link link, long deadlineNanos) {
    String oldSessionId = sessionId;
    synchronized (lock) {
      if (destroyed || goneReason != null) {
        return CompletableFuture.completedFuture(null);
      }
    }
    if (ownSession != null && ownSession.isDead()) {
      lose(oldSessionId, "its session was not restored after the daemon restarted");
      return CompletableFuture.completedFuture(null);
    }
    String requestedId = ownSession != null ? ownSession.getSessionId() : oldSessionId;
    CreateControllerRequest request = CreateControllerRequest.newBuilder().setSessionId(requestedId).build();
    return manager
        .connection()
        .<CreateControllerResponse>callOn(link, (stub, responses) -> stub.createController(request, responses))
        .handle(
            (response, error) -> {
              if (error != null) {
                AVSessionException e = ErrorMapping.fromThrowable(error);
                if (ErrorMapping.isTransportFailure(error) || !manager.connection().isCurrent(link)) {
                  logger.debug("Re-attaching controller of {} interrupted: {}", oldSessionId, error.toString());
                } else if (e.errorCode() == AVSessionErrorCode.SESSION_NOT_EXIST && ownSession == null
                    && System.nanoTime() < deadlineNanos) {
                  return CompletableFuture.supplyAsync(() -> null,
                          CompletableFuture.delayedExecutor(REATTACH_RETRY_MS, TimeUnit.MILLISECONDS))
                      .thenCompose(ignored -> reattach(link, deadlineNanos));
                } else {
                  lose(oldSessionId, e.getMessage());
                }
                return CompletableFuture.<Void>completedFuture(null);
              }
              String newSessionId = response.getState().getSession().getSessionId();
              controllerId = response.getControllerId();
              sessionId = newSessionId;
              cache(response.getState());
              manager.routeController(this);
              return reapplyFilters(link)
                  .thenRun(
                      () -> {
                        logger.info("Controller of session {} re-attached to {}", oldSessionId, newSessionId);
                        manager.dispatchRecovery(
                            "onControllerReattached", l -> l.onControllerReattached(oldSessionId, newSessionId));
                      });
            })
        .thenCompose(future -> future);
  }

  /** Marks the controller destroyed without IPC (its daemon went away and recovery is off): 6600103 from now on. */
  /* package */ void markLost(String reason) {
    synchronized (lock) {
      if (!destroyed) {
        logger.debug("Controller {} of session {} lost: {}", controllerId, sessionId, reason);
      }
      destroyed = true;
    }
  }

  // ---------------------------------------------------------------- Internals

  private ControllerRef ref() {
    return ControllerRef.newBuilder().setControllerId(controllerId).build();
  }

  /** 6600103 after destroy, 6600102 once the session is gone, otherwise null. */
  private @Nullable AVSessionException unusable() {
    manager.checkOpen();
    synchronized (lock) {
      if (destroyed) {
        return AVSessionErrorCode.CONTROLLER_NOT_EXIST.toException("controller was destroyed");
      }
      if (goneReason != null) {
        return AVSessionErrorCode.SESSION_NOT_EXIST.toException(goneReason);
      }
      return null;
    }
  }

  private <T> CompletableFuture<T> fromState(Function<SessionState, T> pick) {
    AVSessionException unusable = unusable();
    if (unusable != null) {
      return manager.dispatcher().failed(unusable);
    }
    return manager.deliver(
        manager
            .connection()
            .<SessionState>call((stub, responses) -> stub.getSessionState(ref(), responses))
            .thenApply(
                state -> {
                  cache(state);
                  return pick.apply(state);
                }));
  }

  /** A command sent on the Connect stream (the fast path; same rules and errors as the unary calls). */
  private CompletableFuture<Void> streamed(LongFunction<ControllerRequest> request) {
    AVSessionException unusable = unusable();
    if (unusable != null) {
      return manager.dispatcher().failed(unusable);
    }
    return manager.deliver(manager.connection().request(request));
  }

  private CompletableFuture<Void> unary(DaemonConnection.Rpc<Ack> rpc) {
    AVSessionException unusable = unusable();
    if (unusable != null) {
      return manager.dispatcher().failed(unusable);
    }
    return manager.deliver(manager.connection().call(rpc).<Void>thenApply(response -> null));
  }

  private CompletableFuture<Void> setFilter(EventFilterKind kind, EventFilter filter) {
    Objects.requireNonNull(filter, "filter");
    AVSessionException unusable = unusable();
    if (unusable != null) {
      return manager.dispatcher().failed(unusable);
    }
    return manager.deliver(
        manager
            .connection()
            .<Ack>call((stub, responses) -> stub.setEventFilter(filterRequest(kind, filter), responses))
            .thenApply(
                ack -> {
                  synchronized (lock) {
                    filters.put(kind, filter);
                  }
                  return null;
                }));
  }

  private SetEventFilterRequest filterRequest(EventFilterKind kind, EventFilter filter) {
    return SetEventFilterRequest.newBuilder()
        .setControllerId(controllerId)
        .setKind(kind)
        .setAll(filter.all())
        // Sorted, so that the request does not depend on the set's iteration order.
        .addAllKeys(new TreeSet<>(filter.keys()))
        .build();
  }

  private CompletableFuture<Void> reapplyFilters(DaemonConnection.Link link) {
    List<SetEventFilterRequest> requests = new ArrayList<>();
    synchronized (lock) {
      filters.forEach((kind, filter) -> requests.add(filterRequest(kind, filter)));
    }
    List<CompletableFuture<Ack>> calls = new ArrayList<>();
    for (SetEventFilterRequest request : requests) {
      calls.add(
          manager
              .connection()
              .<Ack>callOn(link, (stub, responses) -> stub.setEventFilter(request, responses))
              .whenComplete(
                  (ack, error) -> {
                    if (error != null && !ErrorMapping.isTransportFailure(error)) {
                      logger.warn(
                          "Controller {}: could not re-apply the {} filter: {}",
                          controllerId,
                          request.getKind(),
                          ErrorMapping.fromThrowable(error).getMessage());
                    }
                  }));
    }
    return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).handle((ignored, error) -> null);
  }

  private void cache(SessionState state) {
    try {
      AVPlaybackState newPlaybackState = ProtoConverters.fromProto(state.getPlaybackState());
      AVMetadata newMetadata = ProtoConverters.fromProto(state.getMetadata());
      synchronized (lock) {
        playbackState = newPlaybackState;
        metadata = newMetadata;
      }
    } catch (IllegalArgumentException e) {
      logger.warn("Controller {}: not caching a malformed state: {}", controllerId, e.getMessage());
    }
  }

  private void markGone(String reason) {
    synchronized (lock) {
      if (goneReason == null) {
        goneReason = reason;
      }
    }
  }

  private void lose(String oldSessionId, String reason) {
    logger.info("Controller of session {} lost after the daemon restarted: {}", oldSessionId, reason);
    markGone("session " + oldSessionId + " is gone: " + reason);
    manager.forgetController(this);
    manager.dispatchRecovery("onControllerLost", l -> l.onControllerLost(oldSessionId));
  }

  private void dispatch(String what, Consumer<Listener> event) {
    manager.dispatcher().dispatch(listeners, what, event);
  }
}
