package io.baton.cli;

import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for the SDK's futures on a command's thread. Never call it from an SDK callback: the future would be completed
 * by a later task of the same callback queue.
 */
final class Futures {
  /**
   * How long a command waits for one answer. The SDK's own limits (3 s of retries, 5 s for a session app to run a
   * command) normally fail a call first; this only guards against a future that never completes.
   */
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private Futures() {}

  /**
   * The value of {@code future}.
   *
   * @throws AVSessionException the failure of {@code future} (any other failure becomes 6600101), or 6600101 when it
   *     did not complete within {@link #TIMEOUT}
   */
  static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw AVSessionException.fromThrowable(e.getCause());
    } catch (TimeoutException e) {
      throw new AVSessionException(
          AVSessionErrorCode.SERVICE_EXCEPTION, "no answer within " + TIMEOUT.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AVSessionException(AVSessionErrorCode.SERVICE_EXCEPTION, "interrupted while waiting", e);
    }
  }
}
