package io.baton.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.exceptions.ConnectionFailedException;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3ConnectBuilder;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5ConnectBuilder;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import io.baton.api.Nullable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One logical connection to the broker that outlives broker restarts: connects in the background, reconnects with
 * exponential backoff when the connection drops, and speaks MQTT 5 when the broker offers it, else 3.1.1.
 *
 * <h2>Threading</h2>
 * Every callback ({@link Listener}, subscription handlers) runs on the executor given to the constructor, never on
 * the MQTT client's I/O threads; so a user that does all its work on that executor needs no locks. Methods may be
 * called from any thread and never block.
 *
 * <h2>While disconnected</h2>
 * {@link #publish} fails at once instead of queueing: the callers keep the latest state themselves and republish it
 * from {@link Listener#onConnected}, so memory stays bounded however long the broker is away.
 */
final class BrokerLink implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BrokerLink.class);

  static final Duration FIRST_RETRY = Duration.ofMillis(500);
  static final Duration MAX_RETRY = Duration.ofSeconds(30);
  private static final int KEEP_ALIVE_SECONDS = 30;

  /** Told about connection changes, on the link's executor. */
  interface Listener {
    /** Connected (again); {@code version} is 5 or 3. Subscriptions are gone after a reconnect: subscribe here. */
    void onConnected(int version);

    /** The connection dropped; the link is already trying to reconnect. */
    default void onDisconnected(Throwable cause) {}
  }

  /** A message received on a subscription. */
  record Message(String topic, byte[] payload, boolean retained) {}

  /** The last will: published by the broker when this client vanishes without disconnecting. */
  record Will(String topic, String payload) {}

  private final MqttOptions options;
  private final String clientId;
  private final @Nullable Will will;
  private final ScheduledExecutorService executor;
  private final Listener listener;
  private final @Nullable MqttClientSslConfig ssl;
  private final MqttQos qos;

  // Guarded by this.
  private int generation;
  private @Nullable Mqtt5AsyncClient client5;
  private @Nullable Mqtt3AsyncClient client3;
  private boolean connected;
  private boolean closed;
  private int nextVersion;
  private Duration retryDelay = FIRST_RETRY;
  private boolean reportedDown;

  BrokerLink(MqttOptions options, String clientId, @Nullable Will will, ScheduledExecutorService executor,
      Listener listener) {
    this.options = options;
    this.clientId = clientId;
    this.will = will;
    this.executor = executor;
    this.listener = listener;
    this.ssl = options.tls() ? Tls.sslConfig(options) : null;
    this.qos = MqttQos.fromCode(options.qos());
    this.nextVersion = options.protocol() == MqttOptions.Protocol.V3 ? 3 : 5;
  }

  /** Starts connecting in the background. */
  void start() {
    executor.execute(this::attempt);
  }

  /** Whether the link is connected now. */
  synchronized boolean isConnected() {
    return connected;
  }

  /** 5 or 3 while connected, else 0. */
  synchronized int version() {
    return connected ? (client5 != null ? 5 : 3) : 0;
  }

  private void attempt() {
    int version;
    int gen;
    synchronized (this) {
      if (closed) {
        return;
      }
      gen = ++generation;
      version = nextVersion;
      client5 = null;
      client3 = null;
    }
    CompletableFuture<?> connack;
    if (version == 5) {
      Mqtt5ClientBuilder b = MqttClient.builder().useMqttVersion5().identifier(clientId)
          .serverHost(options.host()).serverPort(options.port())
          .addDisconnectedListener(context -> executor.execute(() -> lost(gen, context.getCause())));
      if (ssl != null) {
        b.sslConfig(ssl);
      }
      Mqtt5AsyncClient c = b.buildAsync();
      synchronized (this) {
        client5 = c;
      }
      Mqtt5ConnectBuilder.Send<CompletableFuture<com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck>>
          connect = c.connectWith().cleanStart(true).keepAlive(KEEP_ALIVE_SECONDS);
      if (options.username() != null) {
        var auth = connect.simpleAuth().username(options.username());
        if (options.password() != null) {
          auth.password(options.password().getBytes(StandardCharsets.UTF_8));
        }
        auth.applySimpleAuth();
      }
      if (will != null) {
        connect.willPublish().topic(will.topic()).payload(will.payload().getBytes(StandardCharsets.UTF_8))
            .qos(qos).retain(true).applyWillPublish();
      }
      connack = connect.send();
    } else {
      Mqtt3ClientBuilder b = MqttClient.builder().useMqttVersion3().identifier(clientId)
          .serverHost(options.host()).serverPort(options.port())
          .addDisconnectedListener(context -> executor.execute(() -> lost(gen, context.getCause())));
      if (ssl != null) {
        b.sslConfig(ssl);
      }
      Mqtt3AsyncClient c = b.buildAsync();
      synchronized (this) {
        client3 = c;
      }
      Mqtt3ConnectBuilder.Send<CompletableFuture<com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAck>>
          connect = c.connectWith().cleanSession(true).keepAlive(KEEP_ALIVE_SECONDS);
      if (options.username() != null) {
        var auth = connect.simpleAuth().username(options.username());
        if (options.password() != null) {
          auth.password(options.password().getBytes(StandardCharsets.UTF_8));
        }
        auth.applySimpleAuth();
      }
      if (will != null) {
        connect.willPublish().topic(will.topic()).payload(will.payload().getBytes(StandardCharsets.UTF_8))
            .qos(qos).retain(true).applyWillPublish();
      }
      connack = connect.send();
    }
    connack.whenCompleteAsync((ack, error) -> {
      if (error == null) {
        connected(gen, version);
      } else {
        failed(gen, version, unwrap(error));
      }
    }, executor);
  }

  private void connected(int gen, int version) {
    synchronized (this) {
      if (gen != generation || closed) {
        return;
      }
      connected = true;
      retryDelay = FIRST_RETRY;
      reportedDown = false;
    }
    log.info("MQTT connected to {} as {} (MQTT {})", options.url(), clientId, version == 5 ? "5" : "3.1.1");
    listener.onConnected(version);
  }

  private void failed(int gen, int version, Throwable error) {
    boolean switchNow = false;
    synchronized (this) {
      if (gen != generation || closed) {
        return;
      }
      if (options.protocol() == MqttOptions.Protocol.AUTO && refusedVersion(version, error)) {
        // The broker answered but not in this MQTT version: try the other one at once, once.
        nextVersion = version == 5 ? 3 : 5;
        switchNow = version == 5;
      }
    }
    if (switchNow) {
      log.info("MQTT broker {} refused MQTT 5 ({}); trying MQTT 3.1.1", options.url(), describe(error));
      executor.execute(this::attempt);
    } else {
      retryLater(error);
    }
  }

  private void lost(int gen, Throwable cause) {
    synchronized (this) {
      if (gen != generation || closed || !connected) {
        // A failed connect attempt also ends here; failed() deals with it.
        return;
      }
      connected = false;
    }
    log.warn("MQTT connection to {} lost: {}", options.url(), describe(cause));
    listener.onDisconnected(cause);
    retryLater(cause);
  }

  private void retryLater(Throwable cause) {
    Duration delay;
    synchronized (this) {
      if (closed) {
        return;
      }
      delay = retryDelay;
      retryDelay = retryDelay.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retryDelay.multipliedBy(2);
      if (!reportedDown) {
        reportedDown = true;
        log.warn("MQTT broker {} unreachable ({}); retrying with backoff up to {} s", options.url(),
            describe(cause), MAX_RETRY.toSeconds());
      } else {
        log.debug("MQTT broker {} still unreachable: {}", options.url(), describe(cause));
      }
    }
    // Jitter keeps a fleet of devices from reconnecting in lock step after a broker restart.
    long millis = delay.toMillis() + ThreadLocalRandom.current().nextLong(delay.toMillis() / 4 + 1);
    executor.schedule(this::attempt, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Whether {@code error}, from a connect attempt in {@code version}, means "wrong protocol version" rather than
   * "broker unreachable" or "credentials refused": an MQTT 3.1.1 broker answers an MQTT 5 CONNECT with return code
   * 1 (which an MQTT 5 client cannot even decode) or just closes the connection.
   */
  static boolean refusedVersion(int version, Throwable error) {
    if (error instanceof ConnectionFailedException) {
      return false;
    }
    if (error instanceof Mqtt5ConnAckException e) {
      return e.getMqttMessage().getReasonCode() == Mqtt5ConnAckReasonCode.UNSUPPORTED_PROTOCOL_VERSION;
    }
    if (error instanceof Mqtt3ConnAckException e) {
      return e.getMqttMessage().getReturnCode() == Mqtt3ConnAckReturnCode.UNSUPPORTED_PROTOCOL_VERSION;
    }
    return version == 5;
  }

  /**
   * Publishes {@code payload} to {@code topic} at the link's QoS.
   *
   * @return completes when the broker has it (QoS 1 and 2) or when it was written (QoS 0); fails at once when the
   *     link is not connected
   */
  CompletableFuture<Void> publish(String topic, byte[] payload, boolean retain) {
    Mqtt5AsyncClient c5;
    Mqtt3AsyncClient c3;
    synchronized (this) {
      if (!connected) {
        return CompletableFuture.failedFuture(new IllegalStateException("not connected to the MQTT broker"));
      }
      c5 = client5;
      c3 = client3;
    }
    if (c5 != null) {
      return c5.publishWith().topic(topic).payload(payload).qos(qos).retain(retain).send()
          .thenApply(result -> {
            result.getError().ifPresent(e -> {
              throw new CompletionException(e);
            });
            return null;
          });
    }
    return c3.publishWith().topic(topic).payload(payload).qos(qos).retain(retain).send().thenApply(p -> null);
  }

  /**
   * Subscribes {@code handler} to {@code filter}; the handler runs on the link's executor.
   *
   * @param noLocal MQTT 5 only: do not receive this client's own publishes
   * @return completes when the broker confirmed the subscription
   */
  CompletableFuture<Void> subscribe(String filter, boolean noLocal, Consumer<Message> handler) {
    Mqtt5AsyncClient c5;
    Mqtt3AsyncClient c3;
    synchronized (this) {
      if (!connected) {
        return CompletableFuture.failedFuture(new IllegalStateException("not connected to the MQTT broker"));
      }
      c5 = client5;
      c3 = client3;
    }
    if (c5 != null) {
      return c5.subscribeWith().topicFilter(filter).qos(qos).noLocal(noLocal)
          .callback(p -> handler.accept(new Message(p.getTopic().toString(), p.getPayloadAsBytes(), p.isRetain())))
          .executor(executor)
          .send()
          .thenAccept(ack -> ack.getReasonCodes().forEach(code -> {
            if (code.isError()) {
              throw new CompletionException(new IllegalStateException("subscription to " + filter
                  + " refused: " + code));
            }
          }));
    }
    return c3.subscribeWith().topicFilter(filter).qos(qos)
        .callback(p -> handler.accept(new Message(p.getTopic().toString(), p.getPayloadAsBytes(), p.isRetain())))
        .executor(executor)
        .send()
        .thenAccept(ack -> ack.getReturnCodes().forEach(code -> {
          if (code.isError()) {
            throw new CompletionException(new IllegalStateException("subscription to " + filter + " refused"));
          }
        }));
  }

  /** Ends a subscription. */
  CompletableFuture<Void> unsubscribe(String filter) {
    Mqtt5AsyncClient c5;
    Mqtt3AsyncClient c3;
    synchronized (this) {
      if (!connected) {
        return CompletableFuture.completedFuture(null);
      }
      c5 = client5;
      c3 = client3;
    }
    if (c5 != null) {
      return c5.unsubscribeWith().topicFilter(filter).send().thenApply(ack -> null);
    }
    return c3.unsubscribeWith().topicFilter(filter).send();
  }

  /**
   * Stops reconnecting and disconnects cleanly (so the broker does not publish the last will), waiting at most
   * {@code timeout}. Idempotent.
   */
  void disconnect(Duration timeout) {
    Mqtt5AsyncClient c5;
    Mqtt3AsyncClient c3;
    boolean wasConnected;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      generation++;
      wasConnected = connected;
      connected = false;
      c5 = client5;
      c3 = client3;
    }
    CompletableFuture<Void> done = c5 != null ? c5.disconnect() : c3 != null ? c3.disconnect() : null;
    if (done == null) {
      return;
    }
    try {
      done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      if (wasConnected) {
        log.debug("MQTT disconnect from {} did not complete: {}", options.url(), describe(e));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    disconnect(Duration.ofSeconds(2));
  }

  static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  static String describe(Throwable t) {
    Throwable u = unwrap(t);
    String message = u.getMessage();
    return u.getClass().getSimpleName() + (message != null ? ": " + message : "");
  }
}
