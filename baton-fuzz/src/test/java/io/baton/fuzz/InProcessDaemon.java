package io.baton.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.service.DaemonConfig;
import io.baton.service.rpc.PeerIdentity;
import io.baton.service.rpc.RpcServer;
import io.baton.service.session.SessionRegistry;
import io.baton.service.store.HistoryStore;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The daemon's real request path on gRPC's in-process transport: {@link RpcServer} with its interceptors (malformed
 * requests, client id, caller identity), the session service, the {@link SessionRegistry} and a SQLite
 * {@link HistoryStore}, exactly as {@code BatonDaemon} wires them, minus the Unix socket. Every caller has pid
 * {@value #PID} and the daemon's own uid, so it is trusted with system operations.
 *
 * <p>One instance serves every input of a fuzz test: each input connects its own clients and disconnects them, and
 * {@link #assertNothingLeft} then proves the registry is back to empty.
 */
final class InProcessDaemon implements AutoCloseable {
  static final int PID = 4242;
  static final int UID = 1000;

  /**
   * The defaults, except: a 20 ms key-click window (so that play/pause keys answer quickly) and a 64-message outbox.
   */
  static final DaemonConfig CONFIG = new DaemonConfig(1000, 16, 10, Duration.ofSeconds(5), Duration.ofSeconds(5),
      Duration.ofMillis(20), 64, 99);

  private final Path stateDir;
  private final ScheduledExecutorService scheduler;
  private final HistoryStore history;
  private final SessionRegistry registry;
  private final RpcServer server;
  private final ManagedChannel channel;
  // Session apps answer commands here, off the transport's thread, as a real app's SDK does.
  private final ExecutorService apps = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "fuzz-app");
    t.setDaemon(true);
    return t;
  });

  private InProcessDaemon(Path stateDir) throws IOException {
    this.stateDir = stateDir;
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "fuzz-daemon-timers");
      t.setDaemon(true);
      return t;
    });
    history = new HistoryStore(stateDir, CONFIG.historyKept());
    registry = new SessionRegistry(CONFIG, System::nanoTime, System::currentTimeMillis, scheduler, history);
    String name = "baton-fuzz-" + System.nanoTime();
    server = RpcServer.startInProcess(name, registry, CONFIG.outboxCapacity(), new PeerIdentity(PID, UID), UID);
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  /** Starts a daemon with its state in a new temporary directory. */
  static InProcessDaemon start() {
    try {
      return new InProcessDaemon(Files.createTempDirectory("baton-fuzz"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new client: its Connect stream is open, Hello not yet sent. */
  WireClient open() {
    return new WireClient(channel, apps);
  }

  /** A new client that said Hello as {@code appId} and reads nothing after the Welcome until told to. */
  WireClient connectSlow(String appId) {
    WireClient client = new WireClient(channel, apps, true);
    client.hello(appId);
    return client;
  }

  /** A new client that said Hello as {@code appId} and got its Welcome. */
  WireClient connect(String appId) {
    WireClient client = open();
    client.hello(appId);
    return client;
  }

  /** Runs one scenario, so that the first fuzz input does not pay for loading (and instrumenting) every class. */
  void warmUp() {
    Scenario.build(this, 0).close();
  }

  SessionRegistry registry() {
    return registry;
  }

  /**
   * The registry's state as {@code baton dump} shows it, without what a refused call may legitimately change or what
   * moves on its own: the rate limiter's counters, the history store's health, and each client's event counters.
   */
  Map<String, Object> state() {
    Map<String, Object> dump = new LinkedHashMap<>(registry.dump());
    dump.remove("rateLimited");
    dump.remove("persistence");
    List<Object> clients = new ArrayList<>();
    for (Object c : (List<?>) dump.get("clients")) {
      Map<?, ?> client = new LinkedHashMap<>((Map<?, ?>) c);
      client.remove("queuedEvents");
      client.remove("droppedEvents");
      client.remove("coalescedEvents");
      clients.add(client);
    }
    dump.put("clients", clients);
    return dump;
  }

  /**
   * Waits (at most 2 s: disconnects are handled on the transport's thread) until the registry holds no session,
   * controller, client, pending command or top session, and fails with the dump if it does not get there.
   */
  void assertNothingLeft() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    Map<String, Object> dump;
    do {
      dump = registry.dump();
      if (isEmpty(dump)) {
        return;
      }
      LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
    } while (System.nanoTime() < deadline);
    assertThat(dump).as("daemon state after every client disconnected (leak)").satisfies(d -> {
      assertThat((List<?>) d.get("sessions")).as("sessions").isEmpty();
      assertThat(d.get("controllers")).as("controllers").isEqualTo(0);
      assertThat((List<?>) d.get("clients")).as("clients").isEmpty();
      assertThat(d.get("pendingCommands")).as("pendingCommands").isEqualTo(0);
      assertThat(d.get("topSession")).as("topSession").isEqualTo("");
    });
  }

  private static boolean isEmpty(Map<String, Object> dump) {
    return ((List<?>) dump.get("sessions")).isEmpty()
        && Integer.valueOf(0).equals(dump.get("controllers"))
        && ((List<?>) dump.get("clients")).isEmpty()
        && Integer.valueOf(0).equals(dump.get("pendingCommands"))
        && "".equals(dump.get("topSession"));
  }

  @Override
  public void close() throws Exception {
    channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
    server.close();
    registry.close();
    history.close();
    scheduler.shutdownNow();
    apps.shutdownNow();
    try (var files = Files.walk(stateDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
