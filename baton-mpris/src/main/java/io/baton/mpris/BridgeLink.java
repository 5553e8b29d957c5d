package io.baton.mpris;

import io.baton.api.Nullable;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the bridge has while it is connected to the bus: the main connection (imports, bus signals), the
 * {@link Importer} and the {@link Exporter} with their connections. When the bus goes away the whole link is closed
 * and a new one is opened when the bus is back, so no state crosses a bus restart.
 *
 * <h2>Threading</h2>
 * Opened, used and closed on the bridge executor. The loss callback may come from any dbus-java thread.
 */
/* package */ final class BridgeLink {
  private static final Logger log = LoggerFactory.getLogger(BridgeLink.class);

  private final String address;
  private final Path daemonSocket;
  private final MprisBridge.Options options;
  private final Executor bridgeExecutor;
  private final Consumer<BridgeLink> onLost;

  // Bridge executor only; set by open().
  private @Nullable DBusConnection connection;
  private @Nullable Importer importer;
  private @Nullable Exporter exporter;
  private boolean closed;

  /**
   * A link, not yet open.
   *
   * @param onLost told (from any thread, possibly more than once) when a connection of this link breaks
   */
  BridgeLink(String address, Path daemonSocket, MprisBridge.Options options, Executor bridgeExecutor,
      Consumer<BridgeLink> onLost) {
    this.address = address;
    this.daemonSocket = daemonSocket;
    this.options = options;
    this.bridgeExecutor = bridgeExecutor;
    this.onLost = onLost;
  }

  /**
   * Connects to the bus and starts importing and exporting; on failure, closes what it opened. Bridge executor.
   *
   * @throws DBusException if the bus cannot be reached
   * @throws RuntimeException if the daemon cannot be reached (an {@code AVSessionException}) or dbus-java fails
   */
  void open() throws DBusException {
    try {
      connection = BusConnections.open(address, /* methodCallThreads= */ 1, this::lost);
      if (options.importPlayers()) {
        importer = new Importer(connection, daemonSocket, bridgeExecutor);
        importer.start();
      }
      if (options.exportSessions()) {
        exporter = new Exporter(daemonSocket, address, bridgeExecutor, this::lost);
        exporter.start();
      }
    } catch (DBusException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private void lost() {
    onLost.accept(this);
  }

  /** The bus address. */
  String address() {
    return address;
  }

  /** Removes the exported players, destroys the imported sessions and disconnects. Idempotent. Bridge executor. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (exporter != null) {
      exporter.close();
    }
    if (importer != null) {
      importer.close();
    }
    if (connection != null) {
      BusConnections.closeQuietly(connection);
    }
    log.debug("MPRIS bridge link to {} closed", address);
  }
}
