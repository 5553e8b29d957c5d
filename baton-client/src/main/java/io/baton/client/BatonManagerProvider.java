package io.baton.client;

import io.baton.api.AVSessionManager;

/**
 * The {@link AVSessionManager.Provider} of the Baton SDK, found by {@link java.util.ServiceLoader} through
 * {@code META-INF/services}: {@link AVSessionManager#builder()}{@code .connect()} lands here. Applications do not use
 * this class directly.
 *
 * <p>Connections go over the daemon's Unix domain socket with grpc-netty-shaded's epoll transport, so the SDK runs on
 * Linux (x86_64 and aarch64).
 *
 * <h2>Threading</h2>
 * Stateless and thread-safe.
 */
public final class BatonManagerProvider implements AVSessionManager.Provider {

  /** Called by {@link java.util.ServiceLoader}. */
  public BatonManagerProvider() {}

  /**
   * Connects as {@code builder} says and waits for the daemon's {@code Welcome}.
   *
   * @throws IllegalArgumentException if the app id does not match {@code [A-Za-z0-9._-]{1,128}}
   * @throws io.baton.api.AVSessionException 6600101 if the daemon cannot be reached within the retry timeout
   */
  @Override
  public AVSessionManager connect(AVSessionManager.Builder builder) {
    return ManagerImpl.connect(builder);
  }
}
