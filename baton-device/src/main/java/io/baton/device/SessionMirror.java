package io.baton.device;

import io.baton.api.AVSessionController;
import io.baton.api.AVSessionDescriptor;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.AVSessionManager;
import io.baton.api.AVCallState;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVQueueItem;
import io.baton.api.CallMetadata;
import io.baton.api.ConnectionState;
import io.baton.api.EventFilter;
import io.baton.api.OutputDeviceInfo;
import io.baton.service.session.Caller;
import io.baton.service.session.ClientHandle;
import io.baton.service.session.CommandRequest;
import io.baton.service.session.ControllerEvent;
import io.baton.service.session.ManagerEvent;
import io.baton.service.session.SessionRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions of one paired device, mirrored into this daemon's registry: each remote session becomes a session here
 * with the same id, tag and type, whose descriptor names the remote app and device ({@code remote = true}). Local
 * controllers, key events, bridges and the web page drive it like any session; this object owns it, keeps it in step
 * through one controller per session on the device, and forwards its commands there — so the device's own rules
 * (valid commands, activation, rate limit) decide, and its errors come back unchanged.
 *
 * <p>The mirrors outlive a broken link for a grace period: while the link is down, a command fails at once with
 * 6600104; when it comes back, the list is re-synchronised (sessions the device no longer has disappear).
 *
 * <h2>Threading</h2>
 * Confined to the device executor: the SDK's callbacks run there, and commands hop there from the registry (which
 * calls {@link #offerCommand} under a session lock).
 */
final class SessionMirror implements ClientHandle {
  private static final Logger log = LoggerFactory.getLogger(SessionMirror.class);
  /** A forwarded command that gets no answer within this fails with 6600104 (the issue asks for 2 s at most). */
  static final Duration COMMAND_TIMEOUT = Duration.ofMillis(1500);

  private final String deviceId;
  private final String deviceName;
  private final SessionRegistry registry;
  private final Executor executor;
  private final Caller caller;
  // Executor-confined.
  private final Map<String, AVSessionController> controllers = new HashMap<>();
  private final Set<String> mirrored = new HashSet<>();
  private AVSessionManager peer;
  private AVSessionManager.Listener peerListener;
  private boolean closed;

  SessionMirror(String deviceId, String deviceName, SessionRegistry registry, Executor executor, int daemonUid) {
    this.deviceId = deviceId;
    this.deviceName = deviceName;
    this.registry = registry;
    this.executor = executor;
    this.caller = new Caller("device-" + deviceId, "baton.device." + deviceId, (int) ProcessHandle.current().pid(),
        daemonUid, true, deviceId);
    registry.clientConnected(this);
  }

  /** Whether a link epoch is attached (commands can be forwarded). */
  boolean attached() {
    return peer != null;
  }

  /** Ids of the sessions mirrored now. */
  Set<String> sessionIds() {
    return Set.copyOf(mirrored);
  }

  /** Starts a link epoch: mirrors what {@code manager} (connected to the device) lists, and follows its changes. */
  void attach(AVSessionManager manager) {
    if (closed) {
      manager.close();
      return;
    }
    detach();
    peer = manager;
    peerListener = new AVSessionManager.Listener() {
      @Override
      public void onSessionCreate(AVSessionDescriptor descriptor) {
        if (peer == manager && !descriptor.remote()) {
          mirror(descriptor);
        }
      }

      @Override
      public void onSessionDestroy(AVSessionDescriptor descriptor) {
        if (peer == manager) {
          forget(descriptor.sessionId());
        }
      }

      @Override
      public void onSessionServiceDie() {
        if (peer == manager) {
          log.info("device {} ({}): link lost", deviceName, deviceId);
          detach();
        }
      }
    };
    manager.addListener(peerListener);
    manager.getAllSessionDescriptors().whenCompleteAsync((list, error) -> {
      if (peer != manager) {
        return;
      }
      if (error != null) {
        log.info("device {}: cannot list its sessions ({})", deviceName, error.getMessage());
        detach();
        return;
      }
      Set<String> live = new HashSet<>();
      for (AVSessionDescriptor d : list) {
        if (!d.remote()) {
          live.add(d.sessionId());
          mirror(d);
        }
      }
      for (String id : Set.copyOf(mirrored)) {
        if (!live.contains(id)) {
          forget(id);
        }
      }
    }, executor);
  }

  /** Ends the link epoch: commands now fail with 6600104 until the next {@link #attach}. The mirrors stay. */
  void detach() {
    AVSessionManager old = peer;
    peer = null;
    controllers.clear();
    if (old != null) {
      old.close();
    }
  }

  /** Removes every mirror and forgets this device. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    detach();
    mirrored.clear();
    registry.clientDisconnected(this);
  }

  private void mirror(AVSessionDescriptor remote) {
    String id = remote.sessionId();
    if (!mirrored.contains(id)) {
      try {
        registry.createMirrorSession(this, remote.buildUpon().setRemote(true).setDeviceId(deviceId).build());
        mirrored.add(id);
      } catch (AVSessionException e) {
        log.warn("device {}: cannot mirror session {}: {}", deviceName, id, e.getMessage());
        return;
      }
    }
    AVSessionManager manager = peer;
    manager.createController(id).whenCompleteAsync((controller, error) -> {
      if (peer != manager || !mirrored.contains(id)) {
        if (controller != null) {
          controller.destroy();
        }
        return;
      }
      if (error != null) {
        log.info("device {}: session {} is gone ({})", deviceName, id, error.getMessage());
        forget(id);
        return;
      }
      controllers.put(id, controller);
      controller.addListener(new Follower(id, controller));
      // Controllers start with no change events (upstream's default): ask for every field, then copy the state.
      CompletableFuture.allOf(controller.setMetadataFilter(EventFilter.ALL),
              controller.setPlaybackStateFilter(EventFilter.ALL), controller.setCallMetadataFilter(EventFilter.ALL),
              controller.setCallStateFilter(EventFilter.ALL))
          .whenCompleteAsync((ok, filterError) -> {
            if (filterError != null) {
              log.info("device {}: cannot follow session {} ({})", deviceName, id, filterError.getMessage());
            }
            if (controllers.get(id) == controller) {
              copyState(id, controller);
            }
          }, executor);
    }, executor);
  }

  private void forget(String id) {
    AVSessionController controller = controllers.remove(id);
    if (controller != null) {
      controller.destroy();
    }
    if (mirrored.remove(id)) {
      try {
        registry.destroySession(this, id);
      } catch (AVSessionException e) {
        log.debug("mirror {} already gone: {}", id, e.getMessage());
      }
    }
  }

  /** Copies the whole state once; the listener (added first) applies every change after. */
  private void copyState(String id, AVSessionController c) {
    apply(id, c.getAVMetadata(), m -> registry.setMetadata(this, id, m));
    apply(id, c.getAVPlaybackState(), s -> registry.setPlaybackState(this, id, s));
    apply(id, c.getValidCommands(), v -> registry.setValidCommands(this, id, v));
    apply(id, c.getAVQueueItems(), q -> registry.setQueueItems(this, id, q));
    apply(id, c.getAVQueueTitle(), t -> registry.setQueueTitle(this, id, t));
    apply(id, c.getExtras(), e -> registry.setExtras(this, id, e));
    apply(id, c.getSupportedPlaySpeeds(), s -> registry.setSupportedSpeeds(this, id, s));
    apply(id, c.getSupportedLoopModes(), l -> registry.setSupportedLoopModes(this, id, l));
    apply(id, c.getOutputDevice(), o -> registry.setOutputDevice(this, id, o));
    apply(id, c.isActive(), a -> registry.setActive(this, id, a));
  }

  private <T> void apply(String id, CompletableFuture<T> value, java.util.function.Consumer<T> setter) {
    value.whenCompleteAsync((v, error) -> {
      if (error == null && mirrored.contains(id)) {
        update(id, () -> setter.accept(v));
      }
    }, executor);
  }

  private void update(String id, Runnable change) {
    try {
      change.run();
    } catch (RuntimeException e) {
      // The device's own rules accepted it; ours differ only if versions differ. Keep the mirror, say why.
      log.warn("device {}: session {}: a change was refused here: {}", deviceName, id, e.toString());
    }
  }

  /** Applies the device's changes of one session to its mirror. */
  private final class Follower implements AVSessionController.Listener {
    private final String id;
    private final AVSessionController controller;

    Follower(String id, AVSessionController controller) {
      this.id = id;
      this.controller = controller;
    }

    private boolean current() {
      return controllers.get(id) == controller;
    }

    @Override
    public void onMetadataChange(AVMetadata metadata) {
      if (current()) {
        update(id, () -> registry.setMetadata(SessionMirror.this, id, metadata));
      }
    }

    @Override
    public void onPlaybackStateChange(AVPlaybackState state) {
      if (current()) {
        update(id, () -> registry.setPlaybackState(SessionMirror.this, id, state));
      }
    }

    @Override
    public void onActiveStateChange(boolean active) {
      if (current()) {
        update(id, () -> registry.setActive(SessionMirror.this, id, active));
      }
    }

    @Override
    public void onValidCommandChange(List<String> commands) {
      if (current()) {
        update(id, () -> registry.setValidCommands(SessionMirror.this, id, commands));
      }
    }

    @Override
    public void onSessionDestroy(AVSessionDescriptor descriptor) {
      if (current()) {
        forget(id);
      }
    }

    @Override
    public void onSessionEvent(String event, Map<String, Object> args) {
      if (current()) {
        update(id, () -> registry.dispatchSessionEvent(SessionMirror.this, id, event, args));
      }
    }

    @Override
    public void onQueueItemsChange(List<AVQueueItem> items) {
      if (current()) {
        update(id, () -> registry.setQueueItems(SessionMirror.this, id, items));
      }
    }

    @Override
    public void onQueueTitleChange(String title) {
      if (current()) {
        update(id, () -> registry.setQueueTitle(SessionMirror.this, id, title));
      }
    }

    @Override
    public void onExtrasChange(Map<String, Object> extras) {
      if (current()) {
        update(id, () -> registry.setExtras(SessionMirror.this, id, extras));
      }
    }

    @Override
    public void onOutputDeviceChange(ConnectionState state, OutputDeviceInfo device) {
      if (current()) {
        update(id, () -> registry.setOutputDevice(SessionMirror.this, id, device));
      }
    }

    @Override
    public void onCallMetadataChange(CallMetadata metadata) {
      if (current()) {
        update(id, () -> registry.setCallMetadata(SessionMirror.this, id, metadata));
      }
    }

    @Override
    public void onCallStateChange(AVCallState state) {
      if (current()) {
        update(id, () -> registry.setCallState(SessionMirror.this, id, state));
      }
    }
  }

  // ------------------------------------------------------------------------------------------------ ClientHandle

  @Override
  public Caller caller() {
    return caller;
  }

  @Override
  public boolean offerCommand(CommandRequest request) {
    executor.execute(() -> forward(request));
    return true;
  }

  private void forward(CommandRequest request) {
    AVSessionController controller = controllers.get(request.sessionId());
    if (controller == null) {
      registry.commandResult(this, request.commandId(), linkDown());
      return;
    }
    CompletableFuture<Void> sent;
    if (request instanceof CommandRequest.Control c) {
      sent = controller.sendControlCommand(c.command());
    } else if (request instanceof CommandRequest.Common c) {
      sent = controller.sendCommonCommand(c.command(), c.args());
    } else if (request instanceof CommandRequest.Key k) {
      sent = controller.sendAVKeyEvent(k.event());
    } else if (request instanceof CommandRequest.SkipToQueueItem q) {
      sent = controller.skipToQueueItem(q.itemId());
    } else {
      // An output-device change: the mirror's output is the device's business; nothing to run here.
      sent = CompletableFuture.completedFuture(null);
    }
    sent.orTimeout(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).whenComplete((ok, error) ->
        registry.commandResult(this, request.commandId(), error == null ? null : remoteError(request, error)));
  }

  private AVSessionException linkDown() {
    return new AVSessionException(AVSessionErrorCode.REMOTE_CONNECTION_ERR,
        "the link to device " + deviceName + " (" + deviceId + ") is down");
  }

  /** What a controller here sees when the device failed a forwarded command. */
  private AVSessionException remoteError(CommandRequest request, Throwable error) {
    Throwable cause = error instanceof CompletionException || error instanceof ExecutionException
        ? error.getCause() : error;
    if (cause instanceof TimeoutException) {
      return new AVSessionException(AVSessionErrorCode.REMOTE_CONNECTION_ERR, "device " + deviceName
          + " did not answer within " + COMMAND_TIMEOUT.toMillis() + " ms");
    }
    AVSessionException e = AVSessionException.fromThrowable(cause);
    return switch (e.errorCode()) {
      case SERVICE_EXCEPTION -> new AVSessionException(AVSessionErrorCode.REMOTE_CONNECTION_ERR,
          "device " + deviceName + ": " + e.detail(), e);
      case SESSION_NOT_EXIST, CONTROLLER_NOT_EXIST -> new AVSessionException(
          AVSessionErrorCode.REMOTE_CONNECTION_NOT_EXIST,
          "device " + deviceName + " has no session " + request.sessionId(), e);
      default -> e;
    };
  }

  @Override
  public void offerControllerEvent(long[] controllerIds, ControllerEvent event) {
    // The mirror's owner has no controllers here.
  }

  @Override
  public void offerManagerEvent(ManagerEvent event) {}

  @Override
  public long droppedEvents() {
    return 0;
  }

  @Override
  public long coalescedEvents() {
    return 0;
  }

  @Override
  public int queuedEvents() {
    return 0;
  }

  @Override
  public String toString() {
    return "SessionMirror[" + deviceName + " " + deviceId + "]";
  }
}
