package io.baton.mpris;

import io.baton.api.AVSessionDescriptor;
import io.baton.api.AVSessionException;
import io.baton.api.AVSessionManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Baton → MPRIS: exports every session of the daemon (except players the bridge imported) as an MPRIS player, for as
 * long as the session lives.
 *
 * <p>One SDK connection with app id {@value MprisNames#EXPORT_APP_ID} holds a controller per exported session, so
 * every call a desktop makes goes through the normal controller path: valid commands, activation and the rate limit
 * (counted for that app id) apply as for any controller.
 *
 * <h2>Threading</h2>
 * Everything here runs on the bridge executor, which is also the SDK connection's callback executor: manager events,
 * controller events and future completions arrive there in order.
 */
/* package */ final class Exporter implements AVSessionManager.Listener {
  private static final Logger log = LoggerFactory.getLogger(Exporter.class);

  private final String address;
  private final Executor bridgeExecutor;
  private final Runnable onBusLost;
  private final AVSessionManager manager;
  private final Map<String, ExportedSession> sessions = new LinkedHashMap<>();
  private boolean closed;

  /**
   * Connects the bridge's SDK connection to the daemon. Bridge executor.
   *
   * @throws AVSessionException 6600101 when the daemon cannot be reached
   */
  Exporter(Path daemonSocket, String address, Executor bridgeExecutor, Runnable onBusLost) {
    this.address = address;
    this.bridgeExecutor = bridgeExecutor;
    this.onBusLost = onBusLost;
    this.manager = AVSessionManager.builder()
        .socket(daemonSocket)
        .appId(MprisNames.EXPORT_APP_ID)
        .callbackExecutor(bridgeExecutor)
        .retryTimeout(MprisBridge.DAEMON_CONNECT_TIMEOUT)
        // The bridge lives in the daemon's JVM: it never outlives the daemon, so there is nothing to restore.
        .recovery(false)
        .connect();
  }

  /** Subscribes to session events, then exports every live session. Bridge executor. */
  void start() {
    manager.addListener(this);
    manager.getAllSessionDescriptors().whenComplete((descriptors, error) -> {
      if (closed) {
        return;
      }
      if (error != null) {
        log.warn("MPRIS export: could not list the sessions: {}", AVSessionException.fromThrowable(error).getMessage());
        return;
      }
      // Oldest first, so that bus names appear in the order the sessions were created.
      List<AVSessionDescriptor> oldestFirst = new ArrayList<>(descriptors);
      Collections.reverse(oldestFirst);
      oldestFirst.forEach(this::export);
    });
  }

  @Override
  public void onSessionCreate(AVSessionDescriptor descriptor) {
    export(descriptor);
  }

  @Override
  public void onSessionDestroy(AVSessionDescriptor descriptor) {
    ExportedSession session = sessions.remove(descriptor.sessionId());
    if (session != null) {
      session.close();
    }
  }

  private void export(AVSessionDescriptor descriptor) {
    if (closed || sessions.containsKey(descriptor.sessionId()) || !MprisNames.isExportable(descriptor)) {
      return;
    }
    ExportedSession session = new ExportedSession(descriptor, address, manager, bridgeExecutor, onBusLost,
        gone -> sessions.remove(gone.sessionId(), gone));
    sessions.put(descriptor.sessionId(), session);
    session.start();
  }

  /** Removes every exported player and closes the SDK connection. Idempotent. Bridge executor. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (ExportedSession session : sessions.values()) {
      session.close();
    }
    sessions.clear();
    manager.close();
  }
}
