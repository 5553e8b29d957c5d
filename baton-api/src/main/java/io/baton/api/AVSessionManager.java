package io.baton.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A connection to the Baton session service: creates sessions (for apps that play media) and controllers (for apps
 * that control it), lists sessions and routes system key events.
 *
 * <pre>{@code
 * try (AVSessionManager manager = AVSessionManager.builder().appId("com.example.player").connect()) {
 *   AVSession session = manager.createSession("main", AVSessionType.AUDIO).join();
 *   session.addCommandHandler(AVControlCommandType.PLAY, command -> player.play());
 *   session.setAVMetadata(AVMetadata.builder().setAssetId("42").setTitle("Song").build());
 *   session.activate();
 * }
 * }</pre>
 *
 * <h2>Lifecycle</h2>
 * {@link #close()} destroys this connection's sessions and controllers and is idempotent. If the daemon goes away,
 * calls are retried for up to {@linkplain Builder#retryTimeout 3 s} and then fail with
 * {@link AVSessionErrorCode#SERVICE_EXCEPTION 6600101}; listeners get {@link Listener#onSessionServiceDie()}. When the
 * daemon is back, the manager restores its sessions (tag, type, metadata, state, queue, handlers, activation) and
 * re-attaches its controllers, reporting new ids through {@link RecoveryListener}, unless
 * {@linkplain Builder#recovery recovery is off}.
 *
 * <h2>Threading</h2>
 * Thread-safe. Every IPC call returns a {@link CompletableFuture} that completes on the callback executor (never on an
 * I/O thread); listeners and handlers also run on that executor, one at a time, in the order events happened. So
 * never block on a Baton future inside a listener or handler: chain with {@code thenAccept} instead (blocking there
 * waits for a callback that can only run after yours returns).
 *
 * <h2>Errors</h2>
 * Futures fail with {@link AVSessionException}; its {@link AVSessionException#errorCode()} is one of the codes listed
 * on each method.
 */
public interface AVSessionManager extends AutoCloseable {

  /** Connects with the defaults: socket from {@code BATON_SOCKET} or the default path, app id from the JVM. */
  static AVSessionManager connect() {
    return builder().connect();
  }

  /** A builder for a connection. */
  static Builder builder() {
    return new Builder();
  }

  /** The app id this connection declared. */
  String appId();

  /**
   * Creates a session owned by this connection. Sessions start inactive.
   *
   * <p>Errors: 401 (empty tag, tag too long), 6600101 (session limit reached, daemon unreachable).
   */
  CompletableFuture<AVSession> createSession(String tag, AVSessionType type);

  /**
   * Creates a controller for a session (of any app on this device).
   *
   * <p>Errors: 401 (empty id), 6600102 (no such session), 201 (a session of another user, for an untrusted caller).
   */
  CompletableFuture<AVSessionController> createController(String sessionId);

  /** Descriptors of every live session, newest first. */
  CompletableFuture<List<AVSessionDescriptor>> getAllSessionDescriptors();

  /**
   * Descriptors of recently played sessions that are no longer alive, newest first.
   *
   * @param maxSize 1 to 10; 0 means the default, 3. Errors: 401 when out of range.
   */
  CompletableFuture<List<AVSessionDescriptor>> getHistoricalSessionDescriptors(int maxSize);

  /**
   * Sends a media key to the top session (headset-hook and play/pause presses within 500 ms are counted: 1 toggles,
   * 2 plays next, 3 plays previous).
   *
   * <p>Errors: 6600105 (not a media key), 6600102 (no session to receive it), 202 (caller is not a system caller).
   */
  CompletableFuture<Void> sendSystemAVKeyEvent(KeyEvent event);

  /**
   * Sends a control command to the top session. Errors: as {@link AVSessionController#sendControlCommand}, plus 202.
   */
  CompletableFuture<Void> sendSystemControlCommand(AVControlCommand command);

  /** The daemon's internal state as JSON (sessions, controllers, clients, rate limiting, persistence). */
  CompletableFuture<String> dump();

  /**
   * Casting to DLNA/UPnP renderers through this connection.
   *
   * @throws UnsupportedOperationException if this implementation cannot cast
   */
  default AVCastManager getCastManager() {
    throw new UnsupportedOperationException(getClass().getName() + " does not support casting");
  }

  /** Pairing and paired devices. The default implementation supports none. */
  default DeviceManager getDeviceManager() {
    throw new UnsupportedOperationException(getClass().getName() + " does not support other devices");
  }

  /**
   * Controllers of the sessions of a connected device ({@code deviceId}), or of every connected device when it is
   * null (upstream's {@code getDistributedSessionController}). {@link Listener#onRemoteSessionsChange} says when the
   * set changes. Errors: 6600109 when {@code deviceId} names no device with an established link, or (for null) no
   * device is connected.
   */
  default CompletableFuture<List<AVSessionController>> getDistributedSessionControllers(@Nullable String deviceId) {
    throw new UnsupportedOperationException(getClass().getName() + " does not support other devices");
  }

  /** Registers a listener for manager events. */
  void addListener(Listener listener);

  /** Unregisters a listener. */
  void removeListener(Listener listener);

  /** Registers a listener told when sessions and controllers get new ids after a daemon restart. */
  void addRecoveryListener(RecoveryListener listener);

  /** Destroys this connection's sessions and controllers and closes the connection. Idempotent. */
  @Override
  void close();

  /** Manager events. Every method has an empty default. */
  interface Listener {
    /** A session was created (by any app). */
    default void onSessionCreate(AVSessionDescriptor descriptor) {}

    /** A session was destroyed. */
    default void onSessionDestroy(AVSessionDescriptor descriptor) {}

    /** Another session became the top session. Never called with "no top session". */
    default void onTopSessionChange(AVSessionDescriptor descriptor) {}

    /** A session of another device appeared or disappeared (see {@link #getDistributedSessionControllers}). */
    default void onRemoteSessionsChange(String deviceId) {}

    /** The daemon stopped answering (after the retry window), or the connection to it broke. */
    default void onSessionServiceDie() {}

    /** The connection to a (restarted) daemon is back and recovery has finished. */
    default void onSessionServiceRestored() {}
  }

  /** Told how objects were re-created after the daemon restarted. Every method has an empty default. */
  interface RecoveryListener {
    /** A session of this connection was re-created under a new id. */
    default void onSessionRestored(String oldSessionId, String newSessionId) {}

    /** A controller was re-attached; {@code newSessionId} is where it now points. */
    default void onControllerReattached(String oldSessionId, String newSessionId) {}

    /**
     * A controller could not be re-attached: its session did not come back within twice the retry timeout (another
     * app's session is restored by that app's own SDK). The controller now fails with 6600102.
     */
    default void onControllerLost(String sessionId) {}
  }

  /** Configures and opens a connection. */
  final class Builder {
    private Path socket;
    private String appId;
    private Executor callbackExecutor;
    private Duration retryTimeout = Duration.ofSeconds(3);
    private boolean recovery = true;

    Builder() {}

    /** The daemon's socket. Default: {@code BATON_SOCKET}, else {@code $XDG_RUNTIME_DIR/baton/baton.sock}. */
    public Builder socket(Path socket) {
      this.socket = Objects.requireNonNull(socket, "socket");
      return this;
    }

    /** This client's app id, {@code [A-Za-z0-9._-]{1,128}}. Default: {@code java.<main class>} or {@code java}. */
    public Builder appId(String appId) {
      this.appId = Objects.requireNonNull(appId, "appId");
      return this;
    }

    /**
     * Where futures complete and listeners run. Default: a single thread per manager, so that callbacks are
     * serialized. A direct executor is allowed if callbacks never block.
     */
    public Builder callbackExecutor(Executor executor) {
      this.callbackExecutor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** How long calls are retried while the daemon is unreachable before failing with 6600101. Default 3 s. */
    public Builder retryTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("retryTimeout must not be negative: " + timeout);
      }
      this.retryTimeout = timeout;
      return this;
    }

    /** Whether to restore sessions and controllers after a daemon restart. Default true. */
    public Builder recovery(boolean recovery) {
      this.recovery = recovery;
      return this;
    }

    /** The configured socket, or {@code null} for the default. */
    public @Nullable Path socket() {
      return socket;
    }

    /** The configured app id, or {@code null} for the default. */
    public @Nullable String appId() {
      return appId;
    }

    /** The configured callback executor, or {@code null} for the default. */
    public @Nullable Executor callbackExecutor() {
      return callbackExecutor;
    }

    /** The retry window. */
    public Duration retryTimeout() {
      return retryTimeout;
    }

    /** Whether recovery is on. */
    public boolean recovery() {
      return recovery;
    }

    /**
     * Connects, using the first {@link Provider} found by {@link ServiceLoader} (the {@code baton-client} module).
     *
     * @throws AVSessionException 6600101 if the daemon cannot be reached within the retry window (a connection that
     *     is under way, on a busy machine, is given up to 30 s)
     * @throws IllegalStateException if no implementation is on the class path
     */
    public AVSessionManager connect() {
      for (Provider provider : ServiceLoader.load(Provider.class)) {
        return provider.connect(this);
      }
      throw new IllegalStateException("no AVSessionManager implementation found: add baton-client to the class path");
    }
  }

  /** The service-provider interface implemented by {@code baton-client}. Not for applications. */
  interface Provider {
    /** Opens a connection configured by {@code builder}. */
    AVSessionManager connect(Builder builder);
  }
}
