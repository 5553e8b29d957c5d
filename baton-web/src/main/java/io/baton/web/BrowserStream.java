package io.baton.web;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The events waiting for one browser, and the loop that writes them to its Server-Sent Events stream.
 *
 * <h2>Bounded, latest-state coalescing</h2>
 * Every event has a key (a session's card is {@code session:<id>}, its removal uses the same key). A new event for a
 * key that is still waiting replaces the waiting one: a browser that reads slowly gets the newest state of each
 * session in one event, never a backlog of stale ones. So the queue holds at most one event per key, and keys are
 * bounded by the daemon's session limit; as a last guard, more than {@link #MAX_PENDING} waiting keys closes the
 * stream (the browser's {@code EventSource} reconnects and starts from a fresh snapshot).
 *
 * <h2>Threading</h2>
 * {@link #offer} is called by the hub thread and never blocks. {@link #run} is called once, on the thread that serves
 * the HTTP stream, and blocks in socket writes: a stuck browser stalls only its own thread. A heartbeat comment every
 * {@link #HEARTBEAT} keeps proxies and the server's idle timeout from cutting a quiet stream, and reveals a browser
 * that went away.
 */
/* package */ final class BrowserStream {
  /** The most keys waiting at once before the stream is given up. */
  static final int MAX_PENDING = 4096;
  /** How often a quiet stream gets a comment line. */
  static final Duration HEARTBEAT = Duration.ofSeconds(15);

  /** Where events are written: the SSE connection, or a recorder in tests. */
  interface Sink {
    /** Writes one event; throws when the browser is gone. */
    void send(String event, String data) throws IOException;

    /** Writes a comment line (a heartbeat). */
    void comment(String text) throws IOException;

    /** Whether the connection is known to be closed. */
    boolean isClosed();
  }

  private record Event(String name, String data) {}

  private final int id;
  private final Object lock = new Object();
  // @GuardedBy("lock"): insertion-ordered, so events go out in the order their keys first became dirty.
  private final LinkedHashMap<String, Event> pending = new LinkedHashMap<>();
  // @GuardedBy("lock")
  private boolean closed;
  // @GuardedBy("lock")
  private long coalesced;
  // @GuardedBy("lock")
  private long sent;

  BrowserStream(int id) {
    this.id = id;
  }

  /** The connection id the page sends with its commands ({@code X-Baton-Connection}). */
  int id() {
    return id;
  }

  /**
   * Queues {@code data} as event {@code name} under {@code key}, replacing a waiting event of the same key. Never
   * blocks; ignored once the stream is closed.
   */
  void offer(String key, String name, String data) {
    synchronized (lock) {
      if (closed) {
        return;
      }
      if (pending.remove(key) != null) {
        coalesced++;
      }
      pending.put(key, new Event(name, data));
      if (pending.size() > MAX_PENDING) {
        closed = true;
        pending.clear();
      }
      lock.notifyAll();
    }
  }

  /** Ends {@link #run} soon; later offers are ignored. Idempotent. */
  void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
  }

  boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  /** Events replaced by a newer one for the same key before they were written. */
  long coalesced() {
    synchronized (lock) {
      return coalesced;
    }
  }

  /** Events written. */
  long sent() {
    synchronized (lock) {
      return sent;
    }
  }

  /** Keys waiting now. */
  int pending() {
    synchronized (lock) {
      return pending.size();
    }
  }

  /**
   * Writes events to {@code sink} as they come until the stream is closed or the sink fails.
   *
   * @throws InterruptedException when the serving thread is interrupted (the server is stopping)
   */
  void run(Sink sink) throws InterruptedException {
    long heartbeatNanos = HEARTBEAT.toNanos();
    try {
      while (true) {
        List<Event> batch;
        synchronized (lock) {
          long deadline = System.nanoTime() + heartbeatNanos;
          while (!closed && pending.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
              break;
            }
            lock.wait(left / 1_000_000 + 1);
          }
          if (closed) {
            return;
          }
          batch = new ArrayList<>(pending.values());
          pending.clear();
        }
        if (batch.isEmpty()) {
          sink.comment("keep-alive");
        }
        for (Event e : batch) {
          sink.send(e.name(), e.data());
          synchronized (lock) {
            sent++;
          }
        }
        if (sink.isClosed()) {
          return;
        }
      }
    } catch (IOException e) {
      // The browser went away mid-write: the normal end of a stream.
    } finally {
      close();
    }
  }

  /** Counters for the health panel. */
  Map<String, Object> stats() {
    synchronized (lock) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("connection", id);
      m.put("sent", sent);
      m.put("coalesced", coalesced);
      m.put("pending", pending.size());
      return m;
    }
  }
}
