package io.baton.service.session;

import io.baton.api.AVCallState;
import io.baton.api.AVControlCommand;
import io.baton.api.AVControlCommandType;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVQueueItem;
import io.baton.api.AVSessionDescriptor;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.AVSessionType;
import io.baton.api.CallMetadata;
import io.baton.api.CommandInfo;
import io.baton.api.EventFilter;
import io.baton.api.KeyEvent;
import io.baton.api.LoopMode;
import io.baton.api.OutputDeviceInfo;
import io.baton.api.PlaybackState;
import io.baton.service.AccessPolicy;
import io.baton.service.DaemonConfig;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session service's rules: sessions, controllers, commands, events, the top session, key routing and the rate
 * limit, for every client of one daemon.
 *
 * <h2>Threading</h2>
 * Thread-safe and non-blocking: methods are called on transport threads and never wait. A session's state changes
 * under that session's lock, and its events are queued to receivers' outboxes under the same lock, so each receiver
 * sees one session's events in order. Session creation and destruction, limits and the top-session election run
 * under {@link #registryLock}; the lock order is registry lock, then session lock.
 *
 * <h2>Errors</h2>
 * Methods throw {@link AVSessionException} (or fail the returned future with it) with the codes documented on
 * {@link io.baton.api.AVSessionController} and {@link io.baton.api.AVSession}.
 */
public final class SessionRegistry {
  private static final Logger log = LoggerFactory.getLogger(SessionRegistry.class);

  private final DaemonConfig config;
  private final LongSupplier nanoClock;
  private final LongSupplier wallClock;
  private final ScheduledExecutorService scheduler;
  private final HistoryRecorder history;
  private final RateLimiter rateLimiter;
  private final AccessPolicy access;
  private final SecureRandom random = new SecureRandom();

  private final Object registryLock = new Object();
  private final ConcurrentHashMap<String, SessionRecord> sessions = new ConcurrentHashMap<>();
  /** Old id (before a daemon restart) → the restored session, for controllers that re-attach by the old id. */
  private final ConcurrentHashMap<String, SessionRecord> restoredFrom = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, ControllerRecord> controllers = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ClientHandle, ClientState> clients = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, PendingCommand> pending = new ConcurrentHashMap<>();
  private final AtomicLong nextControllerId = new AtomicLong(1);
  private final AtomicLong nextCommandId = new AtomicLong(1);
  private final AtomicLong nextSequence = new AtomicLong();
  private final ScheduledFuture<?> sweeper;

  // Guarded by registryLock.
  private SessionRecord top;
  private ScheduledFuture<?> lingerCheck;
  private KeyClicks keyClicks;

  /** Per-client bookkeeping. Guarded by registryLock. */
  private static final class ClientState {
    final List<SessionRecord> sessions = new ArrayList<>();
    final Set<ControllerRecord> controllers = ConcurrentHashMap.newKeySet();
  }

  private record PendingCommand(CompletableFuture<Void> future, ClientHandle owner, String sessionId,
      long deadlineNanos) {}

  /** Headset-hook / play-pause presses being counted. */
  private static final class KeyClicks {
    int count;
    final List<CompletableFuture<Void>> futures = new ArrayList<>();
  }

  /**
   * A registry.
   *
   * @param nanoClock monotonic time (System::nanoTime), for windows and timeouts
   * @param wallClock wall time in ms (System::currentTimeMillis), for timestamps users see
   * @param scheduler runs delayed tasks (top-session linger, key-click windows, command timeouts); its tasks are
   *     short and non-blocking
   */
  public SessionRegistry(DaemonConfig config, LongSupplier nanoClock, LongSupplier wallClock,
      ScheduledExecutorService scheduler, HistoryRecorder history) {
    this(config, AccessPolicy.perUser(), nanoClock, wallClock, scheduler, history);
  }

  /** A registry enforcing {@code access} (see {@link AccessPolicy} for who may do what). */
  public SessionRegistry(DaemonConfig config, AccessPolicy access, LongSupplier nanoClock, LongSupplier wallClock,
      ScheduledExecutorService scheduler, HistoryRecorder history) {
    this.config = config;
    this.access = access;
    this.nanoClock = nanoClock;
    this.wallClock = wallClock;
    this.scheduler = scheduler;
    this.history = history;
    this.rateLimiter = new RateLimiter(config.commandsPerSecond(), nanoClock);
    long sweepMs = Math.max(10, Math.min(250, config.commandTimeout().toMillis() / 4));
    this.sweeper = scheduler.scheduleWithFixedDelay(this::expirePendingCommands, sweepMs, sweepMs,
        TimeUnit.MILLISECONDS);
  }

  // ------------------------------------------------------------------------------------------------ clients

  /** Registers a connected client. */
  public void clientConnected(ClientHandle client) {
    clients.put(client, new ClientState());
  }

  /**
   * Forgets a client whose connection ended: destroys its sessions (their controllers get sessionDestroy), releases
   * its controllers and fails commands waiting on its sessions.
   */
  public void clientDisconnected(ClientHandle client) {
    ClientState state = clients.remove(client);
    if (state == null) {
      return;
    }
    for (ControllerRecord c : state.controllers) {
      releaseController(c);
    }
    List<SessionRecord> owned;
    synchronized (registryLock) {
      owned = new ArrayList<>(state.sessions);
    }
    for (SessionRecord s : owned) {
      destroy(s);
    }
    pending.forEach((id, p) -> {
      if (p.owner() == client && pending.remove(id, p)) {
        p.future().completeExceptionally(new AVSessionException(AVSessionErrorCode.SESSION_NOT_EXIST,
            "session " + p.sessionId() + " was destroyed before its app answered"));
      }
    });
    RateLimiter.Key rateKey = rateKey(client.caller());
    if (clients.keySet().stream().noneMatch(c -> rateKey(c.caller()).equals(rateKey))) {
      rateLimiter.forget(rateKey);
    }
    log.debug("client {} ({}) gone: {} sessions destroyed, {} controllers released", client.caller().clientId(),
        client.caller().appId(), owned.size(), state.controllers.size());
  }

  private ClientState clientState(ClientHandle client) {
    ClientState state = clients.get(client);
    if (state == null) {
      throw new AVSessionException(AVSessionErrorCode.SERVICE_EXCEPTION, "client is not connected");
    }
    return state;
  }

  // ------------------------------------------------------------------------------------------------ sessions

  /**
   * Creates an inactive session owned by {@code owner}.
   *
   * @throws AVSessionException 401 for a bad tag; 6600101 when a session limit is reached
   */
  public AVSessionDescriptor createSession(ClientHandle owner, String tag, AVSessionType type) {
    return createSession(owner, tag, type, "");
  }

  /**
   * Creates an inactive session that an SDK restores after a daemon restart: controllers of other clients that
   * re-attach with {@code previousId} get this session.
   *
   * @throws AVSessionException 401 for a bad tag or previous id; 6600101 when a session limit is reached
   */
  public AVSessionDescriptor createSession(ClientHandle owner, String tag, AVSessionType type, String previousId) {
    Validation.checkTag(tag);
    if (!previousId.isEmpty() && !previousId.matches("[0-9A-F]{64}")) {
      throw Validation.invalid("restoredFrom", "must be a session id (64 upper-case hex characters)");
    }
    SessionRecord session;
    synchronized (registryLock) {
      ClientState state = clientState(owner);
      if (sessions.size() >= config.maxSessions()) {
        throw new AVSessionException(AVSessionErrorCode.SERVICE_EXCEPTION,
            "session limit reached: " + config.maxSessions() + " sessions in the daemon");
      }
      // Per app (process and app id), like the rate limit: a process hosting several apps (the daemon's bridges,
      // one app per imported player) gives each its own allowance.
      RateLimiter.Key app = rateKey(owner.caller());
      long ownedByApp = clients.entrySet().stream()
          .filter(e -> rateKey(e.getKey().caller()).equals(app))
          .mapToLong(e -> e.getValue().sessions.size())
          .sum();
      if (ownedByApp >= config.maxSessionsPerClient()) {
        throw new AVSessionException(AVSessionErrorCode.SERVICE_EXCEPTION, "session limit reached: "
            + config.maxSessionsPerClient() + " sessions per app (" + owner.caller().appId() + ", pid "
            + owner.caller().pid() + ")");
      }
      session = new SessionRecord(newSessionId(), type, tag, owner, wallClock.getAsLong(),
          nextSequence.getAndIncrement());
      sessions.put(session.id, session);
      state.sessions.add(session);
      // A live session's id is never an alias: that would let a client capture another's controllers.
      if (!previousId.isEmpty() && !sessions.containsKey(previousId)) {
        restoredFrom.put(previousId, session);
      }
    }
    AVSessionDescriptor descriptor = session.descriptor(false);
    broadcast(new ManagerEvent(ManagerEvent.Kind.SESSION_CREATE, descriptor));
    recordHistory(session);
    log.debug("session {} created by {} ({}, tag '{}')", session.id, owner.caller().appId(), type, tag);
    return descriptor;
  }

  /**
   * Creates, for a device link ({@code owner}), the mirror of a session that lives on another device: it keeps the
   * remote session's id, type and tag, and its descriptor names the remote app and device ({@code remote} must carry
   * a non-empty device id). Local controllers drive it like any session; its commands go to {@code owner}, which
   * forwards them to the device. Not counted against the per-app limit (the remote device enforces its own).
   *
   * @throws AVSessionException 401 for a bad descriptor; 6600101 when the daemon's session limit is reached or the id
   *     is already in use here
   */
  public AVSessionDescriptor createMirrorSession(ClientHandle owner, AVSessionDescriptor remote) {
    Validation.checkTag(remote.tag());
    if (!remote.sessionId().matches("[0-9A-F]{64}")) {
      throw Validation.invalid("sessionId", "must be a session id (64 upper-case hex characters)");
    }
    if (!remote.remote() || remote.deviceId().isEmpty()) {
      throw Validation.invalid("deviceId", "a mirrored session must name the device it lives on");
    }
    SessionRecord session;
    synchronized (registryLock) {
      ClientState state = clientState(owner);
      if (sessions.size() >= config.maxSessions()) {
        throw new AVSessionException(AVSessionErrorCode.SERVICE_EXCEPTION,
            "session limit reached: " + config.maxSessions() + " sessions in the daemon");
      }
      if (sessions.containsKey(remote.sessionId())) {
        throw new AVSessionException(AVSessionErrorCode.SERVICE_EXCEPTION,
            "session " + remote.sessionId() + " already exists on this device");
      }
      session = new SessionRecord(remote.sessionId(), remote.type(), remote.tag(), owner, remote.createdTimeMs(),
          nextSequence.getAndIncrement(), remote);
      sessions.put(session.id, session);
      state.sessions.add(session);
    }
    AVSessionDescriptor descriptor = session.descriptor(false);
    broadcast(new ManagerEvent(ManagerEvent.Kind.SESSION_CREATE, descriptor));
    log.debug("session {} of device {} mirrored", session.id, remote.deviceId());
    return descriptor;
  }

  private String newSessionId() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return HexFormat.of().withUpperCase().formatHex(bytes);
  }

  /** Destroys a session the caller owns. @throws AVSessionException 6600102, 201 (not the owner) */
  public void destroySession(ClientHandle owner, String sessionId) {
    destroy(ownedSession(owner, sessionId));
  }

  private void destroy(SessionRecord s) {
    List<ControllerRecord> attached;
    AVSessionDescriptor descriptor;
    boolean wasTop = isTop(s);
    synchronized (s) {
      if (s.destroyed) {
        return;
      }
      s.destroyed = true;
      s.active = false;
      descriptor = s.descriptor(wasTop);
      attached = s.controllersSnapshot();
      s.controllers.clear();
    }
    broadcast(new ManagerEvent(ManagerEvent.Kind.SESSION_DESTROY, descriptor));
    ControllerEvent event = ControllerEvent.sessionDestroy(descriptor);
    Fanout fanout = new Fanout();
    for (ControllerRecord c : attached) {
      fanout.add(c, event);
    }
    fanout.send();
    synchronized (registryLock) {
      if (top == s) {
        top = null;
        electTop();
      }
      sessions.remove(s.id);
      restoredFrom.values().remove(s);
      ClientState state = clients.get(s.owner);
      if (state != null) {
        state.sessions.remove(s);
      }
    }
    recordHistory(s);
    log.debug("session {} destroyed", s.id);
  }

  /**
   * The live session {@code sessionId} if {@code owner} owns it.
   *
   * @throws AVSessionException 6600102 when there is no such session, 201 when another client owns it
   */
  private SessionRecord ownedSession(ClientHandle owner, String sessionId) {
    SessionRecord s = sessions.get(sessionId);
    if (s == null || s.destroyed) {
      throw new AVSessionException(AVSessionErrorCode.SESSION_NOT_EXIST, "no session " + sessionId);
    }
    if (s.owner != owner) {
      Caller o = s.owner.caller();
      throw new AVSessionException(AVSessionErrorCode.PERMISSION_DENIED, "session " + sessionId + " belongs to "
          + o.appId() + " (pid " + o.pid() + "); only its owner may change or destroy it");
    }
    return s;
  }

  /** Sets metadata (upstream merge rule). @throws AVSessionException 401, 6600102, 201 (not the owner) */
  public void setMetadata(ClientHandle owner, String sessionId, AVMetadata update) {
    Validation.checkMetadata(update);
    SessionRecord s = ownedSession(owner, sessionId);
    synchronized (s) {
      AVMetadata before = s.metadata;
      AVMetadata after = before.mergeWith(update);
      s.metadata = after;
      s.lastSeenMs = wallClock.getAsLong();
      Map<EventFilter, ControllerEvent> byFilter = new HashMap<>();
      Fanout fanout = new Fanout();
      for (ControllerRecord c : s.controllers.values()) {
        ControllerEvent event = byFilter.computeIfAbsent(c.metadataFilter, f -> {
          AVMetadata delta = ChangeFilters.metadataDelta(f, before, after, update);
          return delta == null ? null : ControllerEvent.metadataChange(delta);
        });
        if (event != null) {
          fanout.add(c, event);
        }
      }
      fanout.send();
    }
    recordHistory(s);
  }

  /** Sets playback state (merged field by field). @throws AVSessionException 401, 6600102, 201 (not the owner) */
  public void setPlaybackState(ClientHandle owner, String sessionId, AVPlaybackState update) {
    Validation.checkPlaybackState(update);
    SessionRecord s = ownedSession(owner, sessionId);
    boolean startedPlaying;
    boolean stoppedPlaying;
    synchronized (s) {
      AVPlaybackState before = s.playbackState;
      AVPlaybackState after = before.overlay(update);
      s.playbackState = after;
      s.lastSeenMs = wallClock.getAsLong();
      startedPlaying = after.state() == PlaybackState.PLAY && before.state() != PlaybackState.PLAY;
      stoppedPlaying = before.state() == PlaybackState.PLAY && after.state() != PlaybackState.PLAY;
      if (startedPlaying) {
        s.playStartedNanos = nanoClock.getAsLong();
      } else if (stoppedPlaying) {
        s.playStoppedNanos = nanoClock.getAsLong();
      }
      Map<EventFilter, ControllerEvent> byFilter = new HashMap<>();
      Fanout fanout = new Fanout();
      for (ControllerRecord c : s.controllers.values()) {
        ControllerEvent event = byFilter.computeIfAbsent(c.playbackStateFilter, f -> {
          AVPlaybackState delta = ChangeFilters.playbackStateDelta(f, before, after, update);
          return delta == null ? null : ControllerEvent.playbackStateChange(delta);
        });
        if (event != null) {
          fanout.add(c, event);
        }
      }
      fanout.send();
    }
    if (startedPlaying || stoppedPlaying) {
      synchronized (registryLock) {
        electTop();
      }
    }
    recordHistory(s);
  }

  /** Replaces the queue. @throws AVSessionException 401, 6600102, 201 (not the owner) */
  public void setQueueItems(ClientHandle owner, String sessionId, List<AVQueueItem> items) {
    Validation.checkQueue(items);
    SessionRecord s = ownedSession(owner, sessionId);
    synchronized (s) {
      s.queueItems = List.copyOf(items);
      notifyAll(s, ControllerEvent.queueItemsChange(s.queueItems));
    }
  }

  /** Sets the queue title. @throws AVSessionException 401, 6600102, 201 (not the owner) */
  public void setQueueTitle(ClientHandle owner, String sessionId, String title) {
    Validation.checkString("queueTitle", title);
    SessionRecord s = ownedSession(owner, sessionId);
    synchronized (s) {
      s.queueTitle = title;
      notifyAll(s, ControllerEvent.queueTitleChange(title));
    }
  }

  /** Sets extras. @throws AVSessionException 401, 6600102, 201 (not the owner) */
  public void setExtras(ClientHandle owner, String sessionId, Map<String, Object> extras) {
    Validation.checkExtras("extras", extras);
    SessionRecord s = ownedSession(owner, sessionId);
    synchronized (s) {
      s.extras = extras;
      notifyAll(s, ControllerEvent.extrasChange(extras));
    }
  }

  /**
   * Sends a session event to the session's controllers. @throws AVSessionException 401, 6600102, 201 (not the owner)
   */
  public void dispatchSessionEvent(ClientHandle owner, String sessionId, String event, Map<String, Object> args) {
    Validation.checkName("sessionEvent.event", event);
    Validation.checkExtras("sessionEvent.args", args);
    SessionRecord s = ownedSession(owner, sessionId);
    synchronized (s) {
      notifyAll(s, ControllerEvent.sessionEvent(event, args));
    }
  }

  /** Sets launch information. @throws AVSessionException 401, 6600102, 201 (not the owner) */
  public void setLaunchInfo(ClientHandle owner, String sessionId, String uri) {
    Validation.checkString("launchInfo.uri", uri);
    SessionRecord s = ownedSession(owner, sessionId);
    synchronized (s) {
      s.launchInfo = uri;
    }
  }

  /** Sets call metadata. @throws AVSessionException 401, 6600102, 201 (not the owner) */
  public void setCallMetadata(ClientHandle owner, String sessionId, CallMetadata metadata) {
    Validation.checkCallMetadata(metadata);
    SessionRecord s = ownedSession(owner, sessionId);
    synchronized (s) {
      CallMetadata before = s.callMetadata;
      s.callMetadata = metadata;
      ControllerEvent event = ControllerEvent.callMetadataChange(metadata);
      Fanout fanout = new Fanout();
      for (ControllerRecord c : s.controllers.values()) {
        if (ChangeFilters.callMetadataPasses(c.callMetadataFilter, before, metadata)) {
          fanout.add(c, event);
        }
      }
      fanout.send();
    }
  }

  /** Sets call state. @throws AVSessionException 6600102, 201 (not the owner) */
  public void setCallState(ClientHandle owner, String sessionId, AVCallState state) {
    SessionRecord s = ownedSession(owner, sessionId);
    synchronized (s) {
      AVCallState before = s.callState;
      s.callState = state;
      ControllerEvent event = ControllerEvent.callStateChange(state);
      Fanout fanout = new Fanout();
      for (ControllerRecord c : s.controllers.values()) {
        if (ChangeFilters.callStatePasses(c.callStateFilter, before, state)) {
          fanout.add(c, event);
        }
      }
      fanout.send();
    }
  }

  /** Declares supported speeds (empty: any). @throws AVSessionException 401, 6600102, 201 (not the owner) */
  public void setSupportedSpeeds(ClientHandle owner, String sessionId, List<Double> speeds) {
    Validation.checkSpeeds(speeds);
    ownedSession(owner, sessionId).supportedSpeeds = List.copyOf(speeds);
  }

  /** Declares supported loop modes (empty: any). @throws AVSessionException 401, 6600102, 201 (not the owner) */
  public void setSupportedLoopModes(ClientHandle owner, String sessionId, List<LoopMode> modes) {
    Validation.checkLoopModes(modes);
    ownedSession(owner, sessionId).supportedLoopModes = List.copyOf(modes);
  }

  /**
   * Sets the valid commands (those the app has handlers for, in registration order; duplicates dropped).
   *
   * @throws AVSessionException 401 for an unknown command name, 6600102
   */
  public void setValidCommands(ClientHandle owner, String sessionId, List<String> commands) {
    List<String> distinct = new ArrayList<>();
    for (String name : commands) {
      try {
        AVControlCommandType.fromCommandName(name);
      } catch (IllegalArgumentException e) {
        throw Validation.invalid("validCommands", "unknown command '" + name + "'");
      }
      if (!distinct.contains(name)) {
        distinct.add(name);
      }
    }
    SessionRecord s = ownedSession(owner, sessionId);
    synchronized (s) {
      if (s.validCommands.equals(distinct)) {
        return;
      }
      s.validCommands = List.copyOf(distinct);
      notifyAll(s, ControllerEvent.validCommandChange(s.validCommands));
    }
  }

  /** Whether the app handles raw key events itself. @throws AVSessionException 6600102, 201 (not the owner) */
  public void setHandlesKeyEvents(ClientHandle owner, String sessionId, boolean handles) {
    ownedSession(owner, sessionId).handlesKeyEvents = handles;
  }

  /** Activates or deactivates a session. @throws AVSessionException 6600102, 201 (not the owner) */
  public void setActive(ClientHandle owner, String sessionId, boolean active) {
    SessionRecord s = ownedSession(owner, sessionId);
    synchronized (s) {
      if (s.active == active) {
        return;
      }
      s.active = active;
      if (active) {
        s.activatedNanos = nanoClock.getAsLong();
      }
      notifyAll(s, ControllerEvent.activeStateChange(active));
    }
    synchronized (registryLock) {
      electTop();
    }
  }

  /**
   * Sets the session's output device and tells its app and controllers.
   *
   * @throws AVSessionException 6600102
   */
  public void setOutputDevice(ClientHandle owner, String sessionId, OutputDeviceInfo device) {
    SessionRecord s = ownedSession(owner, sessionId);
    synchronized (s) {
      s.outputDevice = device;
      notifyAll(s, ControllerEvent.outputDeviceChange(io.baton.api.ConnectionState.CONNECTED, device));
    }
  }

  private static void notifyAll(SessionRecord s, ControllerEvent event) {
    Fanout.toAll(s, event);
  }

  private void recordHistory(SessionRecord s) {
    if (s.origin != null || s.owner.caller().remote()) {
      return; // Another device's session: its own device keeps its history.
    }
    history.record(new HistoryRecorder.HistoryEntry(s.id, s.owner.caller().appId(), s.tag, s.type,
        s.metadata.buildUpon().setMediaImage(null).setAvQueueImage(null).build(), s.playbackState, s.lastSeenMs));
  }

  // ------------------------------------------------------------------------------------------------ casting

  /**
   * The session {@code sessionId} now, as a controller would read it; for services that act on any session (casting)
   * rather than through a controller.
   *
   * @throws AVSessionException 401 for an empty id, 6600102 for no such session
   */
  public SessionSnapshot sessionSnapshot(String sessionId) {
    if (sessionId == null || sessionId.isEmpty()) {
      throw Validation.invalid("sessionId", "must not be empty");
    }
    SessionRecord s = sessions.get(sessionId);
    if (s == null || s.destroyed) {
      throw new AVSessionException(AVSessionErrorCode.SESSION_NOT_EXIST, "no session " + sessionId);
    }
    return snapshot(s);
  }

  /** The connected client whose connection has this id, if any. */
  public java.util.Optional<ClientHandle> findClient(String clientId) {
    return clients.keySet().stream().filter(c -> c.caller().clientId().equals(clientId)).findFirst();
  }

  /**
   * A cast changed where the session plays (upstream's {@code OnCastStateChange}): the session's output device becomes
   * {@code device} ({@link OutputDeviceInfo#LOCAL} once {@link io.baton.api.ConnectionState#DISCONNECTED}), its
   * controllers get {@code outputDeviceChange(state, device)} and its app gets the same through a command request
   * whose answer nobody waits for. A destroyed session is ignored.
   */
  public void castStateChanged(String sessionId, io.baton.api.ConnectionState state, OutputDeviceInfo device) {
    SessionRecord s = sessions.get(sessionId);
    if (s == null || s.destroyed) {
      return;
    }
    synchronized (s) {
      if (state == io.baton.api.ConnectionState.CONNECTED) {
        s.outputDevice = device;
      } else if (state == io.baton.api.ConnectionState.DISCONNECTED) {
        s.outputDevice = OutputDeviceInfo.LOCAL;
      }
      notifyAll(s, ControllerEvent.outputDeviceChange(state, device));
    }
    try {
      dispatch(s, id -> new CommandRequest.OutputDeviceChange(id, s.id, state, device))
          .whenComplete((ok, error) -> {
            if (error != null) {
              log.debug("session {}: app did not take the output device change: {}", s.id, error.getMessage());
            }
          });
    } catch (AVSessionException e) {
      log.debug("session {}: cannot tell the app about the output device change: {}", s.id, e.getMessage());
    }
  }

  // ------------------------------------------------------------------------------------------------ controllers

  /** A controller and what its session looks like now. */
  public record ControllerHandle(long controllerId, SessionSnapshot snapshot) {}

  /**
   * Creates a controller of {@code sessionId} owned by {@code client}.
   *
   * @throws AVSessionException 401 for an empty id, 6600102 for no such session, 201 for another app's session when
   *     the caller does not hold the grant
   */
  public ControllerHandle createController(ClientHandle client, String sessionId) {
    if (sessionId == null || sessionId.isEmpty()) {
      throw Validation.invalid("sessionId", "must not be empty");
    }
    SessionRecord s = sessions.get(sessionId);
    if (s == null) {
      s = restoredFrom.get(sessionId);
    }
    if (s == null || s.destroyed) {
      throw new AVSessionException(AVSessionErrorCode.SESSION_NOT_EXIST, "no session " + sessionId);
    }
    Caller caller = client.caller();
    Caller owner = s.owner.caller();
    boolean ownApp = caller.uid() == owner.uid() && caller.appId().equals(owner.appId());
    if (!ownApp && !access.isGranted(caller.uid(), caller.daemonUser())) {
      throw new AVSessionException(AVSessionErrorCode.PERMISSION_DENIED, "controlling another app's session ("
          + owner.appId() + ", uid " + owner.uid() + ") needs the grant (access.grantedUids); uid " + caller.uid()
          + " does not hold it");
    }
    ClientState state = clientState(client);
    ControllerRecord c = new ControllerRecord(nextControllerId.getAndIncrement(), client, s);
    synchronized (s) {
      if (s.destroyed) {
        throw new AVSessionException(AVSessionErrorCode.SESSION_NOT_EXIST, "no session " + sessionId);
      }
      s.controllers.put(c.id, c);
    }
    controllers.put(c.id, c);
    state.controllers.add(c);
    return new ControllerHandle(c.id, snapshot(s));
  }

  /** Releases a controller (never its session). @throws AVSessionException 6600103 */
  public void destroyController(ClientHandle client, long controllerId) {
    ControllerRecord c = controllerOf(client, controllerId);
    releaseController(c);
    ClientState state = clients.get(client);
    if (state != null) {
      state.controllers.remove(c);
    }
  }

  private void releaseController(ControllerRecord c) {
    c.destroyed = true;
    controllers.remove(c.id);
    synchronized (c.session) {
      c.session.controllers.remove(c.id);
    }
  }

  private ControllerRecord controllerOf(ClientHandle client, long controllerId) {
    ControllerRecord c = controllers.get(controllerId);
    if (c == null || c.destroyed || c.owner != client) {
      throw new AVSessionException(AVSessionErrorCode.CONTROLLER_NOT_EXIST, "no controller " + controllerId);
    }
    return c;
  }

  private static SessionRecord liveSession(ControllerRecord c) {
    SessionRecord s = c.session;
    if (s.destroyed) {
      throw new AVSessionException(AVSessionErrorCode.SESSION_NOT_EXIST, "session " + s.id + " was destroyed");
    }
    return s;
  }

  /** Everything the controller can read. @throws AVSessionException 6600103, 6600102 */
  public SessionSnapshot getState(ClientHandle client, long controllerId) {
    return snapshot(liveSession(controllerOf(client, controllerId)));
  }

  private SessionSnapshot snapshot(SessionRecord s) {
    boolean isTop = isTop(s);
    synchronized (s) {
      return new SessionSnapshot(s.descriptor(isTop), s.metadata, s.playbackState, s.queueItems, s.queueTitle,
          s.validCommands, s.launchInfo, s.callMetadata, s.callState, s.supportedSpeeds, s.supportedLoopModes);
    }
  }

  /** The session's extras; rate-limited like upstream. @throws AVSessionException 6600103, 6600102, 6600107 */
  public Map<String, Object> getExtras(ClientHandle client, long controllerId) {
    SessionRecord s = liveSession(controllerOf(client, controllerId));
    acquireRate(client);
    synchronized (s) {
      return s.extras;
    }
  }

  /** Which change events of one kind a controller receives. */
  public enum FilterKind {
    METADATA,
    PLAYBACK_STATE,
    CALL_METADATA,
    CALL_STATE
  }

  /** Replaces a controller's filter for one kind of change event. @throws AVSessionException 6600103 */
  public void setFilter(ClientHandle client, long controllerId, FilterKind kind, EventFilter filter) {
    ControllerRecord c = controllerOf(client, controllerId);
    switch (kind) {
      case METADATA:
        c.metadataFilter = filter;
        break;
      case PLAYBACK_STATE:
        c.playbackStateFilter = filter;
        break;
      case CALL_METADATA:
        c.callMetadataFilter = filter;
        break;
      default:
        c.callStateFilter = filter;
        break;
    }
  }

  // ------------------------------------------------------------------------------------------------ commands

  /**
   * Sends a control command, with upstream's check order: 401 (bad parameter) → 6600103 → 6600102 → 6600106 →
   * 6600105 (not valid, unsupported speed or loop mode) → 6600107 (rate limit, or the app's outbox is full).
   *
   * @return completes when the session's app has run the command
   */
  public CompletableFuture<Void> sendControlCommand(ClientHandle client, long controllerId,
      AVControlCommand command) {
    AVControlCommand checked = Validation.checkCommand(command);
    SessionRecord s = activeSession(controllerOf(client, controllerId));
    checkSupported(s, checked);
    acquireRate(client);
    if (checked.command() == AVControlCommandType.PLAY && s.id.equals(checked.stringParameter())) {
      promoteToTop(s);
    }
    AVControlCommand delivered = checked.withCommandInfo(commandInfo(client, checked.commandInfo()));
    return dispatch(s, id -> new CommandRequest.Control(id, s.id, delivered));
  }

  /** Sends a custom command: no valid-command check. @throws AVSessionException 401, 6600103, 6600102, 6600106, 6600107 */
  public CompletableFuture<Void> sendCommonCommand(ClientHandle client, long controllerId, String command,
      Map<String, Object> args) {
    Validation.checkName("command", command);
    Validation.checkExtras("args", args);
    SessionRecord s = activeSession(controllerOf(client, controllerId));
    acquireRate(client);
    return dispatch(s, id -> new CommandRequest.Common(id, s.id, command, args));
  }

  /** Sends a media key to the controller's session. Not rate-limited. */
  public CompletableFuture<Void> sendKeyEvent(ClientHandle client, long controllerId, KeyEvent event) {
    ControllerRecord c = controllerOf(client, controllerId);
    Validation.checkKeyEvent(event);
    SessionRecord s = activeSession(c);
    if (event.action() != KeyEvent.ACTION_DOWN) {
      return CompletableFuture.completedFuture(null);
    }
    return deliverKey(s, event, client);
  }

  /** Asks the session to play a queue item. No valid-command check, no rate limit. */
  public CompletableFuture<Void> skipToQueueItem(ClientHandle client, long controllerId, int itemId) {
    SessionRecord s = liveSession(controllerOf(client, controllerId));
    return dispatch(s, id -> new CommandRequest.SkipToQueueItem(id, s.id, itemId));
  }

  /** The session app's answer to a command; ignored unless {@code owner} is who the command went to. */
  public void commandResult(ClientHandle owner, long commandId, AVSessionException error) {
    PendingCommand p = pending.get(commandId);
    if (p == null || p.owner() != owner || !pending.remove(commandId, p)) {
      return;
    }
    if (error == null) {
      p.future().complete(null);
    } else {
      p.future().completeExceptionally(error);
    }
  }

  private SessionRecord activeSession(ControllerRecord c) {
    SessionRecord s = liveSession(c);
    if (!s.active) {
      throw new AVSessionException(AVSessionErrorCode.SESSION_INACTIVE, "session " + s.id + " is not active");
    }
    return s;
  }

  private static void checkSupported(SessionRecord s, AVControlCommand c) {
    if (!s.validCommands.contains(c.command().commandName())) {
      throw new AVSessionException(AVSessionErrorCode.COMMAND_INVALID,
          "session does not support " + c.command().commandName() + "; valid commands: " + s.validCommands);
    }
    if (c.command() == AVControlCommandType.SET_SPEED && !s.supportedSpeeds.isEmpty()
        && !s.supportedSpeeds.contains(c.doubleParameter(0))) {
      throw new AVSessionException(AVSessionErrorCode.COMMAND_INVALID,
          "speed " + c.doubleParameter(0) + " is not supported; supported speeds: " + s.supportedSpeeds);
    }
    LoopMode mode = c.loopModeParameter();
    if (mode != null && mode != LoopMode.UNDEFINED && !s.supportedLoopModes.isEmpty()
        && !s.supportedLoopModes.contains(mode)) {
      throw new AVSessionException(AVSessionErrorCode.COMMAND_INVALID,
          "loop mode " + mode + " is not supported; supported loop modes: " + s.supportedLoopModes);
    }
  }

  private void acquireRate(ClientHandle client) {
    Caller caller = client.caller();
    if (!rateLimiter.tryAcquire(rateKey(caller))) {
      throw new AVSessionException(AVSessionErrorCode.MESSAGE_OVERLOAD, "more than " + rateLimiter.limit()
          + " commands in one second from app " + caller.appId() + " (pid " + caller.pid() + ")");
    }
  }

  private static RateLimiter.Key rateKey(Caller caller) {
    return new RateLimiter.Key(caller.pid(), caller.appId(), caller.deviceId());
  }

  private static CommandInfo commandInfo(ClientHandle client, CommandInfo requested) {
    Caller caller = client.caller();
    return new CommandInfo(caller.appId(), requested.callerModuleName(), "", "app", caller.pid());
  }

  private interface RequestFactory {
    CommandRequest create(long commandId);
  }

  private CompletableFuture<Void> dispatch(SessionRecord s, RequestFactory factory) {
    long id = nextCommandId.getAndIncrement();
    CompletableFuture<Void> future = new CompletableFuture<>();
    PendingCommand p = new PendingCommand(future, s.owner, s.id,
        nanoClock.getAsLong() + config.commandTimeout().toNanos());
    pending.put(id, p);
    if (!s.owner.offerCommand(factory.create(id))) {
      pending.remove(id);
      throw new AVSessionException(AVSessionErrorCode.MESSAGE_OVERLOAD,
          "the session's app is not keeping up: " + s.owner.queuedEvents() + " events queued for it");
    }
    return future;
  }

  private void expirePendingCommands() {
    long now = nanoClock.getAsLong();
    pending.forEach((id, p) -> {
      if (now - p.deadlineNanos() > 0 && pending.remove(id, p)) {
        p.future().completeExceptionally(new AVSessionException(AVSessionErrorCode.SERVICE_EXCEPTION,
            "the session's app did not answer within " + config.commandTimeout().toMillis() + " ms"));
      }
    });
  }

  // ------------------------------------------------------------------------------------------------ keys

  private CompletableFuture<Void> deliverKey(SessionRecord s, KeyEvent event, ClientHandle sender) {
    if (s.handlesKeyEvents) {
      return dispatch(s, id -> new CommandRequest.Key(id, s.id, event));
    }
    AVControlCommand command = keyToCommand(s, event.key().code());
    if (!s.validCommands.contains(command.command().commandName())) {
      return CompletableFuture.failedFuture(new AVSessionException(AVSessionErrorCode.COMMAND_INVALID,
          "key " + event.key().code() + " means " + command.command().commandName()
              + ", which the session does not support"));
    }
    AVControlCommand delivered = command.withCommandInfo(commandInfo(sender, CommandInfo.EMPTY));
    return dispatch(s, id -> new CommandRequest.Control(id, s.id, delivered));
  }

  /** Upstream's key translation for apps without a key handler (STOP pauses, as upstream). */
  private static AVControlCommand keyToCommand(SessionRecord s, int code) {
    AVMetadata m = s.metadata;
    long skip = (m.skipIntervals() == null ? 15 : m.skipIntervals()) * 1000L;
    switch (code) {
      case KeyEvent.KEYCODE_MEDIA_PLAY:
        return AVControlCommand.play();
      case KeyEvent.KEYCODE_MEDIA_PAUSE:
      case KeyEvent.KEYCODE_MEDIA_STOP:
        return AVControlCommand.pause();
      case KeyEvent.KEYCODE_MEDIA_NEXT:
        return AVControlCommand.playNext();
      case KeyEvent.KEYCODE_MEDIA_PREVIOUS:
        return AVControlCommand.playPrevious();
      case KeyEvent.KEYCODE_MEDIA_FAST_FORWARD:
        Integer ff = m.fastForwardSkipIntervals();
        return AVControlCommand.fastForward(ff != null && ff > 0 ? ff * 1000L : skip);
      case KeyEvent.KEYCODE_MEDIA_REWIND:
        Integer rw = m.rewindSkipIntervals();
        return AVControlCommand.rewind(rw != null && rw > 0 ? rw * 1000L : skip);
      default:
        // Headset hook and play/pause toggle.
        return s.isPlaying() ? AVControlCommand.pause() : AVControlCommand.play();
    }
  }

  /**
   * Routes a media key to the top session (or, without one, the newest active non-call session). Headset-hook and
   * play/pause presses within the click window are counted: 1 toggles, 2 plays next, 3 or more play previous.
   *
   * @throws AVSessionException 201 without the grant, 202 for a caller that is not a system caller, 401 / 6600105
   *     for invalid keys
   */
  public CompletableFuture<Void> sendSystemKeyEvent(ClientHandle client, KeyEvent event) {
    requireSystemCaller(client, "sendSystemAVKeyEvent");
    Validation.checkKeyEvent(event);
    if (event.action() != KeyEvent.ACTION_DOWN) {
      return CompletableFuture.completedFuture(null);
    }
    int code = event.key().code();
    if (code != KeyEvent.KEYCODE_HEADSETHOOK && code != KeyEvent.KEYCODE_MEDIA_PLAY_PAUSE) {
      SessionRecord target = keyTarget();
      return deliverKey(target, event, client);
    }
    CompletableFuture<Void> future = new CompletableFuture<>();
    synchronized (registryLock) {
      if (keyClicks == null) {
        KeyClicks clicks = new KeyClicks();
        keyClicks = clicks;
        scheduler.schedule(() -> flushKeyClicks(clicks, event, client), config.keyClickWindow().toMillis(),
            TimeUnit.MILLISECONDS);
      }
      keyClicks.count++;
      keyClicks.futures.add(future);
    }
    return future;
  }

  private void flushKeyClicks(KeyClicks clicks, KeyEvent event, ClientHandle client) {
    synchronized (registryLock) {
      if (keyClicks == clicks) {
        keyClicks = null;
      }
    }
    CompletableFuture<Void> result;
    try {
      SessionRecord target = keyTarget();
      if (clicks.count == 1) {
        result = deliverKey(target, event, client);
      } else {
        AVControlCommand command = clicks.count == 2 ? AVControlCommand.playNext() : AVControlCommand.playPrevious();
        result = target.handlesKeyEvents
            ? deliverKey(target, KeyEvent.down(clicks.count == 2
                ? KeyEvent.KEYCODE_MEDIA_NEXT : KeyEvent.KEYCODE_MEDIA_PREVIOUS), client)
            : sendToTarget(target, command, client);
      }
    } catch (AVSessionException e) {
      result = CompletableFuture.failedFuture(e);
    }
    result.whenComplete((ok, error) -> {
      for (CompletableFuture<Void> f : clicks.futures) {
        if (error == null) {
          f.complete(null);
        } else {
          f.completeExceptionally(error);
        }
      }
    });
  }

  private CompletableFuture<Void> sendToTarget(SessionRecord target, AVControlCommand command, ClientHandle sender) {
    checkSupported(target, command);
    AVControlCommand delivered = command.withCommandInfo(commandInfo(sender, command.commandInfo()));
    return dispatch(target, id -> new CommandRequest.Control(id, target.id, delivered));
  }

  private SessionRecord keyTarget() {
    SessionRecord t;
    synchronized (registryLock) {
      t = top;
    }
    if (t != null && !t.destroyed && t.active) {
      return t;
    }
    return sessions.values().stream()
        .filter(s -> s.active && !s.destroyed && !s.type.isCall())
        .max(Comparator.comparingLong(s -> s.sequence))
        .orElseThrow(() -> new AVSessionException(AVSessionErrorCode.SESSION_NOT_EXIST,
            "no active session to receive the command"));
  }

  /**
   * Sends a control command to the top session (or the newest active non-call session). Counted against the rate
   * limit only while a top session exists, as upstream.
   *
   * @throws AVSessionException 202, 401, 6600102 (no target), 6600105, 6600107
   */
  public CompletableFuture<Void> sendSystemControlCommand(ClientHandle client, AVControlCommand command) {
    requireSystemCaller(client, "sendSystemControlCommand");
    AVControlCommand checked = Validation.checkCommand(command);
    SessionRecord target = keyTarget();
    checkSupported(target, checked);
    if (isTop(target)) {
      acquireRate(client);
    }
    return sendToTarget(target, checked, client);
  }

  /** Upstream's MANAGE_MEDIA_RESOURCES check. @throws AVSessionException 201 without the grant */
  private void requireGrant(ClientHandle client, String operation) {
    Caller caller = client.caller();
    if (!access.isGranted(caller.uid(), caller.daemonUser())) {
      throw new AVSessionException(AVSessionErrorCode.PERMISSION_DENIED,
          operation + " needs the grant (access.grantedUids); uid " + caller.uid() + " does not hold it");
    }
  }

  /**
   * The grant, then upstream's system-app check, for system operations (here and in services such as casting).
   *
   * @throws AVSessionException 201 without the grant, then 202 for a caller that is not a system caller
   */
  public void requireSystemCaller(ClientHandle client, String operation) {
    requireGrant(client, operation);
    Caller caller = client.caller();
    if (!access.isSystem(caller.uid(), caller.daemonUser())) {
      throw new AVSessionException(AVSessionErrorCode.NOT_SYSTEM_APP, operation
          + " is for system callers (the daemon's user, root, access.systemUids), not uid " + caller.uid());
    }
  }

  // ------------------------------------------------------------------------------------------------ top session

  private boolean isTop(SessionRecord s) {
    synchronized (registryLock) {
      return top == s;
    }
  }

  private void promoteToTop(SessionRecord s) {
    s.playStartedNanos = nanoClock.getAsLong();
    synchronized (registryLock) {
      electTop();
    }
  }

  /**
   * Baton's top-session rule (Baton sees no audio output, unlike upstream): an active call session wins; otherwise
   * the active session that most recently entered PLAY; a session that stopped playing stays top for
   * {@code topSessionLinger} unless another starts. Only a new non-null top is announced, as upstream.
   */
  private void electTop() {
    long now = nanoClock.getAsLong();
    SessionRecord best = null;
    for (SessionRecord s : sessions.values()) {
      if (!s.active || s.destroyed) {
        continue;
      }
      if (s.type.isCall()) {
        if (best == null || !best.type.isCall() || s.activatedNanos > best.activatedNanos) {
          best = s;
        }
      } else if (s.isPlaying() && (best == null || (!best.type.isCall() && s.playStartedNanos > best.playStartedNanos))) {
        best = s;
      }
    }
    long lingerNanos = config.topSessionLinger().toNanos();
    if (best == null && top != null && top.active && !top.destroyed && now - top.playStoppedNanos < lingerNanos) {
      best = top;
      if (lingerCheck != null) {
        lingerCheck.cancel(false);
      }
      long delay = lingerNanos - (now - top.playStoppedNanos);
      lingerCheck = scheduler.schedule(() -> {
        synchronized (registryLock) {
          electTop();
        }
      }, delay + 1_000_000, TimeUnit.NANOSECONDS);
    }
    if (best == top) {
      return;
    }
    top = best;
    if (best != null) {
      broadcast(new ManagerEvent(ManagerEvent.Kind.TOP_SESSION_CHANGE, best.descriptor(true)));
      log.debug("top session is now {}", best.id);
    }
  }

  // ------------------------------------------------------------------------------------------------ manager

  private void broadcast(ManagerEvent event) {
    for (ClientHandle c : clients.keySet()) {
      c.offerManagerEvent(event);
    }
  }

  /** Every live session, newest first, for {@code client}. @throws AVSessionException 201 without the grant */
  public List<AVSessionDescriptor> listSessions(ClientHandle client) {
    requireGrant(client, "listing every session");
    return listSessions();
  }

  /** Every live session, newest first. */
  public List<AVSessionDescriptor> listSessions() {
    SessionRecord t;
    synchronized (registryLock) {
      t = top;
    }
    List<SessionRecord> list = new ArrayList<>(sessions.values());
    list.sort(Comparator.comparingLong((SessionRecord s) -> s.sequence).reversed());
    List<AVSessionDescriptor> out = new ArrayList<>(list.size());
    for (SessionRecord s : list) {
      if (!s.destroyed) {
        out.add(s.descriptor(s == t));
      }
    }
    return out;
  }

  /**
   * Recently played sessions that are no longer alive, newest first.
   *
   * @param maxSize 1 to 10, or 0 for the default (3)
   * @throws AVSessionException 201 without the grant (checked first, as upstream), 401 when out of range
   */
  public CompletableFuture<List<AVSessionDescriptor>> history(ClientHandle client, int maxSize) {
    requireGrant(client, "reading the history");
    if (maxSize < 0 || maxSize > 10) {
      throw Validation.invalid("maxSize", "must be 0 (default 3) to 10, was " + maxSize);
    }
    return history.recent(maxSize == 0 ? 3 : maxSize, Set.copyOf(sessions.keySet()));
  }

  /** The registry's state for {@code baton dump}: JSON-like maps and lists. */
  public Map<String, Object> dump() {
    Map<String, Object> out = new LinkedHashMap<>();
    List<AVSessionDescriptor> list = listSessions();
    out.put("sessions", list.stream().map(d -> {
      SessionRecord s = sessions.get(d.sessionId());
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("sessionId", d.sessionId());
      m.put("appId", d.appId());
      m.put("tag", d.tag());
      m.put("type", d.type().label());
      m.put("pid", d.pid());
      m.put("active", d.active());
      m.put("top", d.top());
      if (s != null) {
        m.put("state", String.valueOf(s.playbackState.state()));
        m.put("validCommands", s.validCommands);
        synchronized (s) {
          m.put("controllers", s.controllers.size());
        }
      }
      return m;
    }).collect(Collectors.toList()));
    out.put("controllers", controllers.size());
    List<Map<String, Object>> clientList = new ArrayList<>();
    clients.forEach((handle, state) -> {
      Caller c = handle.caller();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("clientId", c.clientId());
      m.put("appId", c.appId());
      m.put("pid", c.pid());
      m.put("uid", c.uid());
      m.put("sessions", state.sessions.size());
      m.put("controllers", state.controllers.size());
      m.put("queuedEvents", handle.queuedEvents());
      m.put("droppedEvents", handle.droppedEvents());
      m.put("coalescedEvents", handle.coalescedEvents());
      clientList.add(m);
    });
    out.put("clients", clientList);
    Map<String, Object> rate = new LinkedHashMap<>();
    rate.put("limitPerSecond", rateLimiter.limit());
    rate.put("refused", rateLimiter.refused());
    out.put("rateLimited", rate);
    out.put("pendingCommands", pending.size());
    SessionRecord t;
    synchronized (registryLock) {
      t = top;
    }
    out.put("topSession", t == null ? "" : t.id);
    out.put("persistence", history.status());
    return out;
  }

  /** Stops timers and fails pending commands. */
  public void close() {
    sweeper.cancel(false);
    pending.forEach((id, p) -> {
      if (pending.remove(id, p)) {
        p.future().completeExceptionally(new AVSessionException(AVSessionErrorCode.SERVICE_EXCEPTION,
            "daemon is shutting down"));
      }
    });
  }
}
