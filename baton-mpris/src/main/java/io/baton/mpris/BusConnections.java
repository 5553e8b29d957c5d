package io.baton.mpris;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.freedesktop.dbus.connections.IDisconnectCallback;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.CallbackHandler;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opening bus connections and calling other peers without blocking: the two ways the bridge uses dbus-java.
 *
 * <h2>Threading</h2>
 * Every connection has its own reader thread and small pools for signals, method calls, method returns and errors
 * (dbus-java's design). {@link #call} never blocks: its future completes on the connection's method-return thread,
 * so callers must hop to their own executor before doing real work (every caller uses an {@code *Async} stage).
 */
/* package */ final class BusConnections {
  private static final Logger log = LoggerFactory.getLogger(BusConnections.class);

  /** dbus-java makes one connection attempt per 500 ms of this timeout: 500 is one attempt. */
  private static final int CONNECT_ATTEMPT_MS = 500;

  private BusConnections() {}

  /**
   * Opens a private (unshared) connection to the bus at {@code address}.
   *
   * @param methodCallThreads threads for incoming method calls: more than one for exported sessions, so that a call
   *     waiting for a Baton command does not hold up property reads
   * @param onLost runs (on a dbus-java thread) when the connection breaks without having been closed by the bridge
   * @throws DBusException if the bus cannot be reached or refuses the connection
   */
  static DBusConnection open(String address, int methodCallThreads, Runnable onLost) throws DBusException {
    return DBusConnectionBuilder.forAddress(address)
        .withShared(false)
        // One attempt: dbus-java would otherwise retry for 10 s, holding the bridge thread; the bridge retries itself.
        .transportConfig().withTimeout(CONNECT_ATTEMPT_MS).back()
        .receivingThreadConfig()
        .withSignalThreadCount(1)
        .withErrorHandlerThreadCount(1)
        .withMethodCallThreadCount(methodCallThreads)
        .withMethodReturnThreadCount(1)
        .connectionConfig()
        .withDisconnectCallback(new IDisconnectCallback() {
          @Override
          public void disconnectOnError(IOException e) {
            log.debug("D-Bus connection to {} broke: {}", address, e.toString());
            onLost.run();
          }

          @Override
          public void exceptionOnTerminate(IOException e) {
            log.debug("D-Bus connection to {} ended with {}", address, e.toString());
            onLost.run();
          }
        })
        .build();
  }

  /**
   * Calls {@code method} (the Java method name) of a remote object asynchronously.
   *
   * @return completes with the reply's value (null for a void method), or fails with the
   *     {@link DBusExecutionException} of the peer's error
   */
  static <T> CompletableFuture<T> call(DBusConnection connection, DBusInterface remote, String method,
      Object... args) {
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      connection.callWithCallback(remote, method, new CallbackHandler<T>() {
        @Override
        public void handle(T value) {
          result.complete(value);
        }

        @Override
        public void handleError(DBusExecutionException e) {
          result.completeExceptionally(e);
        }
      }, args);
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
    }
    return result;
  }

  /** Closes a connection, logging instead of throwing: this is cleanup. */
  static void closeQuietly(DBusConnection connection) {
    try {
      connection.close();
    } catch (IOException | RuntimeException e) {
      log.debug("closing a D-Bus connection failed: {}", e.toString());
    }
  }
}
