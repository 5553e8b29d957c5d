package io.baton.device;

import io.baton.api.AVControlCommandType;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVQueueItem;
import io.baton.api.AVSession;
import io.baton.api.AVSessionController;
import io.baton.api.AVSessionDescriptor;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.AVSessionManager;
import io.baton.api.ConnectionState;
import io.baton.api.DeviceInfo;
import io.baton.api.EventFilter;
import io.baton.api.OutputDeviceInfo;
import io.baton.client.ChannelManagers;
import io.baton.service.session.SessionSnapshot;
import io.baton.service.session.Validation;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions whose output moved to another device (upstream's castAudio). For each, the target device gets a session
 * with the same tag and type (created over the link in the owning app's name), kept in step with the real one through
 * a local controller; the target's controllers and key events drive it, and its commands come back to the real
 * session through that controller, so the app runs them under the usual rules. The real session's controllers and app
 * see an outputDeviceChange to the device, and another back to the local device when the move ends: by request, when
 * the session is destroyed, when the target device's link breaks or when either daemon stops.
 *
 * <h2>Threading</h2>
 * Confined to the device executor; SDK connects run on the blocking pool.
 */
final class SessionMoves {
  private static final Logger log = LoggerFactory.getLogger(SessionMoves.class);
  private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(1500);
  private static final long STEP_TIMEOUT_MS = 3000;
  static final String LOCAL_APP_ID = "baton.move";

  private final DeviceHub hub;
  // Executor-confined.
  private final Map<String, Move> moves = new HashMap<>();
  private AVSessionManager local;

  SessionMoves(DeviceHub hub) {
    this.hub = hub;
  }

  private static final class Move {
    final String sessionId;
    final PairedDevice device;
    final AVSessionManager remote;
    final AVSession remoteSession;
    final AVSessionController controller;
    final Map<AVControlCommandType, AVSession.Registration> handlers = new HashMap<>();
    boolean ended;

    Move(String sessionId, PairedDevice device, AVSessionManager remote, AVSession remoteSession,
        AVSessionController controller) {
      this.sessionId = sessionId;
      this.device = device;
      this.remote = remote;
      this.remoteSession = remoteSession;
      this.controller = controller;
    }
  }

  /** Moves {@code sessionId}'s output to the connected device {@code device} (id or name). */
  CompletableFuture<Void> start(String sessionId, String device) {
    SessionSnapshot snapshot = localSession(sessionId);
    PeerLink link = hub.connectedLink(device);
    PairedDevice target = link.device();
    return CompletableFuture.supplyAsync(() -> {
      Move current = moves.get(sessionId);
      if (current != null && current.device.deviceId().equals(target.deviceId())) {
        return null; // Already there.
      }
      if (current != null) {
        end(current, "moved on to " + target.name());
      }
      return localManager();
    }, hub.executor()).thenApplyAsync(localManager -> {
      if (localManager == null) {
        return null;
      }
      AVSessionDescriptor d = snapshot.descriptor();
      AVSessionManager remote;
      try {
        remote = ChannelManagers.connect(AVSessionManager.builder()
            .appId(d.appId())
            .retryTimeout(CONNECT_TIMEOUT)
            .recovery(false)
            .callbackExecutor(hub.executor()), hub.channelTo(target));
      } catch (AVSessionException e) {
        throw new AVSessionException(AVSessionErrorCode.REMOTE_CONNECTION_ERR,
            "cannot reach device " + target.name() + ": " + e.detail(), e);
      }
      try {
        AVSession remoteSession = remote.createSession(d.tag(), d.type())
            .get(STEP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        AVSessionController controller = localManager.createController(sessionId)
            .get(STEP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        return new Move(sessionId, target, remote, remoteSession, controller);
      } catch (Exception e) {
        remote.close();
        AVSessionException cause = AVSessionException.fromThrowable(e);
        throw cause.errorCode() == AVSessionErrorCode.SESSION_NOT_EXIST ? cause
            : new AVSessionException(AVSessionErrorCode.REMOTE_CONNECTION_ERR,
                "device " + target.name() + " did not take the session: " + cause.detail(), e);
      }
    }, hub.blocking()).thenAcceptAsync(move -> {
      if (move != null) {
        begin(move);
      }
    }, hub.executor());
  }

  /** Brings {@code sessionId}'s output back to this device. A session that is not moved is left as it is. */
  CompletableFuture<Void> end(String sessionId) {
    localSession(sessionId);
    return CompletableFuture.runAsync(() -> {
      Move move = moves.get(sessionId);
      if (move != null) {
        end(move, "moved back");
      }
    }, hub.executor());
  }

  /** The link to a device broke or it was unpaired: its moves end. Runs on the executor. */
  void deviceLost(String deviceId) {
    for (Move move : List.copyOf(moves.values())) {
      if (move.device.deviceId().equals(deviceId)) {
        end(move, "the link to " + move.device.name() + " is down");
      }
    }
  }

  /** Ends every move (the daemon stops). Runs on the executor. */
  void closeAll() {
    for (Move move : List.copyOf(moves.values())) {
      end(move, "the daemon stops");
    }
    if (local != null) {
      local.close();
      local = null;
    }
  }

  private SessionSnapshot localSession(String sessionId) {
    if (sessionId == null || !sessionId.matches("[0-9A-F]{64}")) {
      throw Validation.invalid("sessionId", "must be a session id (64 upper-case hex characters)");
    }
    SessionSnapshot snapshot = hub.registry().sessionSnapshot(sessionId);
    if (snapshot.descriptor().remote()) {
      throw Validation.invalid("sessionId", "session " + sessionId + " lives on device "
          + snapshot.descriptor().deviceId() + "; move it from there");
    }
    return snapshot;
  }

  /** This daemon's SDK connection for the moves' local controllers. Runs on the executor; connects on first use. */
  private AVSessionManager localManager() {
    if (local == null) {
      local = AVSessionManager.builder()
          .socket(hub.socket())
          .appId(LOCAL_APP_ID)
          .callbackExecutor(hub.executor())
          .connect();
    }
    return local;
  }

  private void begin(Move move) {
    moves.put(move.sessionId, move);
    AVSessionController c = move.controller;
    AVSession s = move.remoteSession;
    c.addListener(new AVSessionController.Listener() {
      @Override
      public void onMetadataChange(AVMetadata metadata) {
        s.setAVMetadata(metadata);
      }

      @Override
      public void onPlaybackStateChange(AVPlaybackState state) {
        s.setAVPlaybackState(state);
      }

      @Override
      public void onActiveStateChange(boolean active) {
        if (active) {
          s.activate();
        } else {
          s.deactivate();
        }
      }

      @Override
      public void onValidCommandChange(List<String> commands) {
        forwardCommands(move, commands);
      }

      @Override
      public void onQueueItemsChange(List<AVQueueItem> items) {
        s.setAVQueueItems(items);
      }

      @Override
      public void onQueueTitleChange(String title) {
        s.setAVQueueTitle(title);
      }

      @Override
      public void onExtrasChange(Map<String, Object> extras) {
        s.setExtras(extras);
      }

      @Override
      public void onSessionEvent(String event, Map<String, Object> args) {
        s.dispatchSessionEvent(event, args);
      }

      @Override
      public void onSessionDestroy(AVSessionDescriptor descriptor) {
        end(move, "the session was destroyed");
      }
    });
    s.addCallback(new AVSession.Callback() {
      @Override
      public void onCommonCommand(String command, Map<String, Object> args) {
        c.sendCommonCommand(command, args);
      }

      @Override
      public void onSkipToQueueItem(int itemId) {
        c.skipToQueueItem(itemId);
      }
    });
    move.remote.addListener(new AVSessionManager.Listener() {
      @Override
      public void onSessionServiceDie() {
        end(move, "the link to " + move.device.name() + " broke");
      }
    });
    // Controllers start with no change events (upstream's default): ask for every field before copying the state.
    CompletableFuture.allOf(c.setMetadataFilter(EventFilter.ALL), c.setPlaybackStateFilter(EventFilter.ALL))
        .whenCompleteAsync((ok, error) -> copyState(move), hub.executor());
    hub.registry().castStateChanged(move.sessionId, ConnectionState.CONNECTED, outputOf(move.device));
    log.info("session {} moved to device {} ({})", move.sessionId, move.device.name(), move.device.deviceId());
  }

  private void copyState(Move move) {
    AVSessionController c = move.controller;
    AVSession s = move.remoteSession;
    if (move.ended) {
      return;
    }
    c.getAVMetadata().thenAcceptAsync(s::setAVMetadata, hub.executor());
    c.getAVPlaybackState().thenAcceptAsync(s::setAVPlaybackState, hub.executor());
    c.getAVQueueItems().thenAcceptAsync(s::setAVQueueItems, hub.executor());
    c.getAVQueueTitle().thenAcceptAsync(s::setAVQueueTitle, hub.executor());
    c.getExtras().thenAcceptAsync(s::setExtras, hub.executor());
    c.getSupportedPlaySpeeds().thenAcceptAsync(s::setSupportedPlaySpeeds, hub.executor());
    c.getSupportedLoopModes().thenAcceptAsync(s::setSupportedLoopModes, hub.executor());
    c.getValidCommands().thenAcceptAsync(commands -> forwardCommands(move, commands), hub.executor());
    c.isActive().thenAcceptAsync(active -> {
      if (active) {
        s.activate();
      }
    }, hub.executor());
  }

  /** Makes the moved session accept exactly the real session's valid commands, each forwarded to it. */
  private void forwardCommands(Move move, List<String> commands) {
    if (move.ended) {
      return;
    }
    Map<AVControlCommandType, Boolean> wanted = new HashMap<>();
    for (String name : commands) {
      try {
        wanted.put(AVControlCommandType.fromCommandName(name), true);
      } catch (IllegalArgumentException unknownToThisVersion) {
        log.debug("session {}: cannot forward command '{}'", move.sessionId, name);
      }
    }
    move.handlers.entrySet().removeIf(e -> {
      if (!wanted.containsKey(e.getKey())) {
        e.getValue().close();
        return true;
      }
      return false;
    });
    for (AVControlCommandType type : wanted.keySet()) {
      move.handlers.computeIfAbsent(type, t -> move.remoteSession.addCommandHandler(t,
          command -> move.controller.sendControlCommand(command)));
    }
  }

  private void end(Move move, String why) {
    if (move.ended) {
      return;
    }
    move.ended = true;
    moves.remove(move.sessionId, move);
    // Closing the link's SDK connection makes the target daemon destroy the moved session.
    move.remote.close();
    move.controller.destroy();
    hub.registry().castStateChanged(move.sessionId, ConnectionState.DISCONNECTED, OutputDeviceInfo.LOCAL);
    log.info("session {}: output back on this device ({})", move.sessionId, why);
  }

  /** Where a moved session plays, as its controllers see it. */
  private static OutputDeviceInfo outputOf(PairedDevice device) {
    String host = device.address().isEmpty() ? "" : HostPort.parse(device.address()).host();
    return new OutputDeviceInfo(List.of(DeviceInfo.builder()
        .setCastCategory(1) // upstream CATEGORY_REMOTE
        .setDeviceId(device.deviceId())
        .setDeviceName(device.name())
        .setNetworkId(device.deviceId())
        .setIpAddress(host)
        .setProviderId("baton")
        .build()));
  }
}
