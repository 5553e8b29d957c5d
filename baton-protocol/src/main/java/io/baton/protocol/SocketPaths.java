package io.baton.protocol;

import com.sun.security.auth.module.UnixSystem;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.LongSupplier;

/** Where the daemon's socket and state live by default, from the environment, as the daemon and the SDK agree. */
public final class SocketPaths {
  /** The environment variable that overrides the socket path. */
  public static final String SOCKET_ENV = "BATON_SOCKET";

  private SocketPaths() {}

  /**
   * The default socket path for the current process: see {@link #defaultSocket(Map)}.
   *
   * @throws UnsupportedOperationException if no socket variable is set and the user id cannot be read (not a Unix
   *     JDK)
   */
  public static Path defaultSocket() {
    return defaultSocket(System.getenv());
  }

  /**
   * The default socket path for {@code env}: {@code $BATON_SOCKET} if set and non-empty, else
   * {@code $XDG_RUNTIME_DIR/baton/baton.sock} if that variable is an absolute path, else
   * {@code /tmp/baton-<uid>/baton.sock}.
   *
   * @throws UnsupportedOperationException if no socket variable is set and the user id cannot be read (not a Unix
   *     JDK)
   */
  public static Path defaultSocket(Map<String, String> env) {
    return defaultSocket(env, SocketPaths::currentUid);
  }

  static Path defaultSocket(Map<String, String> env, LongSupplier uid) {
    String socket = env.get(SOCKET_ENV);
    if (socket != null && !socket.isEmpty()) {
      return Path.of(socket);
    }
    String runtimeDir = xdgDir(env, "XDG_RUNTIME_DIR");
    if (runtimeDir != null) {
      return Path.of(runtimeDir, "baton", "baton.sock");
    }
    // Per user, so that two users on one machine never share (or hijack) a daemon.
    return Path.of("/tmp", "baton-" + uid.getAsLong(), "baton.sock");
  }

  /** The default state directory (history database) for the current process: see {@link #defaultStateDir(Map)}. */
  public static Path defaultStateDir() {
    return defaultStateDir(System.getenv());
  }

  /**
   * The default state directory for {@code env}: {@code $XDG_STATE_HOME/baton} if that variable is an absolute path,
   * else {@code $HOME/.local/state/baton} ({@code user.home} when {@code HOME} is not set).
   */
  public static Path defaultStateDir(Map<String, String> env) {
    String stateHome = xdgDir(env, "XDG_STATE_HOME");
    if (stateHome != null) {
      return Path.of(stateHome, "baton");
    }
    String home = env.get("HOME");
    if (home == null || home.isEmpty()) {
      home = System.getProperty("user.home");
    }
    return Path.of(home, ".local", "state", "baton");
  }

  /** The variable's value, or null when it is unset, empty or relative (which the XDG spec says to ignore). */
  private static String xdgDir(Map<String, String> env, String name) {
    String value = env.get(name);
    return value != null && value.startsWith("/") ? value : null;
  }

  private static long currentUid() {
    try {
      return new UnixSystem().getUid();
    } catch (LinkageError e) {
      throw new UnsupportedOperationException("cannot read the user id; set " + SOCKET_ENV, e);
    }
  }
}
