package io.baton.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * MQTT 5 where the broker offers it, 3.1.1 otherwise: {@link BrokerLink} against a peer that behaves as an MQTT
 * 3.1.1-only broker does (spec §3.2.2.3: CONNACK return code 1, "unacceptable protocol version", then close).
 * Mosquitto always offers MQTT 5, so this peer is the only way to see the fallback; it is written from the
 * specification, not from the client's behaviour.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BrokerLinkFallbackTest {
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
  private final List<Integer> protocolLevels = new CopyOnWriteArrayList<>();
  private final BlockingQueue<String> published = new LinkedBlockingQueue<>();
  private ServerSocket server;
  private BrokerLink link;

  @AfterEach
  void tearDown() throws Exception {
    if (link != null) {
      link.close();
    }
    if (server != null) {
      server.close();
    }
    executor.shutdownNow();
  }

  @Test
  void autoProtocol_againstAnMqtt311OnlyBroker_fallsBackTo311_andWorks() throws Exception {
    server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    Thread peer = new Thread(this::serve311Only, "mqtt-311-peer");
    peer.setDaemon(true);
    peer.start();
    CompletableFuture<Integer> connected = new CompletableFuture<>();
    MqttOptions options = MqttOptions.builder("tcp://127.0.0.1:" + server.getLocalPort()).build();
    link = new BrokerLink(options, "fallback-test", new BrokerLink.Will("t/status", "offline"), executor,
        connected::complete);

    link.start();

    assertThat(connected.get(30, TimeUnit.SECONDS)).isEqualTo(3);
    assertThat(protocolLevels).containsExactly(5, 4);
    link.publish("t/hello", "world".getBytes(StandardCharsets.UTF_8), true).get(10, TimeUnit.SECONDS);
    assertThat(published.poll(10, TimeUnit.SECONDS)).isEqualTo("t/hello world");
  }

  @Test
  void v5Only_againstAnMqtt311OnlyBroker_neverSpeaks311() throws Exception {
    server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    Thread peer = new Thread(this::serve311Only, "mqtt-311-peer");
    peer.setDaemon(true);
    peer.start();
    CompletableFuture<Integer> connected = new CompletableFuture<>();
    MqttOptions options = MqttOptions.builder("tcp://127.0.0.1:" + server.getLocalPort())
        .protocol(MqttOptions.Protocol.V5).build();
    link = new BrokerLink(options, "v5-test", null, executor, connected::complete);

    link.start();

    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (protocolLevels.size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(protocolLevels).hasSizeGreaterThanOrEqualTo(2).containsOnly(5);
    assertThat(connected).isNotDone();
  }

  /** Accepts connections forever; refuses MQTT 5, accepts 3.1.1 and reads its packets. */
  private void serve311Only() {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        DataInputStream in = new DataInputStream(s.getInputStream());
        OutputStream out = s.getOutputStream();
        int type = in.readUnsignedByte();
        byte[] connect = body(in);
        if (type != 0x10) {
          continue;
        }
        // Protocol name: 2-byte length + "MQTT", then the protocol level.
        int level = connect[2 + ((connect[0] & 0xff) << 8 | (connect[1] & 0xff))] & 0xff;
        protocolLevels.add(level);
        if (level != 4) {
          out.write(new byte[] {0x20, 0x02, 0x00, 0x01});
          out.flush();
          continue;
        }
        out.write(new byte[] {0x20, 0x02, 0x00, 0x00});
        out.flush();
        serveSession(in, out);
      } catch (IOException e) {
        // The client went away, or the server socket closed: accept the next one or stop.
      }
    }
  }

  private void serveSession(DataInputStream in, OutputStream out) throws IOException {
    while (true) {
      int header;
      try {
        header = in.readUnsignedByte();
      } catch (EOFException e) {
        return;
      }
      byte[] body = body(in);
      switch (header >> 4) {
        case 3 -> { // PUBLISH
          int qos = (header >> 1) & 3;
          int topicLength = (body[0] & 0xff) << 8 | (body[1] & 0xff);
          String topic = new String(body, 2, topicLength, StandardCharsets.UTF_8);
          int payloadStart = 2 + topicLength + (qos > 0 ? 2 : 0);
          published.add(topic + " " + new String(body, payloadStart, body.length - payloadStart,
              StandardCharsets.UTF_8));
          if (qos == 1) {
            out.write(new byte[] {0x40, 0x02, body[2 + topicLength], body[3 + topicLength]});
            out.flush();
          }
        }
        case 12 -> { // PINGREQ
          out.write(new byte[] {(byte) 0xd0, 0x00});
          out.flush();
        }
        case 14 -> { // DISCONNECT
          return;
        }
        default -> {
          // Nothing else is sent by this test.
        }
      }
    }
  }

  private static byte[] body(DataInputStream in) throws IOException {
    int length = 0;
    int shift = 0;
    int b;
    do {
      b = in.readUnsignedByte();
      length |= (b & 0x7f) << shift;
      shift += 7;
    } while ((b & 0x80) != 0);
    byte[] body = new byte[length];
    in.readFully(body);
    return body;
  }
}
