package io.baton.it;

import io.baton.api.AVSessionManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * SDK connections from the test JVM with a longer retry window than the SDK's 3 s default: the MPRIS tests run
 * mpv, dbus-daemon, playerctl and several JVMs at once, and on a busy two-core machine a first connection can take
 * longer than 3 s. Closes its connections, newest first.
 */
final class PatientSdk implements AutoCloseable {
  private static final Duration RETRY = Duration.ofSeconds(15);

  private final Path socket;
  private final List<AVSessionManager> managers = new ArrayList<>();

  PatientSdk(Path socket) {
    this.socket = socket;
  }

  /** A new connection with app id {@code appId}. */
  AVSessionManager connect(String appId) {
    AVSessionManager manager = AVSessionManager.builder().socket(socket).appId(appId).retryTimeout(RETRY).connect();
    managers.add(manager);
    return manager;
  }

  @Override
  public void close() {
    for (int i = managers.size() - 1; i >= 0; i--) {
      managers.get(i).close();
    }
    managers.clear();
  }
}
