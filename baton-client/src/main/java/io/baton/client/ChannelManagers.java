package io.baton.client;

import io.baton.api.AVSessionManager;
import io.grpc.ManagedChannel;
import java.util.Objects;

/**
 * Connects the SDK over a gRPC channel the caller built, instead of the daemon's Unix socket: how one daemon talks to
 * another over a device link (TCP with mutual TLS). Applications use {@link AVSessionManager#builder()} instead.
 *
 * <h2>Threading</h2>
 * Stateless and thread-safe.
 */
public final class ChannelManagers {
  private ChannelManagers() {}

  /**
   * Connects as {@code builder} says (app id, callback executor, retry timeout, recovery; its socket is ignored) over
   * {@code channel} and waits for the daemon's {@code Welcome}. The manager owns the channel: closing it shuts the
   * channel down.
   *
   * @throws IllegalArgumentException if the app id does not match {@code [A-Za-z0-9._-]{1,128}}
   * @throws io.baton.api.AVSessionException 6600101 if the daemon does not welcome the client within the retry
   *     timeout
   */
  public static AVSessionManager connect(AVSessionManager.Builder builder, ManagedChannel channel) {
    Objects.requireNonNull(channel, "channel");
    return ManagerImpl.connect(builder, () -> channel, () -> {});
  }
}
