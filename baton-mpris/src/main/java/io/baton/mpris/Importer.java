package io.baton.mpris;

import io.baton.api.Nullable;
import io.baton.mpris.dbus.MediaPlayer2;
import io.baton.mpris.dbus.MediaPlayer2Player;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.interfaces.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MPRIS → Baton: follows the MPRIS players on the bus ({@code NameOwnerChanged} plus one listing at start) and keeps
 * one {@link ImportedPlayer} per player, except Baton's own exports ({@code org.mpris.MediaPlayer2.baton.*}, whichever
 * daemon made them) and proxies such as playerctld.
 *
 * <h2>Threading</h2>
 * Signal handlers run on the connection's signal thread and only hand the signal to the bridge executor, where
 * everything else here runs.
 */
/* package */ final class Importer {
  private static final Logger log = LoggerFactory.getLogger(Importer.class);

  private final DBusConnection connection;
  private final Path daemonSocket;
  private final Executor bridgeExecutor;
  private final List<AutoCloseable> signalHandlers = new ArrayList<>();
  private final Map<String, ImportedPlayer> byName = new LinkedHashMap<>();
  private final Map<String, ImportedPlayer> byOwner = new HashMap<>();
  private boolean closed;

  Importer(DBusConnection connection, Path daemonSocket, Executor bridgeExecutor) {
    this.connection = connection;
    this.daemonSocket = daemonSocket;
    this.bridgeExecutor = bridgeExecutor;
  }

  /**
   * Subscribes to the signals, then imports the players already on the bus. Bridge executor.
   *
   * @throws DBusException if the subscriptions or the listing fail (the bus is going away)
   */
  void start() throws DBusException {
    // Subscribe before listing, so that a player appearing in between is seen at least once (duplicates are ignored).
    signalHandlers.add(connection.addSigHandler(DBus.NameOwnerChanged.class,
        signal -> hand(() -> onNameOwnerChanged(signal.name, signal.oldOwner, signal.newOwner))));
    signalHandlers.add(connection.addSigHandler(Properties.PropertiesChanged.class, signal -> {
      if (MediaPlayer2.OBJECT_PATH.equals(signal.getPath())) {
        String sender = signal.getSource();
        hand(() -> onPropertiesChanged(sender, signal));
      }
    }));
    signalHandlers.add(connection.addSigHandler(MediaPlayer2Player.Seeked.class, signal -> {
      long atMs = System.currentTimeMillis();
      String sender = signal.getSource();
      hand(() -> {
        ImportedPlayer player = byOwner.get(sender);
        if (player != null) {
          player.onSeeked(signal.positionUs(), atMs);
        }
      });
    }));
    DBus bus = connection.getRemoteObject("org.freedesktop.DBus", "/org/freedesktop/DBus", DBus.class);
    for (String name : bus.ListNames()) {
      if (MprisNames.isImportable(name)) {
        try {
          add(name, bus.GetNameOwner(name));
        } catch (DBusExecutionException gone) {
          log.debug("MPRIS player {} left before it could be imported", name);
        }
      }
    }
  }

  private void hand(Runnable task) {
    try {
      bridgeExecutor.execute(task);
    } catch (RejectedExecutionException stopping) {
      // The bridge is closing: nothing is imported any more.
    }
  }

  private void onNameOwnerChanged(String name, @Nullable String oldOwner, @Nullable String newOwner) {
    if (closed || !MprisNames.isImportable(name)) {
      return;
    }
    if (oldOwner != null && !oldOwner.isEmpty()) {
      remove(name, oldOwner);
    }
    if (newOwner != null && !newOwner.isEmpty()) {
      add(name, newOwner);
    }
  }

  private void add(String name, String owner) {
    ImportedPlayer existing = byName.get(name);
    if (existing != null) {
      if (existing.owner().equals(owner)) {
        return;
      }
      remove(name, existing.owner());
    }
    ImportedPlayer sameConnection = byOwner.get(owner);
    if (sameConnection != null) {
      // One player, several names (VLC's org.mpris.MediaPlayer2.vlc and …vlc.instanceN): import it once.
      log.debug("MPRIS name {} belongs to {}, already imported as {}", name, owner, sameConnection.busName());
      return;
    }
    try {
      ImportedPlayer player = new ImportedPlayer(name, owner, connection, daemonSocket, bridgeExecutor);
      byName.put(name, player);
      byOwner.put(owner, player);
      player.start();
    } catch (DBusException e) {
      log.warn("Not importing MPRIS player {}: {}", name, e.toString());
    }
  }

  private void remove(String name, String owner) {
    ImportedPlayer player = byName.get(name);
    if (player != null && player.owner().equals(owner)) {
      byName.remove(name);
      byOwner.remove(owner, player);
      player.close();
    }
  }

  private void onPropertiesChanged(String sender, Properties.PropertiesChanged signal) {
    ImportedPlayer player = byOwner.get(sender);
    if (player != null) {
      player.onPropertiesChanged(signal.getInterfaceName(), signal.getPropertiesChanged(),
          signal.getPropertiesRemoved());
    }
  }

  /** Destroys every imported session and unsubscribes. Idempotent. Bridge executor. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (AutoCloseable handler : signalHandlers) {
      try {
        handler.close();
      } catch (Exception e) {
        log.debug("removing a signal handler failed: {}", e.toString());
      }
    }
    byName.values().forEach(ImportedPlayer::close);
    byName.clear();
    byOwner.clear();
  }
}
