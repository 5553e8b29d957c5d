package io.baton.service.session;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Upstream's command rate limit (6600107): each client process may make {@code limit} counted calls per fixed
 * one-second window; the windows are aligned to the limiter's clock, like upstream's repeating 1000 ms timer that
 * clears every counter. One process's counter never touches another's, so a flooding client cannot slow others.
 */
public final class RateLimiter {
  private static final long WINDOW_NANOS = 1_000_000_000L;

  private final int limit;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<Integer, Window> windows = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.LongAdder refused = new java.util.concurrent.atomic.LongAdder();

  /** A limiter allowing {@code limit} calls per window, timed by {@code nanoClock} (e.g. System::nanoTime). */
  public RateLimiter(int limit, LongSupplier nanoClock) {
    this.limit = limit;
    this.nanoClock = nanoClock;
  }

  private static final class Window {
    long index = Long.MIN_VALUE;
    int count;
  }

  /** Counts one call of process {@code pid}; false when it is over the limit in the current window. */
  public boolean tryAcquire(int pid) {
    long index = Math.floorDiv(nanoClock.getAsLong(), WINDOW_NANOS);
    Window w = windows.computeIfAbsent(pid, k -> new Window());
    synchronized (w) {
      if (w.index != index) {
        w.index = index;
        w.count = 0;
      }
      if (w.count >= limit) {
        refused.increment();
        return false;
      }
      w.count++;
      return true;
    }
  }

  /** Forgets a process (its last client disconnected). */
  public void forget(int pid) {
    windows.remove(pid);
  }

  /** The configured limit per window. */
  public int limit() {
    return limit;
  }

  /** Calls refused so far. */
  public long refused() {
    return refused.sum();
  }
}
