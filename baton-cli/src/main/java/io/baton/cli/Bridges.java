package io.baton.cli;

import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridges running next to the daemon in {@code baton daemon} (MPRIS, MQTT, web, …): started in order, closed in
 * reverse order. A bridge that fails to start is reported on stderr and skipped; it never stops the daemon.
 */
final class Bridges implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Bridges.class);

  private final PrintWriter err;
  private final Deque<AutoCloseable> running = new ArrayDeque<>();

  Bridges(PrintWriter err) {
    this.err = err;
  }

  /** Starts one bridge; returns whether it runs. */
  synchronized boolean start(String name, Callable<? extends AutoCloseable> starter) {
    try {
      running.push(starter.call());
      return true;
    } catch (Exception e) {
      err.println("baton daemon: " + name + " bridge not started: " + (e.getMessage() != null ? e.getMessage() : e));
      err.flush();
      log.debug("{} bridge failed to start", name, e);
      return false;
    }
  }

  /** Closes every running bridge, newest first. Idempotent. */
  @Override
  public synchronized void close() {
    while (!running.isEmpty()) {
      AutoCloseable bridge = running.pop();
      try {
        bridge.close();
      } catch (Exception e) {
        log.warn("closing a bridge failed: {}", e.toString());
      }
    }
  }
}
