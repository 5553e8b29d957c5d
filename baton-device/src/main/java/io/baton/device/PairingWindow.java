package io.baton.device;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The one pairing window a daemon can have open: a one-time 6-digit code, valid for {@link #VALIDITY}, closed by a
 * successful pairing or by {@link #MAX_FAILURES} wrong proofs (so an attacker gets three guesses in a million).
 *
 * <h2>Threading</h2>
 * Thread-safe (synchronized; every method is short).
 */
final class PairingWindow {
  static final Duration VALIDITY = Duration.ofMinutes(2);
  static final int MAX_FAILURES = 3;

  private final SecureRandom random = new SecureRandom();
  private final LongSupplier nanoClock;
  private String code;
  private long expiresNanos;
  private int failures;

  PairingWindow(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  /** Opens a window with a new code (closing any open one) and returns the code. */
  synchronized String open() {
    code = String.format("%06d", random.nextInt(1_000_000));
    expiresNanos = nanoClock.getAsLong() + VALIDITY.toNanos();
    failures = 0;
    return code;
  }

  /** Whether a window is open now. */
  synchronized boolean isOpen() {
    if (code != null && nanoClock.getAsLong() - expiresNanos >= 0) {
      code = null;
    }
    return code != null;
  }

  /** The open window's code, or null. */
  synchronized String code() {
    return isOpen() ? code : null;
  }

  /** Counts a wrong proof; the window closes at the third. */
  synchronized void failed() {
    if (++failures >= MAX_FAILURES) {
      code = null;
    }
  }

  /** Closes the window (after a successful pairing). */
  synchronized void close() {
    code = null;
  }
}
