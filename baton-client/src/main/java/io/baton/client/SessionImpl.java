package io.baton.client;

import io.baton.api.AVCallState;
import io.baton.api.AVControlCommand;
import io.baton.api.AVControlCommandType;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVQueueItem;
import io.baton.api.AVSession;
import io.baton.api.AVSessionController;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.AVSessionType;
import io.baton.api.CallMetadata;
import io.baton.api.ConnectionState;
import io.baton.api.Extras;
import io.baton.api.KeyEvent;
import io.baton.api.LoopMode;
import io.baton.api.Nullable;
import io.baton.api.OutputDeviceInfo;
import io.baton.protocol.ErrorMapping;
import io.baton.protocol.ProtoConverters;
import io.baton.protocol.v1.Ack;
import io.baton.protocol.v1.CommandRequest;
import io.baton.protocol.v1.CreateSessionRequest;
import io.baton.protocol.v1.CreateSessionResponse;
import io.baton.protocol.v1.LaunchInfo;
import io.baton.protocol.v1.LoopModes;
import io.baton.protocol.v1.PlaySpeeds;
import io.baton.protocol.v1.QueueItems;
import io.baton.protocol.v1.SessionEvent;
import io.baton.protocol.v1.SessionRef;
import io.baton.protocol.v1.StringList;
import io.baton.protocol.v1.UpdateSessionRequest;
import io.baton.protocol.v1.UpdateSessionResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session owned by this connection: sends the app's state to the daemon, runs the app's handlers for the commands
 * the daemon forwards, and keeps what it needs to re-create itself after a daemon restart.
 *
 * <h2>Commands</h2>
 * Handlers are kept per command type in registration order. The valid commands sent to the daemon are the types with
 * at least one handler, in the order they got their first one; they are sent again whenever that set changes (at
 * most one such update in flight, the latest set always sent last). A
 * {@code CommandRequest} runs on the callback executor: every handler of a control command's type (the first
 * failure is reported), the key-event handler, or the callbacks; then a {@code CommandResult} goes back on the
 * stream the request came from.
 *
 * <h2>Recovery</h2>
 * Every successful setter also updates the restorable state (metadata merged with {@link AVMetadata#mergeWith},
 * playback state overlaid with {@link AVPlaybackState#overlay}, the rest replaced). {@link #restore} re-creates the
 * session with the same tag and type on a new daemon, swaps in the new id and replays that state, activation last.
 *
 * <h2>Threading</h2>
 * Thread-safe. The lock guards the restorable state, the handler tables and the destroyed state. Valid-command and
 * key-handling updates are started while it is held (starting a call never runs application code). Handlers and
 * callbacks run on the callback executor, never under the lock. Setters are pipelined: the daemon applies concurrent
 * setters in the order it receives them (the order they were called, for one thread).
 */
/* package */ final class SessionImpl implements AVSession {
  private static final Logger logger = LoggerFactory.getLogger(SessionImpl.class);

  private final ManagerImpl manager;
  private final String tag;
  private final AVSessionType type;
  private final List<Callback> callbacks = new CopyOnWriteArrayList<>();
  private volatile String sessionId;
  private volatile OutputDeviceInfo outputDevice = OutputDeviceInfo.LOCAL;

  private final Object lock = new Object();
  // @GuardedBy("lock"): why the session can no longer be used (destroyed, or lost with the daemon); null while alive.
  private @Nullable String deadReason;
  // @GuardedBy("lock"): handlers per command type; key order is the order the types got their first handler.
  private final Map<AVControlCommandType, List<HandlerRegistration>> handlers = new LinkedHashMap<>();
  // @GuardedBy("lock")
  private @Nullable KeyHandlerRegistration keyHandler;
  private final LatestStateSender validCommandsSender =
      new LatestStateSender(() -> UpdateSessionRequest.newBuilder().setValidCommands(validCommandsLocked()));
  private final LatestStateSender keyHandlingSender =
      new LatestStateSender(() -> UpdateSessionRequest.newBuilder().setHandlesKeyEvents(keyHandler != null));
  // @GuardedBy("lock"): the restorable state; null means never set.
  private @Nullable AVMetadata metadata;
  private @Nullable AVPlaybackState playbackState;
  private @Nullable List<AVQueueItem> queueItems;
  private @Nullable String queueTitle;
  private @Nullable Map<String, Object> extras;
  private @Nullable String launchInfo;
  private @Nullable CallMetadata callMetadata;
  private @Nullable AVCallState callState;
  private @Nullable List<Double> supportedSpeeds;
  private @Nullable List<LoopMode> supportedLoopModes;
  private boolean active;

  /** A session the daemon created as {@code sessionId}. */
  /* package */ SessionImpl(ManagerImpl manager, String sessionId, String tag, AVSessionType type) {
    this.manager = manager;
    this.sessionId = sessionId;
    this.tag = tag;
    this.type = type;
  }

  @Override
  public String getSessionId() {
    return sessionId;
  }

  @Override
  public String getSessionTag() {
    return tag;
  }

  @Override
  public AVSessionType getSessionType() {
    return type;
  }

  @Override
  public CompletableFuture<Void> setAVMetadata(AVMetadata metadata) {
    Objects.requireNonNull(metadata, "metadata");
    return update(
        UpdateSessionRequest.newBuilder().setMetadata(ProtoConverters.toProto(metadata)),
        () -> this.metadata = this.metadata == null ? metadata : this.metadata.mergeWith(metadata));
  }

  @Override
  public CompletableFuture<Void> setAVPlaybackState(AVPlaybackState state) {
    Objects.requireNonNull(state, "state");
    return update(
        UpdateSessionRequest.newBuilder().setPlaybackState(ProtoConverters.toProto(state)),
        () -> playbackState = playbackState == null ? state : playbackState.overlay(state));
  }

  @Override
  public CompletableFuture<Void> setAVQueueItems(List<AVQueueItem> items) {
    List<AVQueueItem> copy = List.copyOf(items);
    return update(
        UpdateSessionRequest.newBuilder()
            .setQueueItems(QueueItems.newBuilder().addAllItems(ProtoConverters.queueItemsToProto(copy))),
        () -> queueItems = copy);
  }

  @Override
  public CompletableFuture<Void> setAVQueueTitle(String title) {
    Objects.requireNonNull(title, "title");
    return update(UpdateSessionRequest.newBuilder().setQueueTitle(title), () -> queueTitle = title);
  }

  @Override
  public CompletableFuture<Void> setExtras(Map<String, Object> extras) {
    Map<String, Object> copy = Extras.copyOf(extras);
    return update(
        UpdateSessionRequest.newBuilder().setExtras(ProtoConverters.extrasToStruct(copy)), () -> this.extras = copy);
  }

  @Override
  public CompletableFuture<Void> dispatchSessionEvent(String event, Map<String, Object> args) {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(args, "args");
    return update(
        UpdateSessionRequest.newBuilder()
            .setSessionEvent(
                SessionEvent.newBuilder().setEvent(event).setArgs(ProtoConverters.extrasToStruct(args))),
        () -> {});
  }

  @Override
  public CompletableFuture<Void> setLaunchInfo(String uri) {
    Objects.requireNonNull(uri, "uri");
    return update(
        UpdateSessionRequest.newBuilder().setLaunchInfo(LaunchInfo.newBuilder().setUri(uri)),
        () -> launchInfo = uri);
  }

  @Override
  public CompletableFuture<Void> setCallMetadata(CallMetadata metadata) {
    Objects.requireNonNull(metadata, "metadata");
    return update(
        UpdateSessionRequest.newBuilder().setCallMetadata(ProtoConverters.toProto(metadata)),
        () -> callMetadata = metadata);
  }

  @Override
  public CompletableFuture<Void> setAVCallState(AVCallState state) {
    Objects.requireNonNull(state, "state");
    return update(
        UpdateSessionRequest.newBuilder().setCallState(ProtoConverters.toProto(state)), () -> callState = state);
  }

  @Override
  public CompletableFuture<Void> setSupportedPlaySpeeds(List<Double> speeds) {
    List<Double> copy = List.copyOf(speeds);
    return update(
        UpdateSessionRequest.newBuilder().setSupportedSpeeds(PlaySpeeds.newBuilder().addAllSpeeds(copy)),
        () -> supportedSpeeds = copy);
  }

  @Override
  public CompletableFuture<Void> setSupportedLoopModes(List<LoopMode> modes) {
    List<LoopMode> copy = List.copyOf(modes);
    return update(
        UpdateSessionRequest.newBuilder().setSupportedLoopModes(loopModes(copy)), () -> supportedLoopModes = copy);
  }

  @Override
  public CompletableFuture<Void> activate() {
    return update(UpdateSessionRequest.newBuilder().setActive(true), () -> active = true);
  }

  @Override
  public CompletableFuture<Void> deactivate() {
    return update(UpdateSessionRequest.newBuilder().setActive(false), () -> active = false);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The session is dead locally at once, even if the daemon cannot be reached (the future then fails with
   * 6600101; a daemon that went away has destroyed the session anyway). A daemon that no longer knows the session
   * (6600102) counts as success.
   */
  @Override
  public CompletableFuture<Void> destroy() {
    manager.checkOpen();
    synchronized (lock) {
      if (deadReason != null) {
        return manager.dispatcher().failed(notExist());
      }
      deadReason = "session " + sessionId + " was destroyed";
    }
    manager.forgetSession(this);
    logger.debug("Destroying session {}", sessionId);
    return manager.deliver(
        manager
            .connection()
            .<Ack>call(
                (stub, responses) ->
                    stub.destroySession(SessionRef.newBuilder().setSessionId(sessionId).build(), responses))
            .handle(
                (ack, error) -> {
                  if (error != null) {
                    AVSessionException e = ErrorMapping.fromThrowable(error);
                    if (e.errorCode() != AVSessionErrorCode.SESSION_NOT_EXIST) {
                      throw new CompletionException(e);
                    }
                  }
                  return null;
                }));
  }

  @Override
  public CompletableFuture<AVSessionController> getController() {
    manager.checkOpen();
    AVSessionException dead = deadException();
    if (dead != null) {
      return manager.dispatcher().failed(dead);
    }
    return manager.deliver(manager.createControllerFor(this::getSessionId, this));
  }

  @Override
  public OutputDeviceInfo getOutputDevice() {
    return outputDevice;
  }

  @Override
  public CompletableFuture<Void> castAudio(String device) {
    return manager.getDeviceManager().moveSession(sessionId, device);
  }

  /**
   * {@inheritDoc}
   *
   * @throws AVSessionException 6600102 if the session was destroyed
   * @throws IllegalStateException if the manager is closed
   */
  @Override
  public Registration addCommandHandler(AVControlCommandType type, CommandHandler handler) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(handler, "handler");
    manager.checkOpen();
    synchronized (lock) {
      if (deadReason != null) {
        throw notExist();
      }
      List<HandlerRegistration> registrations = handlers.computeIfAbsent(type, t -> new ArrayList<>());
      HandlerRegistration registration = new HandlerRegistration(type, handler);
      registrations.add(registration);
      if (registrations.size() == 1) {
        validCommandsSender.changedLocked();
      }
      return registration;
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>A new handler replaces the previous one; closing the previous registration then has no effect.
   *
   * @throws AVSessionException 6600102 if the session was destroyed
   * @throws IllegalStateException if the manager is closed
   */
  @Override
  public Registration setKeyEventHandler(KeyEventHandler handler) {
    Objects.requireNonNull(handler, "handler");
    manager.checkOpen();
    synchronized (lock) {
      if (deadReason != null) {
        throw notExist();
      }
      boolean hadHandler = keyHandler != null;
      keyHandler = new KeyHandlerRegistration(handler);
      if (!hadHandler) {
        keyHandlingSender.changedLocked();
      }
      return keyHandler;
    }
  }

  /** {@inheritDoc} Adding a callback twice has no effect. */
  @Override
  public void addCallback(Callback callback) {
    Objects.requireNonNull(callback, "callback");
    if (!callbacks.contains(callback)) {
      callbacks.add(callback);
    }
  }

  @Override
  public void removeCallback(Callback callback) {
    Objects.requireNonNull(callback, "callback");
    callbacks.remove(callback);
  }

  // ---------------------------------------------------------------- For ManagerImpl

  /**
   * Runs {@code request} on the callback executor and answers it on {@code link}. Called on a gRPC thread.
   */
  /* package */ void onCommand(DaemonConnection.Link link, CommandRequest request) {
    manager
        .dispatcher()
        .execute(() -> ManagerImpl.sendCommandResult(link, request.getCommandId(), runCommand(request)));
  }

  /**
   * Re-creates this session on {@code link} (a new daemon) and replays its state. The future never fails: a transport
   * failure leaves the session for the next link to restore, any other failure marks it lost (6600102).
   */
  /* package */ CompletableFuture<Void> restore(DaemonConnection.Link link) {
    String oldId = sessionId;
    synchronized (lock) {
      if (deadReason != null) {
        return CompletableFuture.completedFuture(null);
      }
    }
    // restored_from lets other clients' controllers of the old id find the new session.
    CreateSessionRequest request = CreateSessionRequest.newBuilder()
        .setTag(tag)
        .setType(ProtoConverters.toProtoType(type))
        .setRestoredFrom(oldId)
        .build();
    return manager
        .connection()
        .<CreateSessionResponse>callOn(link, (stub, responses) -> stub.createSession(request, responses))
        .handle(
            (response, error) -> {
              if (error != null) {
                if (ErrorMapping.isTransportFailure(error) || !manager.connection().isCurrent(link)) {
                  logger.debug("Restoring session {} interrupted: {}", oldId, error.toString());
                } else {
                  AVSessionException e = ErrorMapping.fromThrowable(error);
                  logger.warn("Session {} ({}) could not be restored: {}", oldId, tag, e.getMessage());
                  markLost("the daemon restarted and the session could not be re-created: " + e.getMessage());
                  manager.forgetSession(this);
                }
                return CompletableFuture.<Void>completedFuture(null);
              }
              String newId = response.getSession().getSessionId();
              sessionId = newId;
              manager.routeSession(this, oldId, newId);
              return replay(link, newId)
                  .thenRun(
                      () -> {
                        logger.info("Session {} ({}) restored as {}", oldId, tag, newId);
                        manager.dispatchRecovery("onSessionRestored", l -> l.onSessionRestored(oldId, newId));
                      });
            })
        .thenCompose(future -> future);
  }

  /** Marks the session dead: every later call fails with 6600102, giving {@code reason}. No IPC. */
  /* package */ void markLost(String reason) {
    synchronized (lock) {
      if (deadReason == null) {
        deadReason = reason;
      }
    }
  }

  /** Whether the session was destroyed or lost. */
  /* package */ boolean isDead() {
    synchronized (lock) {
      return deadReason != null;
    }
  }

  @Override
  public String toString() {
    return "AVSession{" + sessionId + ", tag=" + tag + ", " + type + "}";
  }

  // ---------------------------------------------------------------- Internals

  /**
   * Sends one update; on success runs {@code onSuccess} under the lock to keep the restorable state. The session id is
   * read at each attempt, so that a call waiting through a daemon restart reaches the restored session.
   */
  private CompletableFuture<Void> update(UpdateSessionRequest.Builder update, Runnable onSuccess) {
    manager.checkOpen();
    AVSessionException dead = deadException();
    if (dead != null) {
      return manager.dispatcher().failed(dead);
    }
    UpdateSessionRequest template = update.build();
    return manager.deliver(
        manager
            .connection()
            .<UpdateSessionResponse>call(
                (stub, responses) ->
                    stub.updateSession(template.toBuilder().setSessionId(sessionId).build(), responses))
            .thenApply(
                response -> {
                  synchronized (lock) {
                    onSuccess.run();
                  }
                  return null;
                }));
  }

  // @GuardedBy("lock")
  private StringList validCommandsLocked() {
    StringList.Builder names = StringList.newBuilder();
    for (AVControlCommandType commandType : handlers.keySet()) {
      names.addValues(commandType.commandName());
    }
    return names.build();
  }

  /** The updates that rebuild this session's state on a new daemon, activation last. */
  private CompletableFuture<Void> replay(DaemonConnection.Link link, String newId) {
    List<UpdateSessionRequest.Builder> updates = new ArrayList<>();
    synchronized (lock) {
      if (metadata != null) {
        updates.add(UpdateSessionRequest.newBuilder().setMetadata(ProtoConverters.toProto(metadata)));
      }
      if (playbackState != null) {
        updates.add(UpdateSessionRequest.newBuilder().setPlaybackState(ProtoConverters.toProto(playbackState)));
      }
      if (queueItems != null) {
        updates.add(
            UpdateSessionRequest.newBuilder()
                .setQueueItems(QueueItems.newBuilder().addAllItems(ProtoConverters.queueItemsToProto(queueItems))));
      }
      if (queueTitle != null) {
        updates.add(UpdateSessionRequest.newBuilder().setQueueTitle(queueTitle));
      }
      if (extras != null) {
        updates.add(UpdateSessionRequest.newBuilder().setExtras(ProtoConverters.extrasToStruct(extras)));
      }
      if (launchInfo != null) {
        updates.add(UpdateSessionRequest.newBuilder().setLaunchInfo(LaunchInfo.newBuilder().setUri(launchInfo)));
      }
      if (callMetadata != null) {
        updates.add(UpdateSessionRequest.newBuilder().setCallMetadata(ProtoConverters.toProto(callMetadata)));
      }
      if (callState != null) {
        updates.add(UpdateSessionRequest.newBuilder().setCallState(ProtoConverters.toProto(callState)));
      }
      if (supportedSpeeds != null) {
        updates.add(
            UpdateSessionRequest.newBuilder()
                .setSupportedSpeeds(PlaySpeeds.newBuilder().addAllSpeeds(supportedSpeeds)));
      }
      if (supportedLoopModes != null) {
        updates.add(UpdateSessionRequest.newBuilder().setSupportedLoopModes(loopModes(supportedLoopModes)));
      }
      if (!handlers.isEmpty()) {
        updates.add(UpdateSessionRequest.newBuilder().setValidCommands(validCommandsLocked()));
      }
      if (keyHandler != null) {
        updates.add(UpdateSessionRequest.newBuilder().setHandlesKeyEvents(true));
      }
      if (active) {
        updates.add(UpdateSessionRequest.newBuilder().setActive(true));
      }
    }
    // One after the other, so that the daemon applies them in this order (activation last) whatever its threading.
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    for (UpdateSessionRequest.Builder update : updates) {
      UpdateSessionRequest request = update.setSessionId(newId).build();
      chain =
          chain.thenCompose(
              previous ->
                  manager
                      .connection()
                      .<UpdateSessionResponse>callOn(
                          link, (stub, responses) -> stub.updateSession(request, responses))
                      .handle(
                          (response, error) -> {
                            if (error != null && !ErrorMapping.isTransportFailure(error)) {
                              logger.warn(
                                  "Session {}: could not restore {}: {}",
                                  newId,
                                  request.getUpdateCase(),
                                  ErrorMapping.fromThrowable(error).getMessage());
                            }
                            return null;
                          }));
    }
    return chain;
  }

  /** Runs one command on the callback executor; the error to report, or null on success. */
  private @Nullable AVSessionException runCommand(CommandRequest request) {
    String deadNow;
    synchronized (lock) {
      deadNow = deadReason;
    }
    if (deadNow != null) {
      return AVSessionErrorCode.SESSION_NOT_EXIST.toException(deadNow);
    }
    try {
      switch (request.getKindCase()) {
        case CONTROL:
          AVControlCommand command = ProtoConverters.fromProto(request.getControl());
          List<CommandHandler> commandHandlers = handlersFor(command.command());
          if (commandHandlers.isEmpty()) {
            return AVSessionErrorCode.COMMAND_INVALID.toException(
                "no handler for " + command.command().commandName());
          }
          return runAll(commandHandlers, h -> h.onCommand(command), command.command().commandName());
        case COMMON:
          String name = request.getCommon().getCommand();
          Map<String, Object> args = ProtoConverters.structToExtras(request.getCommon().getArgs());
          return runAll(callbacks, c -> c.onCommonCommand(name, args), "common command " + name);
        case KEY_EVENT:
          KeyEvent event = ProtoConverters.fromProto(request.getKeyEvent());
          KeyEventHandler handler;
          synchronized (lock) {
            handler = keyHandler == null ? null : keyHandler.handler;
          }
          if (handler == null) {
            return AVSessionErrorCode.COMMAND_INVALID.toException("no key event handler");
          }
          return runAll(List.of(handler), h -> h.onKeyEvent(event), "key event");
        case SKIP_TO_QUEUE_ITEM:
          int itemId = request.getSkipToQueueItem();
          return runAll(callbacks, c -> c.onSkipToQueueItem(itemId), "skip to queue item");
        case OUTPUT_DEVICE_CHANGE:
          ConnectionState state =
              ProtoConverters.fromProtoConnectionState(request.getOutputDeviceChange().getState());
          OutputDeviceInfo device = ProtoConverters.fromProto(request.getOutputDeviceChange().getDevice());
          outputDevice = device;
          return runAll(callbacks, c -> c.onOutputDeviceChange(state, device), "output device change");
        default:
          return AVSessionErrorCode.COMMAND_INVALID.toException("empty command request");
      }
    } catch (IllegalArgumentException e) {
      logger.warn("Session {}: malformed command {}: {}", sessionId, request.getKindCase(), e.getMessage());
      return AVSessionErrorCode.INVALID_PARAMETER.toException("malformed command: " + e.getMessage());
    }
  }

  private List<CommandHandler> handlersFor(AVControlCommandType commandType) {
    synchronized (lock) {
      List<HandlerRegistration> registrations = handlers.get(commandType);
      List<CommandHandler> result = new ArrayList<>();
      if (registrations != null) {
        for (HandlerRegistration registration : registrations) {
          result.add(registration.handler);
        }
      }
      return result;
    }
  }

  /**
   * Calls every target in order; the first failure is reported (an {@link AVSessionException} keeps its code, any
   * other exception becomes 6600101 with its text), later targets still run.
   */
  private <H> @Nullable AVSessionException runAll(List<H> targets, Consumer<H> call, String what) {
    AVSessionException first = null;
    for (H target : targets) {
      try {
        call.accept(target);
      } catch (AVSessionException e) {
        logger.debug("Session {}: handler refused {}: {}", sessionId, what, e.getMessage());
        first = first == null ? e : first;
      } catch (RuntimeException e) {
        logger.warn("Session {}: handler for {} threw", sessionId, what, e);
        String text = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
        first = first == null ? new AVSessionException(AVSessionErrorCode.SERVICE_EXCEPTION, text, e) : first;
      }
    }
    return first;
  }

  private @Nullable AVSessionException deadException() {
    synchronized (lock) {
      return deadReason == null ? null : notExist();
    }
  }

  // Called with the lock held.
  private AVSessionException notExist() {
    return AVSessionErrorCode.SESSION_NOT_EXIST.toException(deadReason);
  }

  private static LoopModes.Builder loopModes(List<LoopMode> modes) {
    LoopModes.Builder builder = LoopModes.newBuilder();
    for (LoopMode mode : modes) {
      builder.addModes(ProtoConverters.toProtoLoopMode(mode));
    }
    return builder;
  }

  /**
   * Keeps the daemon's copy of one piece of state the SDK derives itself (the valid commands, whether the app handles
   * key events) equal to the latest local value: at most one update is in flight, and a change made meanwhile is sent
   * when it completes, so the last value always wins whatever order the daemon would process concurrent calls in.
   * Failures are logged; nobody waits for these updates.
   */
  private final class LatestStateSender {
    // Builds the update from the current state; called with the lock held.
    private final Supplier<UpdateSessionRequest.Builder> current;
    // @GuardedBy("SessionImpl.this.lock")
    private boolean inFlight;
    // @GuardedBy("SessionImpl.this.lock")
    private boolean changedSince;

    LatestStateSender(Supplier<UpdateSessionRequest.Builder> current) {
      this.current = current;
    }

    /** The state changed; call with the lock held. */
    void changedLocked() {
      if (inFlight) {
        changedSince = true;
      } else {
        sendLocked();
      }
    }

    // @GuardedBy("SessionImpl.this.lock")
    private void sendLocked() {
      if (deadReason != null || manager.isClosed()) {
        inFlight = false;
        return;
      }
      UpdateSessionRequest template = current.get().build();
      inFlight = true;
      changedSince = false;
      CompletableFuture<UpdateSessionResponse> call;
      try {
        call =
            manager
                .connection()
                .call(
                    (stub, responses) ->
                        stub.updateSession(template.toBuilder().setSessionId(sessionId).build(), responses));
      } catch (IllegalStateException e) {
        // The manager closed meanwhile: the daemon forgets the session anyway.
        inFlight = false;
        return;
      }
      call.whenComplete(
          (response, error) -> {
            if (error != null && !isDead()) {
              logger.warn(
                  "Session {}: could not update {}: {}",
                  sessionId,
                  template.getUpdateCase(),
                  CallbackDispatcher.unwrap(error).getMessage());
            }
            synchronized (lock) {
              if (changedSince) {
                sendLocked();
              } else {
                inFlight = false;
              }
            }
          });
    }
  }

  /** One command handler; closing it removes the handler, and the command when it was the last. */
  private final class HandlerRegistration implements Registration {
    private final AVControlCommandType commandType;
    private final CommandHandler handler;
    // @GuardedBy("SessionImpl.this.lock")
    private boolean removed;

    HandlerRegistration(AVControlCommandType commandType, CommandHandler handler) {
      this.commandType = commandType;
      this.handler = handler;
    }

    @Override
    public void close() {
      synchronized (lock) {
        if (removed) {
          return;
        }
        removed = true;
        List<HandlerRegistration> registrations = handlers.get(commandType);
        registrations.remove(this);
        if (registrations.isEmpty()) {
          handlers.remove(commandType);
          validCommandsSender.changedLocked();
        }
      }
    }
  }

  /** The key-event handler; closing it (while it is still the current one) hands key events back to the daemon. */
  private final class KeyHandlerRegistration implements Registration {
    private final KeyEventHandler handler;

    KeyHandlerRegistration(KeyEventHandler handler) {
      this.handler = handler;
    }

    @Override
    public void close() {
      synchronized (lock) {
        if (keyHandler != this) {
          return;
        }
        keyHandler = null;
        keyHandlingSender.changedLocked();
      }
    }
  }
}
