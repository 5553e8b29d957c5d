package io.baton.mqtt;

import io.baton.api.AVControlCommand;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.Nullable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions of every device on a broker, read from the bridges' retained snapshots, and commands to them through
 * the broker: the SDK equivalent of {@code baton ls --fleet} and {@code baton send --fleet}.
 *
 * <pre>{@code
 * try (BatonFleet fleet = BatonFleet.connect(MqttOptions.builder("tcp://broker:1883").build())) {
 *   for (FleetSession s : fleet.sessions()) {
 *     System.out.println(s.deviceName() + " " + s.descriptor().title() + " " + s.online());
 *   }
 *   fleet.sendControlCommand(sessionId, AVControlCommand.pause()).join();
 * }
 * }</pre>
 *
 * <h2>What it sees</h2>
 * {@link #connect} returns once the broker has delivered the retained status and snapshots (it waits until none has
 * arrived for {@value #QUIET_MS} ms, at most {@link #SETTLE_TIMEOUT}); later changes keep the view current until
 * {@link #close()}. A device whose daemon was killed keeps its last snapshots on the broker until it runs again, with
 * {@link FleetSession#online()} false.
 *
 * <h2>Errors</h2>
 * Command futures fail with {@link AVSessionException}: the device's own error (exact code, message and detail, as
 * the session's daemon reported it), or {@link AVSessionErrorCode#REMOTE_CONNECTION_NOT_EXIST 6600109} when the
 * device is offline, unknown to the broker, goes offline while the command is pending, or sends no result in time.
 *
 * <h2>Threading</h2>
 * Thread-safe. Futures complete on the fleet's own thread: do not block there.
 */
public final class BatonFleet implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BatonFleet.class);

  /** How long {@link #connect} waits for the broker. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  /** The longest {@link #connect} waits for retained messages after subscribing. */
  public static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(3);
  /** How long a command waits for its result by default. */
  public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
  private static final long QUIET_MS = 250;

  private final MqttOptions options;
  private final MqttTopics topics;
  private final ScheduledExecutorService executor;
  private final BrokerLink link;
  private final CompletableFuture<Void> subscribed = new CompletableFuture<>();

  // Guarded by this.
  private final Map<String, String> statuses = new HashMap<>();
  private final Map<String, Map<String, byte[]>> snapshots = new HashMap<>();
  private final Map<String, Pending> pending = new HashMap<>();
  private final Set<String> resultSubscriptions = new HashSet<>();
  private long lastMessageNanos = System.nanoTime();

  /** A command waiting for its result. */
  private record Pending(String deviceId, CompletableFuture<Void> result) {}

  private BatonFleet(MqttOptions options) {
    this.options = options;
    this.topics = new MqttTopics(options.baseTopic());
    ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "baton-fleet");
      t.setDaemon(true);
      return t;
    });
    ex.setRemoveOnCancelPolicy(true);
    this.executor = ex;
    String clientId = options.clientId() != null ? options.clientId()
        : "baton-fleet-" + UUID.randomUUID().toString().substring(0, 8);
    this.link = new BrokerLink(options, clientId, null, executor, version -> subscribeAll());
  }

  /** {@link #connect(MqttOptions, Duration)} with {@link #CONNECT_TIMEOUT}. */
  public static BatonFleet connect(MqttOptions options) {
    return connect(options, CONNECT_TIMEOUT);
  }

  /**
   * Connects to the broker, subscribes to every device's status and snapshots, and waits for the retained ones.
   * {@link MqttOptions#clientId()}, when set, must not be a bridge's client id (the broker would disconnect the
   * bridge); by default a random {@code baton-fleet-…} id is used.
   *
   * @throws AVSessionException 6600109 when the broker cannot be reached within {@code timeout}
   */
  public static BatonFleet connect(MqttOptions options, Duration timeout) {
    Objects.requireNonNull(options, "options");
    BatonFleet fleet = new BatonFleet(options);
    fleet.link.start();
    try {
      fleet.subscribed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      fleet.awaitQuiet();
      return fleet;
    } catch (TimeoutException e) {
      fleet.close();
      throw new AVSessionException(AVSessionErrorCode.REMOTE_CONNECTION_NOT_EXIST,
          "MQTT broker " + options.url() + " not reachable within " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      fleet.close();
      throw new AVSessionException(AVSessionErrorCode.REMOTE_CONNECTION_NOT_EXIST,
          "MQTT broker " + options.url() + ": " + BrokerLink.describe(e), e);
    } catch (InterruptedException e) {
      fleet.close();
      Thread.currentThread().interrupt();
      throw new AVSessionException(AVSessionErrorCode.SERVICE_EXCEPTION, "interrupted while connecting", e);
    }
  }

  private void subscribeAll() {
    CompletableFuture<Void> status = link.subscribe(topics.allStatusFilter(), false, this::onMessage);
    CompletableFuture<Void> sessions = link.subscribe(topics.allSessionsFilter(), false, this::onMessage);
    synchronized (this) {
      // After a reconnection, results of pending commands must still reach us.
      new ArrayList<>(resultSubscriptions).forEach(t -> link.subscribe(t, false, this::onMessage));
      lastMessageNanos = System.nanoTime();
    }
    CompletableFuture.allOf(status, sessions).whenComplete((ok, error) -> {
      if (error != null) {
        subscribed.completeExceptionally(error);
      } else {
        subscribed.complete(null);
      }
    });
  }

  private void awaitQuiet() throws InterruptedException {
    long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      long quietFor;
      synchronized (this) {
        quietFor = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastMessageNanos);
      }
      if (quietFor >= QUIET_MS) {
        return;
      }
      Thread.sleep(Math.max(10, QUIET_MS - quietFor));
    }
  }

  private void onMessage(BrokerLink.Message message) {
    MqttTopics.Parsed parsed = topics.parse(message.topic());
    if (parsed == null) {
      return;
    }
    List<Pending> lost = new ArrayList<>();
    Pending answered = null;
    Payloads.Result result = null;
    synchronized (this) {
      lastMessageNanos = System.nanoTime();
      switch (parsed.kind()) {
        case STATUS -> {
          String status = new String(message.payload(), StandardCharsets.UTF_8).trim();
          if (status.isEmpty()) {
            statuses.remove(parsed.deviceId());
          } else {
            statuses.put(parsed.deviceId(), status);
          }
          if (!MqttTopics.ONLINE.equals(status)) {
            pending.values().removeIf(p -> {
              if (p.deviceId().equals(parsed.deviceId())) {
                lost.add(p);
                return true;
              }
              return false;
            });
          }
        }
        case SESSION -> {
          Map<String, byte[]> device = snapshots.computeIfAbsent(parsed.deviceId(), d -> new HashMap<>());
          if (message.payload().length == 0) {
            device.remove(parsed.sessionId());
          } else {
            device.put(parsed.sessionId(), message.payload());
          }
        }
        case RESULT -> {
          try {
            result = Payloads.parseResult(message.payload());
            answered = result.requestId() == null ? null : pending.remove(result.requestId());
          } catch (IOException e) {
            log.debug("ignoring a malformed result on {}", message.topic());
          }
        }
        default -> {
          // Commands are for the bridges.
        }
      }
    }
    for (Pending p : lost) {
      p.result().completeExceptionally(new AVSessionException(AVSessionErrorCode.REMOTE_CONNECTION_NOT_EXIST,
          "device " + p.deviceId() + " went offline before answering"));
    }
    if (answered != null) {
      if (result.error() == null) {
        answered.result().complete(null);
      } else {
        answered.result().completeExceptionally(result.error());
      }
    }
  }

  /** Every device that has a status or snapshots on the broker, online ones first, then by name. */
  public List<FleetDevice> devices() {
    List<FleetDevice> devices = new ArrayList<>();
    synchronized (this) {
      Set<String> ids = new HashSet<>(statuses.keySet());
      snapshots.forEach((id, sessions) -> {
        if (!sessions.isEmpty()) {
          ids.add(id);
        }
      });
      for (String id : ids) {
        String name = "";
        for (FleetSession s : sessionsOf(id)) {
          name = s.deviceName();
          break;
        }
        devices.add(new FleetDevice(id, name, statuses.get(id)));
      }
    }
    devices.sort(Comparator.comparing((FleetDevice d) -> !d.online()).thenComparing(FleetDevice::name)
        .thenComparing(FleetDevice::id));
    return devices;
  }

  /** Every session of every device, newest first. */
  public List<FleetSession> sessions() {
    List<FleetSession> all = new ArrayList<>();
    synchronized (this) {
      for (String deviceId : snapshots.keySet()) {
        all.addAll(sessionsOf(deviceId));
      }
    }
    all.sort(Comparator.comparingLong((FleetSession s) -> s.descriptor().createdTimeMs()).reversed()
        .thenComparing(FleetSession::sessionId));
    return all;
  }

  // Guarded by this.
  private List<FleetSession> sessionsOf(String deviceId) {
    List<FleetSession> list = new ArrayList<>();
    boolean online = MqttTopics.ONLINE.equals(statuses.get(deviceId));
    for (byte[] payload : snapshots.getOrDefault(deviceId, Map.of()).values()) {
      try {
        list.add(Payloads.parseSnapshot(deviceId, payload, online));
      } catch (IOException | RuntimeException e) {
        log.debug("ignoring a malformed snapshot of device {}", deviceId);
      }
    }
    return list;
  }

  /**
   * The one session whose id starts with {@code idOrPrefix} (ignoring case), on any device.
   *
   * @throws AVSessionException 401 for an empty prefix; 6600102 when no session or several sessions match
   */
  public FleetSession findSession(String idOrPrefix) {
    if (idOrPrefix.isEmpty()) {
      throw new AVSessionException(AVSessionErrorCode.INVALID_PARAMETER, "SESSION: must not be empty");
    }
    String wanted = idOrPrefix.toUpperCase(Locale.ROOT);
    List<FleetSession> matches = sessions().stream()
        .filter(s -> s.sessionId().toUpperCase(Locale.ROOT).startsWith(wanted))
        .collect(Collectors.toList());
    if (matches.isEmpty()) {
      throw new AVSessionException(AVSessionErrorCode.SESSION_NOT_EXIST,
          "no session of any device on " + options.url() + " starts with '" + idOrPrefix + "'");
    }
    if (matches.size() > 1) {
      throw new AVSessionException(AVSessionErrorCode.SESSION_NOT_EXIST, "'" + idOrPrefix + "' is ambiguous: "
          + matches.size() + " sessions in the fleet start with it");
    }
    return matches.get(0);
  }

  /**
   * Sends {@code command} to the session {@code sessionId} (a full id, as listed by {@link #sessions()}), on the
   * device that publishes it, and waits at most {@link #COMMAND_TIMEOUT} for the result.
   *
   * @return completes when the session's app has run the command; fails with the device's error, 6600102 when no
   *     device lists the session, or 6600109 (device offline or unknown, or no result in time)
   */
  public CompletableFuture<Void> sendControlCommand(String sessionId, AVControlCommand command) {
    String deviceId;
    synchronized (this) {
      deviceId = snapshots.entrySet().stream().filter(e -> e.getValue().containsKey(sessionId))
          .map(Map.Entry::getKey).findFirst().orElse(null);
    }
    if (deviceId == null) {
      return CompletableFuture.failedFuture(new AVSessionException(AVSessionErrorCode.SESSION_NOT_EXIST,
          "no device on " + options.url() + " lists session " + sessionId));
    }
    return sendControlCommand(deviceId, sessionId, command, COMMAND_TIMEOUT);
  }

  /**
   * Sends {@code command} to session {@code sessionId} of device {@code deviceId} and waits at most {@code timeout}
   * for the result. The session need not be listed: the device answers 6600102 for one it does not have.
   *
   * @return fails with 6600109 when the device's status is not {@code online} (offline, or unknown to the broker),
   *     when it goes offline before answering, or when no result arrives within {@code timeout}; otherwise with the
   *     device's own error
   */
  public CompletableFuture<Void> sendControlCommand(String deviceId, String sessionId, AVControlCommand command,
      Duration timeout) {
    String status;
    synchronized (this) {
      status = statuses.get(deviceId);
    }
    if (status == null) {
      return CompletableFuture.failedFuture(new AVSessionException(AVSessionErrorCode.REMOTE_CONNECTION_NOT_EXIST,
          "device " + deviceId + " is unknown to the broker " + options.url() + " (no status)"));
    }
    if (!MqttTopics.ONLINE.equals(status)) {
      return CompletableFuture.failedFuture(new AVSessionException(AVSessionErrorCode.REMOTE_CONNECTION_NOT_EXIST,
          "device " + deviceId + " is " + status));
    }
    String requestId = UUID.randomUUID().toString();
    CompletableFuture<Void> result = new CompletableFuture<>();
    String resultTopic = topics.result(deviceId, sessionId);
    boolean subscribe;
    synchronized (this) {
      pending.put(requestId, new Pending(deviceId, result));
      subscribe = resultSubscriptions.add(resultTopic);
    }
    CompletableFuture<Void> ready = subscribe ? link.subscribe(resultTopic, false, this::onMessage)
        : CompletableFuture.completedFuture(null);
    ready.thenCompose(ok -> link.publish(topics.command(deviceId, sessionId), Payloads.command(command, requestId),
            false))
        .whenComplete((ok, error) -> {
          if (error != null) {
            if (subscribe) {
              synchronized (this) {
                resultSubscriptions.remove(resultTopic);
              }
            }
            fail(requestId, "sending to device " + deviceId + " failed: " + BrokerLink.describe(error));
          }
        });
    executor.schedule(() -> fail(requestId, "no result from device " + deviceId + " within "
        + timeout.toMillis() + " ms"), timeout.toMillis(), TimeUnit.MILLISECONDS);
    return result;
  }

  private void fail(String requestId, String detail) {
    Pending p;
    synchronized (this) {
      p = pending.remove(requestId);
    }
    if (p != null) {
      p.result().completeExceptionally(new AVSessionException(AVSessionErrorCode.REMOTE_CONNECTION_NOT_EXIST, detail));
    }
  }

  /** The broker's URL. */
  public String brokerUrl() {
    return options.url().toString();
  }

  /** Disconnects; pending commands fail with 6600109. Idempotent. */
  @Override
  public void close() {
    link.disconnect(Duration.ofSeconds(2));
    List<String> ids;
    synchronized (this) {
      ids = new ArrayList<>(pending.keySet());
    }
    ids.forEach(id -> fail(id, "the fleet connection was closed"));
    executor.shutdownNow();
  }

  /**
   * A device on the broker.
   *
   * @param id the daemon's device id
   * @param name its display name, from its snapshots ({@code ""} when it has none)
   * @param status {@code online}, {@code offline}, or null when the broker holds no status for it
   */
  public record FleetDevice(String id, String name, @Nullable String status) {
    /** Whether the status is {@code online}. */
    public boolean online() {
      return MqttTopics.ONLINE.equals(status);
    }
  }
}
