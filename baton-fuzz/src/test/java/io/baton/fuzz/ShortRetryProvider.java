package io.baton.fuzz;

import io.baton.api.AVSessionManager;
import io.baton.client.BatonManagerProvider;
import java.time.Duration;

/**
 * The SDK's own provider with no retry window, found first by {@link java.util.ServiceLoader} on this module's test
 * class path: a CLI command that connects then fails as soon as the SDK's minimum connect wait (250 ms) is over,
 * instead of after the default 3 s, so that the CLI fuzz target stays fast. The connection attempt itself is the real
 * one, over the real (missing) socket.
 */
public final class ShortRetryProvider implements AVSessionManager.Provider {
  private final BatonManagerProvider sdk = new BatonManagerProvider();

  /** Called by {@link java.util.ServiceLoader}. */
  public ShortRetryProvider() {}

  @Override
  public AVSessionManager connect(AVSessionManager.Builder builder) {
    return sdk.connect(builder.retryTimeout(Duration.ZERO));
  }
}
