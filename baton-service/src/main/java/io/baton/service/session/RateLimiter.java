package io.baton.service.session;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Upstream's command rate limit (6600107): each app may make {@code limit} counted calls per fixed one-second window;
 * the windows are aligned to the limiter's clock, like upstream's repeating 1000 ms timer that clears every counter.
 * An app is a process and the app id it declared ({@link Key}): upstream's one-app-per-process holds for ordinary
 * apps, while a process that hosts several (the daemon's own bridges: each MQTT client, browser or imported player
 * is an app) gets one counter per app. One app's counter never touches another's, so a flooding app cannot slow
 * others.
 */
public final class RateLimiter {
  private static final long WINDOW_NANOS = 1_000_000_000L;

  private final int limit;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<Key, Window> windows = new ConcurrentHashMap<>();
  private final LongAdder refused = new LongAdder();

  /** A limiter allowing {@code limit} calls per window, timed by {@code nanoClock} (e.g. System::nanoTime). */
  public RateLimiter(int limit, LongSupplier nanoClock) {
    this.limit = limit;
    this.nanoClock = nanoClock;
  }

  /** Whose calls a counter counts. */
  public record Key(int pid, String appId, String deviceId) {}

  private static final class Window {
    long index = Long.MIN_VALUE;
    int count;
  }

  /** Counts one call of {@code key}; false when it is over the limit in the current window. */
  public boolean tryAcquire(Key key) {
    long index = Math.floorDiv(nanoClock.getAsLong(), WINDOW_NANOS);
    Window w = windows.computeIfAbsent(key, k -> new Window());
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

  /** Forgets an app (its last client disconnected). */
  public void forget(Key key) {
    windows.remove(key);
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
