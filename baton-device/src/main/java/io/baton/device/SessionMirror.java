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
  // Sessions being followed (controller created or on its way), mirrored or not yet.
  private final Set<String> following = new HashSet<>();
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
    following.clear();
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

  /**
   * Follows a session of the device: a controller there, its full state fetched, then the mirror created (or, on a
   * new link epoch, refreshed) with that state, so it never shows up here empty; changes that arrive meanwhile are
   * applied after the state.
   */
  private void mirror(AVSessionDescriptor remote) {
    String id = remote.sessionId();
    AVSessionManager manager = peer;
    if (manager == null || following.contains(id)) {
      return;
    }
    following.add(id);
    manager.createController(id).whenCompleteAsync((controller, error) -> {
      if (peer != manager) {
        following.remove(id);
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
      Follower follower = new Follower(id, controller);
      controller.addListener(follower);
      // Controllers start with no change events (upstream's default): ask for every field, then read the state.
      CompletableFuture.allOf(controller.setMetadataFilter(EventFilter.ALL),
              controller.setPlaybackStateFilter(EventFilter.ALL), controller.setCallMetadataFilter(EventFilter.ALL),
              controller.setCallStateFilter(EventFilter.ALL))
          .thenCompose(v -> MirrorState.read(controller))
          .whenCompleteAsync((state, stateError) -> {
            if (controllers.get(id) != controller) {
              return;
            }
            if (stateError != null) {
              log.info("device {}: cannot read session {} ({})", deviceName, id, stateError.getMessage());
              forget(id);
              return;
            }
            if (!mirrored.contains(id)) {
              try {
                registry.createMirrorSession(this, remote.buildUpon().setRemote(true).setDeviceId(deviceId).build());
              } catch (AVSessionException e) {
                log.warn("device {}: cannot mirror session {}: {}", deviceName, id, e.getMessage());
                forget(id);
                return;
              }
              mirrored.add(id);
            }
            try {
              state.applyTo(registry, this, id, change -> update(id, change));
            } finally {
              follower.start(); // Whatever happened above, later changes must not wait forever.
            }
          }, executor);
    }, executor);
  }

  private void forget(String id) {
    following.remove(id);
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

  private void update(String id, Runnable change) {
    try {
      change.run();
    } catch (RuntimeException e) {
      // The device's own rules accepted it; ours differ only if versions differ. Keep the mirror, say why.
      log.warn("device {}: session {}: a change was refused here: {}", deviceName, id, e.toString());
    }
  }

  /** A remote session's whole state, read through a controller. */
  private record MirrorState(AVMetadata metadata, AVPlaybackState playbackState, List<String> validCommands,
      List<AVQueueItem> queueItems, String queueTitle, Map<String, Object> extras, List<Double> speeds,
      List<io.baton.api.LoopMode> loopModes, OutputDeviceInfo outputDevice, CallMetadata callMetadata,
      AVCallState callState, boolean active) {

    static CompletableFuture<MirrorState> read(AVSessionController c) {
      var metadata = c.getAVMetadata();
      var playbackState = c.getAVPlaybackState();
      var validCommands = c.getValidCommands();
      var queueItems = c.getAVQueueItems();
      var queueTitle = c.getAVQueueTitle();
      var extras = c.getExtras();
      var speeds = c.getSupportedPlaySpeeds();
      var loopModes = c.getSupportedLoopModes();
      var outputDevice = c.getOutputDevice();
      var callMetadata = c.getCallMetadata();
      var callState = c.getAVCallState();
      var active = c.isActive();
      return CompletableFuture.allOf(metadata, playbackState, validCommands, queueItems, queueTitle, extras, speeds,
              loopModes, outputDevice, callMetadata, callState, active)
          .thenApply(v -> new MirrorState(metadata.join(), playbackState.join(), validCommands.join(),
              queueItems.join(), queueTitle.join(), extras.join(), speeds.join(), loopModes.join(),
              outputDevice.join(), callMetadata.join(), callState.join(), active.join()));
    }

    /**
     * Sets every field on the mirror, each on its own, so one field our rules refuse cannot hold back the others; the
     * fields a session has before its app set them (which the setters would refuse as empty) are left as they are.
     */
    void applyTo(SessionRegistry registry, ClientHandle owner, String id, java.util.function.Consumer<Runnable> each) {
      if (metadata.assetId() != null && !metadata.assetId().isEmpty()) {
        each.accept(() -> registry.setMetadata(owner, id, metadata));
      }
      each.accept(() -> registry.setPlaybackState(owner, id, playbackState));
      each.accept(() -> registry.setValidCommands(owner, id, validCommands));
      each.accept(() -> registry.setQueueItems(owner, id, queueItems));
      each.accept(() -> registry.setQueueTitle(owner, id, queueTitle));
      each.accept(() -> registry.setExtras(owner, id, extras));
      each.accept(() -> registry.setSupportedSpeeds(owner, id, speeds));
      each.accept(() -> registry.setSupportedLoopModes(owner, id, loopModes));
      each.accept(() -> registry.setOutputDevice(owner, id, outputDevice));
      if (!callMetadata.equals(new CallMetadata("", "", null))) {
        each.accept(() -> registry.setCallMetadata(owner, id, callMetadata));
      }
      each.accept(() -> registry.setCallState(owner, id, callState));
      each.accept(() -> registry.setActive(owner, id, active));
    }
  }

  /** Applies the device's changes of one session to its mirror. */
  private final class Follower implements AVSessionController.Listener {
    private final String id;
    private final AVSessionController controller;
    // Changes that arrived before the state was read, applied after it.
    private List<Runnable> early = new java.util.ArrayList<>();

    Follower(String id, AVSessionController controller) {
      this.id = id;
      this.controller = controller;
    }

    void start() {
      List<Runnable> waiting = early;
      early = null;
      waiting.forEach(Runnable::run);
    }

    /** Whether this follower's controller is the session's current one; a change before the state waits. */
    private boolean current(Runnable change) {
      if (controllers.get(id) != controller) {
        return false;
      }
      if (early != null) {
        early.add(change);
        return false;
      }
      return true;
    }

    @Override
    public void onMetadataChange(AVMetadata metadata) {
      Runnable change = () -> update(id, () -> registry.setMetadata(SessionMirror.this, id, metadata));
      if (current(change)) {
        change.run();
      }
    }

    @Override
    public void onPlaybackStateChange(AVPlaybackState state) {
      Runnable change = () -> update(id, () -> registry.setPlaybackState(SessionMirror.this, id, state));
      if (current(change)) {
        change.run();
      }
    }

    @Override
    public void onActiveStateChange(boolean active) {
      Runnable change = () -> update(id, () -> registry.setActive(SessionMirror.this, id, active));
      if (current(change)) {
        change.run();
      }
    }

    @Override
    public void onValidCommandChange(List<String> commands) {
      Runnable change = () -> update(id, () -> registry.setValidCommands(SessionMirror.this, id, commands));
      if (current(change)) {
        change.run();
      }
    }

    @Override
    public void onSessionDestroy(AVSessionDescriptor descriptor) {
      Runnable change = () -> forget(id);
      if (current(change)) {
        change.run();
      }
    }

    @Override
    public void onSessionEvent(String event, Map<String, Object> args) {
      Runnable change = () -> update(id, () -> registry.dispatchSessionEvent(SessionMirror.this, id, event, args));
      if (current(change)) {
        change.run();
      }
    }

    @Override
    public void onQueueItemsChange(List<AVQueueItem> items) {
      Runnable change = () -> update(id, () -> registry.setQueueItems(SessionMirror.this, id, items));
      if (current(change)) {
        change.run();
      }
    }

    @Override
    public void onQueueTitleChange(String title) {
      Runnable change = () -> update(id, () -> registry.setQueueTitle(SessionMirror.this, id, title));
      if (current(change)) {
        change.run();
      }
    }

    @Override
    public void onExtrasChange(Map<String, Object> extras) {
      Runnable change = () -> update(id, () -> registry.setExtras(SessionMirror.this, id, extras));
      if (current(change)) {
        change.run();
      }
    }

    @Override
    public void onOutputDeviceChange(ConnectionState state, OutputDeviceInfo device) {
      Runnable change = () -> update(id, () -> registry.setOutputDevice(SessionMirror.this, id, device));
      if (current(change)) {
        change.run();
      }
    }

    @Override
    public void onCallMetadataChange(CallMetadata metadata) {
      Runnable change = () -> update(id, () -> registry.setCallMetadata(SessionMirror.this, id, metadata));
      if (current(change)) {
        change.run();
      }
    }

    @Override
    public void onCallStateChange(AVCallState state) {
      Runnable change = () -> update(id, () -> registry.setCallState(SessionMirror.this, id, state));
      if (current(change)) {
        change.run();
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
