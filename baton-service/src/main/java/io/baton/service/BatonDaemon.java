package io.baton.service;

import io.baton.protocol.ProtocolConstants;
import io.baton.service.rpc.RpcServer;
import io.baton.service.session.SessionRegistry;
import io.baton.service.store.HistoryStore;
import io.grpc.BindableService;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Baton daemon: the session registry, its history store and the gRPC server on a Unix domain socket.
 *
 * <pre>{@code
 * try (BatonDaemon daemon = BatonDaemon.builder().socket(path).stateDir(dir).start()) {
 *   daemon.awaitTermination();
 * }
 * }</pre>
 *
 * <h2>Lifecycle</h2>
 * {@link Builder#start()} creates the socket's directory (mode 0700; 0755 with a shared socket, see
 * {@link AccessPolicy}), refuses to start when another daemon already
 * serves the socket, and reclaims a stale socket file left by a crashed daemon. {@link #close()} stops accepting
 * calls, ends every client's stream, writes pending history and removes the socket file; it is idempotent.
 */
public final class BatonDaemon implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BatonDaemon.class);

  /** The version reported to clients. */
  public static final String VERSION = "0.1.0";

  private final Path socket;
  private final DeviceIdentity device;
  private final ScheduledExecutorService scheduler;
  private final HistoryStore history;
  private final SessionRegistry registry;
  private final RpcServer server;
  private final FileChannel socketLock;
  private final List<BindableService> services;
  private volatile boolean closed;

  private BatonDaemon(Path socket, FileChannel socketLock, DeviceIdentity device, ScheduledExecutorService scheduler,
      HistoryStore history, SessionRegistry registry, RpcServer server, List<BindableService> services) {
    this.socketLock = socketLock;
    this.socket = socket;
    this.device = device;
    this.scheduler = scheduler;
    this.history = history;
    this.registry = registry;
    this.server = server;
    this.services = services;
  }

  /** A builder with the defaults: the default socket and state directory, {@link DaemonConfig#DEFAULTS}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The socket the daemon serves. */
  public Path socket() {
    return socket;
  }

  /** This daemon's device identity, kept in its state directory. */
  public DeviceIdentity device() {
    return device;
  }

  /** The session rules (for in-process use and tests). */
  public SessionRegistry registry() {
    return registry;
  }

  /** Blocks until the daemon has shut down. */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /** Shuts down: ends every client's stream, writes pending history, removes the socket. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.close();
    for (BindableService service : services) {
      if (service instanceof AutoCloseable) {
        try {
          ((AutoCloseable) service).close();
        } catch (Exception e) {
          log.warn("closing {} failed", service.getClass().getSimpleName(), e);
        }
      }
    }
    registry.close();
    history.close();
    scheduler.shutdownNow();
    try {
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      log.warn("could not remove socket {}: {}", socket, e.getMessage());
    }
    try {
      socketLock.close();
    } catch (IOException e) {
      log.warn("could not release {}: {}", lockFile(socket), e.getMessage());
    }
    log.info("baton daemon stopped");
  }

  /**
   * What a service added with {@link Builder#addService} is made from.
   *
   * @param registry the session rules
   * @param device this device's identity
   * @param credentials this device's key and certificate
   * @param stateDir the daemon's state directory
   * @param config the daemon's limits
   * @param daemonUid the uid the daemon runs as
   * @param scheduler the daemon's timer thread, for short non-blocking tasks
   * @param socket the socket the daemon serves (being started: connect to it only after the daemon has started)
   */
  public record Context(SessionRegistry registry, DeviceIdentity device, DeviceCredentials credentials, Path stateDir,
      DaemonConfig config, int daemonUid, ScheduledExecutorService scheduler, Path socket) {}

  /** Configures and starts a daemon. */
  public static final class Builder {
    private Path socket;
    private Path stateDir;
    private DaemonConfig config = DaemonConfig.DEFAULTS;
    private AccessPolicy access = AccessPolicy.perUser();
    private final List<Function<Context, BindableService>> serviceFactories = new ArrayList<>();
    private String deviceName;

    private Builder() {}

    /**
     * Serves one more gRPC service on the daemon's socket, made from the daemon's registry when it starts (casting
     * uses this). The service gets the session service's interceptors; see
     * {@link io.baton.service.rpc.CallContext#currentClient}. If it is {@link AutoCloseable}, {@link #close()} closes
     * it after the server stopped.
     */
    public Builder addService(Function<Context, BindableService> factory) {
      serviceFactories.add(Objects.requireNonNull(factory, "factory"));
      return this;
    }

    /** The name other devices see. Default: the one kept in the state directory (the host name at creation). */
    public Builder deviceName(String name) {
      if (name.isBlank() || name.length() > 64) {
        throw new IllegalArgumentException("a device name must be 1 to 64 characters, not blank");
      }
      this.deviceName = name;
      return this;
    }

    /** The socket to serve. Default: {@code BATON_SOCKET}, else {@code $XDG_RUNTIME_DIR/baton/baton.sock}. */
    public Builder socket(Path socket) {
      this.socket = Objects.requireNonNull(socket, "socket");
      return this;
    }

    /** Where history is kept. Default: {@code $XDG_STATE_HOME/baton}. */
    public Builder stateDir(Path stateDir) {
      this.stateDir = Objects.requireNonNull(stateDir, "stateDir");
      return this;
    }

    /** Limits and timings. */
    public Builder config(DaemonConfig config) {
      this.config = Objects.requireNonNull(config, "config");
      return this;
    }

    /** Who may connect and do what. Default: {@link AccessPolicy#perUser()}. */
    public Builder access(AccessPolicy access) {
      this.access = Objects.requireNonNull(access, "access");
      return this;
    }

    /**
     * Starts the daemon; it accepts calls when this returns.
     *
     * @throws IOException if the socket cannot be created
     * @throws IllegalStateException if another daemon is serving the socket
     */
    public BatonDaemon start() throws IOException {
      Path socketPath = (socket != null ? socket : io.baton.protocol.SocketPaths.defaultSocket()).toAbsolutePath();
      Path state = stateDir != null ? stateDir : io.baton.protocol.SocketPaths.defaultStateDir();
      DeviceCredentials credentials;
      DeviceIdentity device;
      try {
        java.util.Optional<DeviceIdentity> recorded = DeviceIdentity.recorded(state);
        if (recorded.isPresent()) {
          // The usual start: no certificate or key parsing until a device link needs them.
          device = recorded.get();
          credentials = DeviceCredentials.lazy(state, device.id());
        } else {
          credentials = DeviceCredentials.loadOrCreate(state);
          device = DeviceIdentity.loadOrCreate(state, credentials);
        }
      } catch (IOException e) {
        // A read-only or full state directory must not stop the daemon; the identity then lasts for this run only.
        credentials = DeviceCredentials.ephemeral();
        device = new DeviceIdentity(credentials.deviceId(), DeviceIdentity.hostName());
        log.warn("cannot keep the device identity in {} ({}); using {} for this run only", state, e.getMessage(),
            device.id());
      }
      if (deviceName != null) {
        device = device.withName(deviceName);
      }
      FileChannel socketLock = prepareSocket(socketPath, access.sharedSocket());
      ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "baton-timers");
        t.setDaemon(true);
        return t;
      });
      HistoryStore history = new HistoryStore(state, config.historyKept());
      SessionRegistry registry = new SessionRegistry(config, access, System::nanoTime, System::currentTimeMillis,
          scheduler, history);
      RpcServer server;
      List<BindableService> services = new ArrayList<>();
      try {
        Context context = new Context(registry, device, credentials, state, config, currentUid(), scheduler,
            socketPath);
        for (Function<Context, BindableService> factory : serviceFactories) {
          services.add(factory.apply(context));
        }
        server = RpcServer.startOnSocket(socketPath, registry, config.outboxCapacity(), currentUid(), VERSION,
            services);
        Files.setPosixFilePermissions(socketPath,
            PosixFilePermissions.fromString(access.sharedSocket() ? "rw-rw-rw-" : "rw-------"));
      } catch (IOException | RuntimeException e) {
        for (BindableService service : services) {
          if (service instanceof AutoCloseable) {
            try {
              ((AutoCloseable) service).close();
            } catch (Exception closeFailure) {
              e.addSuppressed(closeFailure);
            }
          }
        }
        registry.close();
        history.close();
        scheduler.shutdownNow();
        socketLock.close();
        throw e;
      }
      log.info("baton daemon {} serving {} as device {} ({}); state in {}, max message {} bytes", VERSION, socketPath,
          device.id(), device.name(), state, ProtocolConstants.MAX_MESSAGE_BYTES);
      return new BatonDaemon(socketPath, socketLock, device, scheduler, history, registry, server,
          List.copyOf(services));
    }
  }

  /** The uid this JVM runs as. */
  static int currentUid() {
    return (int) new com.sun.security.auth.module.UnixSystem().getUid();
  }

  /**
   * Makes the socket's place ready and claims it: returns the lock on {@code <socket>.lock}, held for the daemon's
   * life. The lock, not the socket file, decides who serves: a daemon whose socket file was deleted still holds it,
   * and the kernel releases it when a daemon dies, so a crashed daemon's leftovers are reclaimed.
   *
   * @throws IllegalStateException if another daemon holds the lock or answers on the socket
   */
  private static FileChannel prepareSocket(Path socket, boolean shared) throws IOException {
    Path dir = socket.getParent();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    if (shared) {
      // Every local user must be able to reach the socket; what they may do is the access policy's business.
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    FileChannel lock = FileChannel.open(lockFile(socket), StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    try {
      FileLock held;
      try {
        held = lock.tryLock();
      } catch (OverlappingFileLockException e) {
        held = null; // Held by another daemon in this JVM.
      }
      if (held == null) {
        throw new IllegalStateException("another Baton daemon (pid " + lockHolder(lock) + ") is already serving "
            + socket + " (it holds " + lockFile(socket) + ")");
      }
      if (Files.exists(socket)) {
        if (isServed(socket)) {
          throw new IllegalStateException("another Baton daemon is already serving " + socket);
        }
        log.info("removing stale socket {} left by a daemon that is gone", socket);
        Files.delete(socket);
      }
      lock.truncate(0);
      lock.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
      return lock;
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  private static Path lockFile(Path socket) {
    return socket.resolveSibling(socket.getFileName() + ".lock");
  }

  /** The pid the lock's holder wrote into it, or "unknown". */
  private static String lockHolder(FileChannel lock) {
    try {
      ByteBuffer buf = ByteBuffer.allocate(32);
      lock.read(buf, 0);
      String pid = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
      return pid.isEmpty() ? "unknown" : pid;
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static boolean isServed(Path socket) {
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
