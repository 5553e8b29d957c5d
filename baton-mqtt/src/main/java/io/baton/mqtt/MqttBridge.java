package io.baton.mqtt;

import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVSessionController;
import io.baton.api.AVSessionDescriptor;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.AVSessionManager;
import io.baton.api.EventFilter;
import io.baton.api.Nullable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors every session of one daemon onto an MQTT broker and runs the commands that arrive there (topics and
 * payloads: {@link MqttTopics}, README "MQTT bridge").
 *
 * <p>The bridge is an SDK client of the daemon like any app: it watches sessions through a manager with app id
 * {@value #WATCH_APP_ID} and controllers with every change filter open, and it sends the commands it receives through
 * a second manager with app id {@code mqtt.<MQTT client id>}, so valid commands, activation and the rate limit apply
 * to them as to any controller, with a rate-limit bucket of their own.
 *
 * <h2>Lifecycle</h2>
 * {@link #start} returns at once: the broker and the daemon are reached in the background, and the broker is retried
 * with backoff for as long as the bridge runs. On every (re)connection the bridge publishes its status ({@code online})
 * and every session's snapshot, retained, and clears retained snapshots of sessions that no longer exist (left by a
 * previous run that was killed). {@link #close()} clears the snapshots of its sessions, sets the status to
 * {@code offline} and disconnects; if the daemon dies instead, the broker publishes the same {@code offline} (the last
 * will).
 *
 * <h2>Threading and memory</h2>
 * All state lives on one thread ({@code baton-mqtt}), which is also the SDK's callback executor. Each session keeps
 * only its latest state: changes within {@link MqttOptions#minPublishInterval()} of the last publish are coalesced
 * into one snapshot, and nothing is queued while the broker is away, so memory is bounded by the number of sessions.
 */
public final class MqttBridge implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MqttBridge.class);

  /** The app id of the manager that watches sessions. */
  public static final String WATCH_APP_ID = "baton.mqtt";
  /** How long retained snapshots of a previous run are looked for after each connection. */
  private static final Duration GHOST_SWEEP = Duration.ofSeconds(5);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(3);
  private static final Pattern DEVICE_ID = Pattern.compile("[^/#+\\u0000]+");
  private static final Pattern APP_ID_CHARS = Pattern.compile("[^A-Za-z0-9._-]");

  private final Path socket;
  private final String deviceId;
  private final String deviceName;
  private final MqttOptions options;
  private final MqttTopics topics;
  private final String clientId;
  private final ScheduledExecutorService executor;
  private final BrokerLink link;
  private final Thread sdkConnector;

  // Confined to the executor.
  private final Map<String, Mirror> sessions = new HashMap<>();
  private final Map<String, CompletableFuture<AVSessionController>> commandControllers = new HashMap<>();
  private @Nullable AVSessionManager watcher;
  private @Nullable AVSessionManager commander;
  private volatile boolean closed;

  private MqttBridge(Path socket, String deviceId, String deviceName, MqttOptions options) {
    this.socket = socket;
    this.deviceId = deviceId;
    this.deviceName = deviceName;
    this.options = options;
    this.topics = new MqttTopics(options.baseTopic());
    // 22 characters: within the 23 that every MQTT 3.1.1 broker must accept.
    this.clientId = options.clientId() != null ? options.clientId()
        : "baton-" + deviceId.substring(0, Math.min(16, deviceId.length()));
    ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "baton-mqtt");
      t.setDaemon(true);
      return t;
    });
    ex.setRemoveOnCancelPolicy(true);
    this.executor = ex;
    this.link = new BrokerLink(options, clientId, new BrokerLink.Will(topics.status(deviceId), MqttTopics.OFFLINE),
        executor, new BrokerLink.Listener() {
          @Override
          public void onConnected(int version) {
            brokerConnected();
          }
        });
    this.sdkConnector = new Thread(this::connectToDaemon, "baton-mqtt-sdk-connect");
    this.sdkConnector.setDaemon(true);
  }

  /**
   * Starts a bridge for the daemon at {@code daemonSocket}; never waits for the broker or the daemon.
   *
   * @param deviceId the daemon's device id: the topic level under the base topic
   * @param deviceName the daemon's display name, put in every snapshot
   * @throws IllegalArgumentException for a device id that cannot be a topic level, or TLS files that cannot be used
   */
  public static MqttBridge start(Path daemonSocket, String deviceId, String deviceName, MqttOptions options) {
    Objects.requireNonNull(daemonSocket, "daemonSocket");
    Objects.requireNonNull(deviceName, "deviceName");
    Objects.requireNonNull(options, "options");
    if (!DEVICE_ID.matcher(deviceId).matches()) {
      throw new IllegalArgumentException("device id '" + deviceId + "' cannot be an MQTT topic level");
    }
    MqttBridge bridge = new MqttBridge(daemonSocket, deviceId, deviceName, options);
    bridge.link.start();
    bridge.sdkConnector.start();
    log.info("MQTT bridge for device {} starting: {} under {}/{}", deviceId, options.url(), options.baseTopic(),
        deviceId);
    return bridge;
  }

  /** The MQTT client id the bridge connects with. */
  public String clientId() {
    return clientId;
  }

  /** The app id of the manager that sends the commands received from the broker. */
  public String commandAppId() {
    String id = "mqtt." + APP_ID_CHARS.matcher(clientId).replaceAll("_");
    return id.length() > 128 ? id.substring(0, 128) : id;
  }

  /** Whether the bridge is connected to the broker now. */
  public boolean isConnected() {
    return link.isConnected();
  }

  // ------------------------------------------------------------------------------------------------ the daemon

  /** Connects both SDK managers (blocking calls, so on a thread of their own), retrying until it works or closes. */
  private void connectToDaemon() {
    long delayMs = 200;
    while (!closed) {
      AVSessionManager w = null;
      try {
        w = AVSessionManager.builder().socket(socket).appId(WATCH_APP_ID).callbackExecutor(executor).connect();
        AVSessionManager c = AVSessionManager.builder().socket(socket).appId(commandAppId())
            .callbackExecutor(executor).connect();
        AVSessionManager watching = w;
        executor.execute(() -> daemonConnected(watching, c));
        return;
      } catch (RuntimeException e) {
        if (w != null) {
          w.close();
        }
        log.warn("MQTT bridge cannot reach the daemon at {} ({}); retrying", socket, e.getMessage());
        try {
          Thread.sleep(delayMs);
        } catch (InterruptedException ie) {
          return;
        }
        delayMs = Math.min(delayMs * 2, 5000);
      }
    }
  }

  private void daemonConnected(AVSessionManager w, AVSessionManager c) {
    if (closed) {
      w.close();
      c.close();
      return;
    }
    watcher = w;
    commander = c;
    w.addListener(new AVSessionManager.Listener() {
      @Override
      public void onSessionCreate(AVSessionDescriptor descriptor) {
        track(descriptor);
      }

      @Override
      public void onSessionDestroy(AVSessionDescriptor descriptor) {
        untrack(descriptor.sessionId());
      }

      @Override
      public void onTopSessionChange(AVSessionDescriptor descriptor) {
        topChanged(descriptor.sessionId());
      }
    });
    w.getAllSessionDescriptors().whenComplete((list, error) -> {
      if (error != null) {
        log.warn("MQTT bridge could not list sessions: {}", BrokerLink.describe(error));
        return;
      }
      list.forEach(this::track);
    });
  }

  private void track(AVSessionDescriptor descriptor) {
    String id = descriptor.sessionId();
    // Another device's session (a paired device's, or one moved here): that device publishes it itself.
    if (closed || watcher == null || sessions.containsKey(id) || descriptor.remote()) {
      return;
    }
    Mirror mirror = new Mirror(descriptor);
    sessions.put(id, mirror);
    watcher.createController(id).whenComplete((controller, error) -> {
      if (error != null) {
        // Destroyed before we could look at it: the destroy event removes it, if it has not already.
        log.debug("MQTT bridge cannot watch session {}: {}", id, BrokerLink.describe(error));
        return;
      }
      mirror.attach(controller);
    });
  }

  private void untrack(String sessionId) {
    Mirror mirror = sessions.remove(sessionId);
    CompletableFuture<AVSessionController> commandController = commandControllers.remove(sessionId);
    if (commandController != null) {
      commandController.thenAccept(AVSessionController::destroy);
    }
    if (mirror == null) {
      return;
    }
    mirror.detach();
    if (mirror.ready && link.isConnected()) {
      // An empty retained message deletes the snapshot: late subscribers never see a ghost.
      publish(topics.session(deviceId, sessionId), new byte[0], true);
    }
  }

  private void topChanged(String topSessionId) {
    for (Mirror m : sessions.values()) {
      boolean top = m.descriptor.sessionId().equals(topSessionId);
      if (m.descriptor.top() != top) {
        m.descriptor = m.descriptor.buildUpon().setTop(top).build();
        m.changed();
      }
    }
  }

  // ------------------------------------------------------------------------------------------------ the broker

  private void brokerConnected() {
    if (closed) {
      return;
    }
    publish(topics.status(deviceId), MqttTopics.ONLINE.getBytes(StandardCharsets.UTF_8), true);
    link.subscribe(topics.commandsFilter(deviceId), false, this::onCommand).whenComplete((ok, error) -> {
      if (error != null) {
        log.warn("MQTT bridge cannot receive commands: {}", BrokerLink.describe(error));
      }
    });
    String own = topics.sessionsFilter(deviceId);
    link.subscribe(own, true, this::onOwnSnapshot).whenComplete((ok, error) -> {
      if (error == null) {
        // Retained messages arrive right after the subscription; after that, only our own publishes would.
        executor.schedule(() -> link.unsubscribe(own), GHOST_SWEEP.toMillis(), TimeUnit.MILLISECONDS);
      }
    });
    for (Mirror m : sessions.values()) {
      if (m.ready) {
        m.publishNow();
      }
    }
  }

  /** A retained snapshot of a session this daemon no longer has (the previous run was killed): delete it. */
  private void onOwnSnapshot(BrokerLink.Message message) {
    MqttTopics.Parsed parsed = topics.parse(message.topic());
    if (!message.retained() || message.payload().length == 0 || parsed == null
        || parsed.kind() != MqttTopics.Kind.SESSION || sessions.containsKey(parsed.sessionId())) {
      return;
    }
    log.info("MQTT bridge clears the stale snapshot of session {}", parsed.sessionId());
    publish(message.topic(), new byte[0], true);
  }

  private void onCommand(BrokerLink.Message message) {
    MqttTopics.Parsed parsed = topics.parse(message.topic());
    if (parsed == null || parsed.kind() != MqttTopics.Kind.COMMAND || message.payload().length == 0) {
      return;
    }
    if (message.retained()) {
      // A retained command would run again on every reconnection of the bridge.
      log.warn("MQTT bridge ignores a retained command on {}: publish commands without the retain flag",
          message.topic());
      return;
    }
    String sessionId = parsed.sessionId();
    String resultTopic = topics.result(deviceId, sessionId);
    Payloads.Command command;
    try {
      command = Payloads.parseCommand(message.payload());
    } catch (AVSessionException e) {
      publish(resultTopic, Payloads.resultError(Payloads.requestIdOf(message.payload()), e), false);
      return;
    }
    String requestId = command.requestId();
    commandController(sessionId)
        .thenCompose(controller -> controller.sendControlCommand(command.command()))
        .whenComplete((ok, error) -> {
          if (error == null) {
            publish(resultTopic, Payloads.resultOk(requestId), false);
            return;
          }
          AVSessionException e = AVSessionException.fromThrowable(error);
          if (e.errorCode() == AVSessionErrorCode.SESSION_NOT_EXIST
              || e.errorCode() == AVSessionErrorCode.CONTROLLER_NOT_EXIST) {
            commandControllers.remove(sessionId);
          }
          publish(resultTopic, Payloads.resultError(requestId, e), false);
        });
  }

  private CompletableFuture<AVSessionController> commandController(String sessionId) {
    if (commander == null) {
      return CompletableFuture.failedFuture(new AVSessionException(AVSessionErrorCode.SERVICE_EXCEPTION,
          "the MQTT bridge is not connected to the daemon yet"));
    }
    CompletableFuture<AVSessionController> existing = commandControllers.get(sessionId);
    if (existing != null && !existing.isCompletedExceptionally()) {
      return existing;
    }
    CompletableFuture<AVSessionController> created = commander.createController(sessionId);
    commandControllers.put(sessionId, created);
    return created;
  }

  private CompletableFuture<Void> publish(String topic, byte[] payload, boolean retain) {
    return link.publish(topic, payload, retain).whenComplete((ok, error) -> {
      if (error != null) {
        log.debug("MQTT publish to {} failed: {}", topic, BrokerLink.describe(error));
      }
    });
  }

  // ------------------------------------------------------------------------------------------------ closing

  /**
   * Clears this daemon's snapshots, sets its status to {@code offline}, disconnects from the broker (within a few
   * seconds) and closes the SDK connections. Idempotent; never throws.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    sdkConnector.interrupt();
    CompletableFuture<Void> farewell = new CompletableFuture<>();
    try {
      executor.execute(() -> {
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        if (link.isConnected()) {
          for (Mirror m : sessions.values()) {
            if (m.ready) {
              sent.add(publish(topics.session(deviceId, m.descriptor.sessionId()), new byte[0], true));
            }
          }
          sent.add(publish(topics.status(deviceId),
              MqttTopics.OFFLINE.getBytes(StandardCharsets.UTF_8), true));
        }
        sessions.values().forEach(Mirror::cancelFlush);
        CompletableFuture.allOf(sent.toArray(new CompletableFuture<?>[0]))
            .whenComplete((ok, error) -> farewell.complete(null));
      });
      farewell.get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      log.debug("MQTT bridge farewell incomplete: {}", e.toString());
    }
    link.disconnect(CLOSE_TIMEOUT);
    CompletableFuture<Void> managers = new CompletableFuture<>();
    try {
      executor.execute(() -> {
        closeQuietly(watcher);
        closeQuietly(commander);
        managers.complete(null);
      });
      managers.get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      log.debug("MQTT bridge SDK close incomplete: {}", e.toString());
    }
    executor.shutdownNow();
    log.info("MQTT bridge for device {} stopped", deviceId);
  }

  private static void closeQuietly(@Nullable AVSessionManager manager) {
    if (manager != null) {
      try {
        manager.close();
      } catch (RuntimeException e) {
        log.debug("closing an SDK manager failed: {}", e.toString());
      }
    }
  }

  // ------------------------------------------------------------------------------------------------ one session

  /** One session's latest state and its publish schedule; used only on the executor. */
  private final class Mirror implements AVSessionController.Listener {
    AVSessionDescriptor descriptor;
    AVMetadata metadata = AVMetadata.builder().build();
    AVPlaybackState playbackState = AVPlaybackState.EMPTY;
    List<String> validCommands = List.of();
    /** Whether the first full state has been read (nothing is published before). */
    boolean ready;
    boolean removed;
    @Nullable AVSessionController controller;
    /** Changes that arrived while the first full state was being read; applied on top of it. */
    @Nullable List<Consumer<Mirror>> early = new ArrayList<>();
    boolean dirty;
    long lastPublishNanos = System.nanoTime() - TimeUnit.DAYS.toNanos(1);
    @Nullable ScheduledFuture<?> flush;

    Mirror(AVSessionDescriptor descriptor) {
      this.descriptor = descriptor;
    }

    void attach(AVSessionController c) {
      if (removed || closed) {
        c.destroy();
        return;
      }
      controller = c;
      c.addListener(this);
      CompletableFuture<Void> filters = CompletableFuture.allOf(
          c.setMetadataFilter(EventFilter.ALL), c.setPlaybackStateFilter(EventFilter.ALL));
      CompletableFuture<AVMetadata> m = c.getAVMetadata();
      CompletableFuture<AVPlaybackState> s = c.getAVPlaybackState();
      CompletableFuture<List<String>> v = c.getValidCommands();
      CompletableFuture<AVSessionDescriptor> d = c.getDescriptor();
      CompletableFuture.allOf(filters, m, s, v, d).whenComplete((ok, error) -> {
        if (removed) {
          return;
        }
        if (error != null) {
          log.debug("MQTT bridge cannot read session {}: {}", descriptor.sessionId(), BrokerLink.describe(error));
          return;
        }
        metadata = m.join();
        playbackState = s.join();
        validCommands = v.join();
        boolean top = descriptor.top();
        descriptor = d.join().buildUpon().setTop(top || d.join().top()).build();
        List<Consumer<Mirror>> pending = early;
        early = null;
        pending.forEach(change -> change.accept(this));
        ready = true;
        changed();
      });
    }

    void detach() {
      removed = true;
      cancelFlush();
      if (controller != null) {
        controller.destroy();
      }
    }

    void cancelFlush() {
      if (flush != null) {
        flush.cancel(false);
        flush = null;
      }
    }

    private void apply(Consumer<Mirror> change) {
      if (removed) {
        return;
      }
      if (early != null) {
        early.add(change);
        return;
      }
      change.accept(this);
      changed();
    }

    /** Publishes now, or when the minimum interval since the last publish has passed. */
    void changed() {
      if (!ready || removed) {
        return;
      }
      dirty = true;
      if (flush != null) {
        return;
      }
      long wait = lastPublishNanos + options.minPublishInterval().toNanos() - System.nanoTime();
      if (wait <= 0) {
        flush();
      } else {
        flush = executor.schedule(this::flush, wait, TimeUnit.NANOSECONDS);
      }
    }

    private void flush() {
      flush = null;
      if (!dirty || removed || closed || !link.isConnected()) {
        // Still dirty when disconnected: brokerConnected() republishes every session.
        return;
      }
      publishNow();
    }

    void publishNow() {
      cancelFlush();
      dirty = false;
      lastPublishNanos = System.nanoTime();
      publish(topics.session(deviceId, descriptor.sessionId()), Payloads.snapshot(deviceId, deviceName, descriptor,
          metadata, playbackState, validCommands, System.currentTimeMillis()), true);
    }

    @Override
    public void onMetadataChange(AVMetadata update) {
      apply(mirror -> mirror.metadata = mirror.metadata.mergeWith(update));
    }

    @Override
    public void onPlaybackStateChange(AVPlaybackState update) {
      apply(mirror -> mirror.playbackState = mirror.playbackState.overlay(update));
    }

    @Override
    public void onActiveStateChange(boolean active) {
      apply(mirror -> mirror.descriptor = mirror.descriptor.buildUpon().setActive(active).build());
    }

    @Override
    public void onValidCommandChange(List<String> commands) {
      apply(mirror -> mirror.validCommands = List.copyOf(commands));
    }

    @Override
    public void onSessionDestroy(AVSessionDescriptor destroyed) {
      untrack(destroyed.sessionId());
    }
  }
}
