package io.baton.client;

import io.baton.api.AVCastManager;
import io.baton.api.AVControlCommand;
import io.baton.api.AVSession;
import io.baton.api.AVSessionController;
import io.baton.api.AVSessionDescriptor;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.AVSessionManager;
import io.baton.api.AVSessionType;
import io.baton.api.DeviceManager;
import io.baton.api.KeyEvent;
import io.baton.api.Nullable;
import io.baton.protocol.ErrorMapping;
import io.baton.protocol.ProtoConverters;
import io.baton.protocol.ProtocolConstants;
import io.baton.protocol.SocketPaths;
import io.baton.protocol.v1.Ack;
import io.baton.protocol.v1.ClientMessage;
import io.baton.protocol.v1.CommandRequest;
import io.baton.protocol.v1.CommandResult;
import io.baton.protocol.v1.ControllerEvent;
import io.baton.protocol.v1.CreateControllerRequest;
import io.baton.protocol.v1.CreateControllerResponse;
import io.baton.protocol.v1.CreateSessionRequest;
import io.baton.protocol.v1.CreateSessionResponse;
import io.baton.protocol.v1.DumpRequest;
import io.baton.protocol.v1.DumpResponse;
import io.baton.protocol.v1.GetHistoryRequest;
import io.baton.protocol.v1.ListSessionsRequest;
import io.baton.protocol.v1.ListSessionsResponse;
import io.baton.protocol.v1.ManagerEvent;
import io.baton.protocol.v1.ServerMessage;
import io.baton.protocol.v1.SessionDescriptor;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SDK's {@link AVSessionManager}: one connection to the daemon ({@link DaemonConnection}), the sessions and
 * controllers created through it, and the routing of what arrives on its {@code Connect} stream (commands to
 * {@link SessionImpl}, controller events to {@link ControllerImpl}, manager events to listeners).
 *
 * <h2>Lifecycle</h2>
 * {@link #connect} returns once the daemon has welcomed the client. When the stream breaks, listeners hear
 * {@link Listener#onSessionServiceDie()} once and the connection reconnects in the background. On the new stream,
 * with recovery on, every live session is re-created and its state replayed ({@link SessionImpl#restore}), then
 * every live controller is re-attached ({@link ControllerImpl#reattach}), and listeners hear
 * {@link Listener#onSessionServiceRestored()}; with recovery off, sessions and controllers are marked dead when the
 * stream breaks. {@link #close()} half-closes the stream (the daemon then destroys this client's sessions and
 * controllers), shuts the channel down and stops the default callback executor; later calls throw
 * {@link IllegalStateException}.
 *
 * <h2>Threading</h2>
 * Thread-safe. Futures complete and listeners run on the {@link CallbackDispatcher}, one at a time and in order;
 * never on gRPC or Netty threads (unless the application supplied a direct callback executor). Messages from the daemon are routed on gRPC threads without blocking. The lock
 * guards the session and controller tables only; no foreign code runs while it is held.
 */
/* package */ final class ManagerImpl implements AVSessionManager, DaemonConnection.Listener {
  private static final Logger logger = LoggerFactory.getLogger(ManagerImpl.class);

  /** {@link #connect} waits at least this long for the first {@code Welcome}, even with a shorter retry timeout. */
  /* package */ static final Duration MIN_CONNECT_WAIT = Duration.ofMillis(250);

  private final String appId;
  private final boolean recovery;
  private final CallbackDispatcher dispatcher;
  private final DaemonConnection connection;
  private final AtomicBoolean closed = new AtomicBoolean();
  // Set when the stream broke, cleared when listeners heard of the restoration: onSessionServiceDie fires once.
  private final AtomicBoolean serviceDown = new AtomicBoolean();

  private final Object lock = new Object();
  // @GuardedBy("lock"): own sessions not destroyed, in creation order (the order recovery re-creates them).
  private final Set<SessionImpl> sessions = new LinkedHashSet<>();
  // @GuardedBy("lock"): command routing, valid for the current link only.
  private final Map<String, SessionImpl> sessionsById = new HashMap<>();
  // @GuardedBy("lock"): controllers not destroyed, in creation order.
  private final Set<ControllerImpl> controllers = new LinkedHashSet<>();
  // @GuardedBy("lock"): controller-event routing, valid for the current link only (a new daemon reuses ids).
  private final Map<Long, ControllerImpl> controllersById = new HashMap<>();

  // Serializes listener changes with the subscribe messages they cause.
  private final Object listenersLock = new Object();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final List<RecoveryListener> recoveryListeners = new CopyOnWriteArrayList<>();

  private ManagerImpl(AVSessionManager.Builder builder, String appId, ManagedChannel channel, Runnable release) {
    this.appId = appId;
    this.recovery = builder.recovery();
    this.dispatcher = new CallbackDispatcher(builder.callbackExecutor());
    this.connection = new DaemonConnection(channel, release, appId, builder.retryTimeout(), this);
  }

  /**
   * Connects over the daemon's Unix domain socket ({@code builder}'s, else {@link SocketPaths#defaultSocket()}).
   *
   * @throws IllegalArgumentException if the app id does not match {@code [A-Za-z0-9._-]{1,128}}
   * @throws AVSessionException 6600101 if the daemon does not welcome the client within the retry timeout, or the
   *     platform has no epoll
   */
  /* package */ static ManagerImpl connect(AVSessionManager.Builder builder) {
    String appId = AppIds.resolve(builder.appId());
    Path socket = builder.socket() != null ? builder.socket() : SocketPaths.defaultSocket();
    if (!Epoll.isAvailable()) {
      throw new AVSessionException(
          AVSessionErrorCode.SERVICE_EXCEPTION,
          "Unix domain sockets need Netty's epoll transport (Linux x86_64 or aarch64)",
          Epoll.unavailabilityCause());
    }
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("baton-io", /* daemon= */ true), EpollIoHandler.newFactory());
    ManagedChannel channel;
    try {
      channel =
          NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
              .channelType(EpollDomainSocketChannel.class, DomainSocketAddress.class)
              .eventLoopGroup(group)
              // The default authority would be the socket path, which is not a valid authority.
              .overrideAuthority("localhost")
              .usePlaintext()
              // Callbacks only route and hand off to the callback executor: no thread hop needed.
              .directExecutor()
              .maxInboundMessageSize(ProtocolConstants.MAX_MESSAGE_BYTES)
              .build();
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw e;
    }
    return connect(
        builder,
        appId,
        channel,
        () -> group.shutdownGracefully(0, DaemonConnection.SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS),
        socket.toString());
  }

  /**
   * Connects over the channel {@code channels} supplies (called once), for tests on gRPC's in-process transport.
   * {@code releaseTransport} runs once the channel has terminated.
   *
   * @throws IllegalArgumentException if the app id does not match {@code [A-Za-z0-9._-]{1,128}}
   * @throws AVSessionException 6600101 if the daemon does not welcome the client within the retry timeout
   */
  /* package */ static ManagerImpl connect(
      AVSessionManager.Builder builder, Supplier<ManagedChannel> channels, Runnable releaseTransport) {
    String appId = AppIds.resolve(builder.appId());
    return connect(builder, appId, channels.get(), releaseTransport, "the supplied channel");
  }

  private static ManagerImpl connect(
      AVSessionManager.Builder builder, String appId, ManagedChannel channel, Runnable release, String target) {
    ManagerImpl manager = new ManagerImpl(builder, appId, channel, release);
    manager.connection.start();
    Duration retryTimeout = builder.retryTimeout();
    try {
      manager.connection.awaitFirstConnection(
          retryTimeout.compareTo(MIN_CONNECT_WAIT) < 0 ? MIN_CONNECT_WAIT : retryTimeout);
    } catch (AVSessionException e) {
      manager.close();
      logger.debug("Cannot connect to the daemon at {}: {}", target, e.getMessage());
      throw new AVSessionException(e.errorCode(), e.detail() + " at " + target, e);
    }
    logger.debug("Manager for app {} connected to {}", appId, target);
    return manager;
  }

  // ---------------------------------------------------------------- AVSessionManager

  @Override
  public String appId() {
    return appId;
  }

  @Override
  public CompletableFuture<AVSession> createSession(String tag, AVSessionType type) {
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(type, "type");
    checkOpen();
    CreateSessionRequest request =
        CreateSessionRequest.newBuilder().setTag(tag).setType(ProtoConverters.toProtoType(type)).build();
    return deliver(
        connection
            .<CreateSessionResponse>call((stub, responses) -> stub.createSession(request, responses))
            .thenApply(response -> addSession(new SessionImpl(this, response.getSession().getSessionId(), tag, type))));
  }

  @Override
  public CompletableFuture<AVSessionController> createController(String sessionId) {
    Objects.requireNonNull(sessionId, "sessionId");
    checkOpen();
    SessionImpl own;
    synchronized (lock) {
      own = sessionsById.get(sessionId);
    }
    return deliver(createControllerFor(own != null ? own::getSessionId : () -> sessionId, own));
  }

  @Override
  public CompletableFuture<List<AVSessionDescriptor>> getAllSessionDescriptors() {
    checkOpen();
    ListSessionsRequest request = ListSessionsRequest.getDefaultInstance();
    return deliver(
        connection
            .<ListSessionsResponse>call((stub, responses) -> stub.listSessions(request, responses))
            .thenApply(response -> descriptors(response.getSessionsList())));
  }

  @Override
  public CompletableFuture<List<AVSessionDescriptor>> getHistoricalSessionDescriptors(int maxSize) {
    checkOpen();
    GetHistoryRequest request = GetHistoryRequest.newBuilder().setMaxSize(maxSize).build();
    return deliver(
        connection
            .<ListSessionsResponse>call((stub, responses) -> stub.getHistory(request, responses))
            .thenApply(response -> descriptors(response.getSessionsList())));
  }

  @Override
  public CompletableFuture<Void> sendSystemAVKeyEvent(KeyEvent event) {
    Objects.requireNonNull(event, "event");
    checkOpen();
    io.baton.protocol.v1.KeyEvent request = ProtoConverters.toProto(event);
    return deliver(
        toVoid(connection.<Ack>call((stub, responses) -> stub.sendSystemKeyEvent(request, responses))));
  }

  @Override
  public CompletableFuture<Void> sendSystemControlCommand(AVControlCommand command) {
    Objects.requireNonNull(command, "command");
    checkOpen();
    io.baton.protocol.v1.ControlCommand request = ProtoConverters.toProto(command);
    return deliver(
        toVoid(connection.<Ack>call((stub, responses) -> stub.sendSystemControlCommand(request, responses))));
  }

  @Override
  public CompletableFuture<String> dump() {
    checkOpen();
    DumpRequest request = DumpRequest.getDefaultInstance();
    return deliver(
        connection
            .<DumpResponse>call((stub, responses) -> stub.dump(request, responses))
            .thenApply(DumpResponse::getJson));
  }

  // Created on first use; shares this manager's connection and callback executor.
  private volatile CastManagerImpl castManager;

  @Override
  public AVCastManager getCastManager() {
    checkOpen();
    CastManagerImpl cast = castManager;
    if (cast == null) {
      synchronized (lock) {
        if (castManager == null) {
          castManager = new CastManagerImpl(this);
        }
        cast = castManager;
      }
    }
    return cast;
  }

  // Created on first use; shares this manager's connection and callback executor.
  private volatile DeviceManagerImpl deviceManager;

  @Override
  public DeviceManager getDeviceManager() {
    checkOpen();
    DeviceManagerImpl devices = deviceManager;
    if (devices == null) {
      synchronized (lock) {
        if (deviceManager == null) {
          deviceManager = new DeviceManagerImpl(this);
        }
        devices = deviceManager;
      }
    }
    return devices;
  }

  @Override
  public CompletableFuture<List<AVSessionController>> getDistributedSessionControllers(
      @Nullable String deviceId) {
    checkOpen();
    return deliver(((DeviceManagerImpl) getDeviceManager()).connectedDeviceIds()
        .thenCompose(connected -> {
          if (deviceId != null ? !connected.contains(deviceId) : connected.isEmpty()) {
            throw new AVSessionException(AVSessionErrorCode.REMOTE_CONNECTION_NOT_EXIST, deviceId != null
                ? "no link to device " + deviceId : "no other device is connected");
          }
          ListSessionsRequest request = ListSessionsRequest.getDefaultInstance();
          return connection.<ListSessionsResponse>call((stub, out) -> stub.listSessions(request, out))
              .thenCompose(response -> {
                List<CompletableFuture<AVSessionController>> controllers = new ArrayList<>();
                for (AVSessionDescriptor d : descriptors(response.getSessionsList())) {
                  if (d.remote() && connected.contains(d.deviceId())
                      && (deviceId == null || deviceId.equals(d.deviceId()))) {
                    controllers.add(createControllerFor(d::sessionId, null));
                  }
                }
                return CompletableFuture.allOf(controllers.toArray(new CompletableFuture<?>[0]))
                    .thenApply(v -> controllers.stream().map(CompletableFuture::join).toList());
              });
        }));
  }

  /**
   * {@inheritDoc}
   *
   * <p>The first listener subscribes this connection to manager events; removing the last one unsubscribes it.
   * Adding a listener twice has no effect.
   */
  @Override
  public void addListener(Listener listener) {
    Objects.requireNonNull(listener, "listener");
    checkOpen();
    synchronized (listenersLock) {
      if (listeners.contains(listener)) {
        return;
      }
      listeners.add(listener);
      if (listeners.size() == 1) {
        // Not connected: onConnected subscribes when the link is up.
        connection.send(subscribe(true));
      }
    }
  }

  @Override
  public void removeListener(Listener listener) {
    Objects.requireNonNull(listener, "listener");
    synchronized (listenersLock) {
      if (listeners.remove(listener) && listeners.isEmpty() && !closed.get()) {
        connection.send(subscribe(false));
      }
    }
  }

  @Override
  public void addRecoveryListener(RecoveryListener listener) {
    Objects.requireNonNull(listener, "listener");
    checkOpen();
    if (!recoveryListeners.contains(listener)) {
      recoveryListeners.add(listener);
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    int sessionCount;
    int controllerCount;
    synchronized (lock) {
      sessionCount = sessions.size();
      controllerCount = controllers.size();
      sessions.clear();
      sessionsById.clear();
      controllers.clear();
      controllersById.clear();
    }
    logger.info(
        "Closing manager for app {} ({} sessions, {} controllers)", appId, sessionCount, controllerCount);
    // Half-closing the Connect stream makes the daemon destroy this client's sessions and controllers.
    connection.close();
    dispatcher.shutdown();
    logger.debug("Manager for app {} closed", appId);
  }

  // ---------------------------------------------------------------- DaemonConnection.Listener

  @Override
  public CompletableFuture<Void> onConnected(DaemonConnection.Link link, boolean reconnected) {
    synchronized (listenersLock) {
      if (!listeners.isEmpty()) {
        link.send(subscribe(true));
      }
    }
    if (!reconnected) {
      return CompletableFuture.completedFuture(null);
    }
    if (!recovery) {
      onServiceRestored(link, 0, 0);
      return CompletableFuture.completedFuture(null);
    }
    List<SessionImpl> toRestore;
    synchronized (lock) {
      toRestore = new ArrayList<>(sessions);
    }
    return CompletableFuture.allOf(toRestore.stream().map(s -> s.restore(link)).toArray(CompletableFuture[]::new))
        .thenCompose(
            restored -> {
              List<ControllerImpl> toReattach;
              synchronized (lock) {
                toReattach = new ArrayList<>(controllers);
              }
              return CompletableFuture.allOf(
                      toReattach.stream().map(c -> c.reattach(link)).toArray(CompletableFuture[]::new))
                  .thenRun(() -> onServiceRestored(link, toRestore.size(), toReattach.size()));
            });
  }

  @Override
  public void onServerMessage(DaemonConnection.Link link, ServerMessage message) {
    switch (message.getKindCase()) {
      case COMMAND:
        onCommand(link, message.getCommand());
        break;
      case CONTROLLER_EVENT:
        onControllerEvent(message.getControllerEvent());
        break;
      case MANAGER_EVENT:
        onManagerEvent(message.getManagerEvent());
        break;
      default:
        logger.debug("Ignoring server message {}", message.getKindCase());
    }
  }

  /** Delivers an event to each of its controllers, decoded once for all of them. */
  private void onControllerEvent(ControllerEvent event) {
    Object payload;
    try {
      payload = ControllerImpl.decode(event);
    } catch (IllegalArgumentException e) {
      logger.warn("Ignoring malformed {}: {}", event.getKindCase(), e.getMessage());
      return;
    }
    for (int i = 0, n = event.getControllerIdsCount(); i < n; i++) {
      long controllerId = event.getControllerIds(i);
      ControllerImpl controller;
      synchronized (lock) {
        controller = controllersById.get(controllerId);
      }
      if (controller != null) {
        controller.onEvent(event.getKindCase(), payload);
      } else {
        logger.debug("Ignoring {} for unknown controller {}", event.getKindCase(), controllerId);
      }
    }
  }

  @Override
  public void onDisconnected() {
    List<SessionImpl> lostSessions = List.of();
    List<ControllerImpl> lostControllers = List.of();
    synchronized (lock) {
      sessionsById.clear();
      controllersById.clear();
      if (!recovery) {
        lostSessions = new ArrayList<>(sessions);
        lostControllers = new ArrayList<>(controllers);
        sessions.clear();
        controllers.clear();
      }
    }
    lostSessions.forEach(s -> s.markLost("the daemon went away and recovery is off"));
    lostControllers.forEach(c -> c.markLost("the daemon went away and recovery is off"));
    if (serviceDown.compareAndSet(false, true)) {
      dispatcher.dispatch(listeners, "onSessionServiceDie", Listener::onSessionServiceDie);
    }
  }

  // ---------------------------------------------------------------- For SessionImpl and ControllerImpl

  /** The connection to the daemon. */
  /* package */ DaemonConnection connection() {
    return connection;
  }

  /** Where futures complete and callbacks run. */
  /* package */ CallbackDispatcher dispatcher() {
    return dispatcher;
  }

  /** @throws IllegalStateException if this manager is closed */
  /* package */ void checkOpen() {
    if (closed.get()) {
      throw closedException();
    }
  }

  /* package */ boolean isClosed() {
    return closed.get();
  }

  /** What every call after {@link #close()} throws. */
  /* package */ static IllegalStateException closedException() {
    return new IllegalStateException("manager is closed");
  }

  /**
   * A future for the application, completed on the callback executor with {@code internal}'s outcome. A failure that
   * is not already an {@link AVSessionException} (a malformed reply, say) becomes one through
   * {@link ErrorMapping#fromThrowable}.
   */
  /* package */ <T> CompletableFuture<T> deliver(CompletableFuture<T> internal) {
    return dispatcher.relay(
        internal.handle(
            (value, error) -> {
              if (error != null) {
                throw new CompletionException(ErrorMapping.fromThrowable(CallbackDispatcher.unwrap(error)));
              }
              return value;
            }));
  }

  /**
   * Creates a controller for the session {@code sessionId} names at each attempt; {@code own} is that session when
   * this manager owns it, so that the controller follows it through recovery. The future is internal (see
   * {@link #deliver}).
   */
  /* package */ CompletableFuture<AVSessionController> createControllerFor(
      Supplier<String> sessionId, @Nullable SessionImpl own) {
    return connection
        .<CreateControllerResponse>call(
            (stub, responses) ->
                stub.createController(
                    CreateControllerRequest.newBuilder().setSessionId(sessionId.get()).build(), responses))
        .thenApply(
            response -> {
              String attachedTo = response.getState().getSession().getSessionId();
              ControllerImpl controller =
                  new ControllerImpl(
                      this,
                      own,
                      attachedTo.isEmpty() ? sessionId.get() : attachedTo,
                      response.getControllerId(),
                      response.getState());
              synchronized (lock) {
                controllers.add(controller);
                controllersById.put(controller.controllerId(), controller);
              }
              logger.debug("Created controller {} for session {}", controller.controllerId(), controller.getSessionId());
              return controller;
            });
  }

  /** Stops routing commands to {@code session} and leaves it out of recovery (it was destroyed). */
  /* package */ void forgetSession(SessionImpl session) {
    synchronized (lock) {
      sessions.remove(session);
      sessionsById.remove(session.getSessionId(), session);
    }
  }

  /** Routes commands for {@code newId} to {@code session}, restored under that id, unless it was destroyed meanwhile. */
  /* package */ void routeSession(SessionImpl session, String oldId, String newId) {
    synchronized (lock) {
      sessionsById.remove(oldId, session);
      if (sessions.contains(session)) {
        sessionsById.put(newId, session);
      }
    }
  }

  /** Stops routing events to {@code controller} and leaves it out of recovery. */
  /* package */ void forgetController(ControllerImpl controller) {
    synchronized (lock) {
      controllers.remove(controller);
      controllersById.remove(controller.controllerId(), controller);
    }
  }

  /** Routes events for the controller's (new) id to it, unless it was destroyed meanwhile. */
  /* package */ void routeController(ControllerImpl controller) {
    synchronized (lock) {
      if (controllers.contains(controller)) {
        controllersById.put(controller.controllerId(), controller);
      }
    }
  }

  /** Tells the recovery listeners (as registered now) something, on the callback executor. */
  /* package */ void dispatchRecovery(String what, Consumer<RecoveryListener> event) {
    dispatcher.dispatch(recoveryListeners, what, event);
  }

  /** Answers the command {@code commandId} on {@code link}: success when {@code error} is null. */
  /* package */ static void sendCommandResult(
      DaemonConnection.Link link, long commandId, @Nullable AVSessionException error) {
    CommandResult.Builder result = CommandResult.newBuilder().setCommandId(commandId);
    if (error != null) {
      result.setError(ErrorMapping.toErrorInfo(error));
    }
    if (!link.send(ClientMessage.newBuilder().setCommandResult(result).build())) {
      logger.debug("Dropped the result of command {}: link {} has ended", commandId, link);
    }
  }

  // ---------------------------------------------------------------- Internals

  private SessionImpl addSession(SessionImpl session) {
    synchronized (lock) {
      sessions.add(session);
      sessionsById.put(session.getSessionId(), session);
    }
    logger.debug("Created session {} ({}, {})", session.getSessionId(), session.getSessionTag(), session.getSessionType());
    return session;
  }

  private void onCommand(DaemonConnection.Link link, CommandRequest request) {
    SessionImpl session;
    synchronized (lock) {
      session = sessionsById.get(request.getSessionId());
    }
    if (session == null) {
      logger.debug("Command {} for unknown session {}", request.getCommandId(), request.getSessionId());
      sendCommandResult(
          link,
          request.getCommandId(),
          AVSessionErrorCode.SESSION_NOT_EXIST.toException(
              "session " + request.getSessionId() + " is not owned by this client"));
      return;
    }
    session.onCommand(link, request);
  }

  private void onManagerEvent(ManagerEvent event) {
    AVSessionDescriptor descriptor;
    try {
      switch (event.getKindCase()) {
        case SESSION_CREATE:
          descriptor = ProtoConverters.fromProto(event.getSessionCreate());
          dispatcher.dispatch(listeners, "onSessionCreate", l -> l.onSessionCreate(descriptor));
          if (descriptor.remote()) {
            dispatcher.dispatch(listeners, "onRemoteSessionsChange",
                l -> l.onRemoteSessionsChange(descriptor.deviceId()));
          }
          break;
        case SESSION_DESTROY:
          descriptor = ProtoConverters.fromProto(event.getSessionDestroy());
          dispatcher.dispatch(listeners, "onSessionDestroy", l -> l.onSessionDestroy(descriptor));
          if (descriptor.remote()) {
            dispatcher.dispatch(listeners, "onRemoteSessionsChange",
                l -> l.onRemoteSessionsChange(descriptor.deviceId()));
          }
          break;
        case TOP_SESSION_CHANGE:
          descriptor = ProtoConverters.fromProto(event.getTopSessionChange());
          dispatcher.dispatch(listeners, "onTopSessionChange", l -> l.onTopSessionChange(descriptor));
          break;
        default:
          logger.debug("Ignoring manager event {}", event.getKindCase());
      }
    } catch (IllegalArgumentException e) {
      logger.warn("Ignoring malformed manager event {}: {}", event.getKindCase(), e.getMessage());
    }
  }

  private void onServiceRestored(DaemonConnection.Link link, int sessionCount, int controllerCount) {
    if (!connection.isCurrent(link)) {
      // The daemon went away again during recovery; the next link recovers again.
      return;
    }
    logger.info(
        "Session service restored: {} sessions and {} controllers recovered{}",
        sessionCount,
        controllerCount,
        recovery ? "" : " (recovery is off)");
    if (serviceDown.compareAndSet(true, false)) {
      dispatcher.dispatch(listeners, "onSessionServiceRestored", Listener::onSessionServiceRestored);
    }
  }

  private static ClientMessage subscribe(boolean subscribe) {
    return ClientMessage.newBuilder().setSubscribeManagerEvents(subscribe).build();
  }

  private static List<AVSessionDescriptor> descriptors(List<SessionDescriptor> protos) {
    List<AVSessionDescriptor> result = new ArrayList<>(protos.size());
    for (SessionDescriptor proto : protos) {
      result.add(ProtoConverters.fromProto(proto));
    }
    return List.copyOf(result);
  }

  private static <T> CompletableFuture<Void> toVoid(CompletableFuture<T> future) {
    return future.thenApply(ignored -> null);
  }

  @Override
  public String toString() {
    return "AVSessionManager{appId=" + appId + (closed.get() ? ", closed" : "") + "}";
  }
}
