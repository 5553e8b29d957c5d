package io.baton.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.baton.api.AVControlCommand;
import io.baton.api.AVSessionController;
import io.baton.api.AVSessionException;
import io.baton.api.AVSessionManager;
import io.baton.protocol.ErrorMapping;
import io.baton.protocol.ProtocolConstants;
import io.baton.protocol.v1.ClientMessage;
import io.baton.protocol.v1.CreateSessionRequest;
import io.baton.protocol.v1.Hello;
import io.baton.protocol.v1.ListSessionsRequest;
import io.baton.protocol.v1.Metadata;
import io.baton.protocol.v1.ServerMessage;
import io.baton.protocol.v1.SessionServiceGrpc;
import io.baton.protocol.v1.UpdateSessionRequest;
import io.baton.service.rpc.RpcServer;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Oversized and malformed traffic on the daemon's real socket, against a real {@code baton daemon} process: each
 * abuse must cost the abuser its call or its connection, and nothing else. A well-behaved client (an SDK controller
 * of a demo player in its own JVM) keeps working throughout with its normal latency, and afterwards {@code baton dump}
 * shows the daemon back at its baseline: no leaked client or controller.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class RawSocketAbuseTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String CONNECT_PATH = "/" + SessionServiceGrpc.getConnectMethod().getFullMethodName();

  @TempDir Path dir;
  private BatonFixture baton;
  private AVSessionController steady;
  private JsonNode baseline;

  @BeforeEach
  void setUp() throws Exception {
    baton = new BatonFixture(dir).startDaemon();
    BatonFixture.DemoPlayer player = baton.demoPlayer("--title", "Steady Tone");
    AVSessionManager manager = baton.manager("it.steady");
    steady = manager.createController(player.sessionId()).get(10, TimeUnit.SECONDS);
    steady.sendControlCommand(AVControlCommand.play()).get(10, TimeUnit.SECONDS);
    baseline = dump();
  }

  @AfterEach
  void tearDown() throws Exception {
    baton.close();
  }

  // ------------------------------------------------------------------------------------------ oversized

  @Test
  void messageAboveMaxMessageBytes_failsThatCallOnly() throws Exception {
    EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    ManagedChannel channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(baton.socket.toString()))
        .channelType(EpollDomainSocketChannel.class, DomainSocketAddress.class)
        .eventLoopGroup(loop)
        .overrideAuthority("localhost")
        .usePlaintext()
        .build();
    try {
      LinkedBlockingQueue<ServerMessage> received = new LinkedBlockingQueue<>();
      StreamObserver<ClientMessage> connect = SessionServiceGrpc.newStub(channel).connect(new StreamObserver<>() {
        @Override
        public void onNext(ServerMessage value) {
          received.add(value);
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {}
      });
      connect.onNext(ClientMessage.newBuilder().setHello(Hello.newBuilder().setAppId("it.oversized")
          .setProtocolVersion(ProtocolConstants.PROTOCOL_VERSION)).build());
      ServerMessage welcome = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(welcome).as("Welcome").isNotNull();
      io.grpc.Metadata headers = new io.grpc.Metadata();
      headers.put(ProtocolConstants.CLIENT_ID_KEY, welcome.getWelcome().getClientId());
      var stub = SessionServiceGrpc.newBlockingStub(channel)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
          .withDeadlineAfter(60, TimeUnit.SECONDS);
      String sessionId = stub.createSession(CreateSessionRequest.newBuilder().setTag("big").build())
          .getSession().getSessionId();

      // One byte of image more than the whole message may hold: refused by the transport before it is parsed.
      assertThatThrownBy(() -> stub.updateSession(withImage(sessionId, ProtocolConstants.MAX_MESSAGE_BYTES + 1)))
          .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            assertThat(e.getStatus().getDescription()).contains(Integer.toString(ProtocolConstants.MAX_MESSAGE_BYTES));
          });
      // Just below the limit the message arrives whole and meets the daemon's own rules: 401 naming the field.
      assertThatThrownBy(() -> stub.updateSession(withImage(sessionId, ProtocolConstants.MAX_MESSAGE_BYTES - 1024)))
          .satisfies(e -> {
            AVSessionException error = ErrorMapping.fromThrowable(e);
            assertThat(error.code()).as(error.getMessage()).isEqualTo(401);
            assertThat(error.detail()).startsWith("metadata.mediaImage");
          });

      // The connection, its Connect stream and its session survive; so does everyone else.
      assertThat(stub.listSessions(ListSessionsRequest.getDefaultInstance()).getSessionsList())
          .anyMatch(d -> d.getSessionId().equals(sessionId));
      assertSteadyClientServed();
      connect.onCompleted();
    } finally {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
      loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
    awaitBaseline();
  }

  private static UpdateSessionRequest withImage(String sessionId, int messageBytes) {
    UpdateSessionRequest empty = UpdateSessionRequest.newBuilder().setSessionId(sessionId)
        .setMetadata(Metadata.newBuilder().setAssetId("a").setMediaImage(ByteString.EMPTY)).build();
    // Varint lengths of the image and of the nested metadata grow by up to 8 bytes; trim to land exactly.
    int imageBytes = messageBytes - empty.getSerializedSize() - 8;
    UpdateSessionRequest request;
    do {
      request = UpdateSessionRequest.newBuilder().setSessionId(sessionId).setMetadata(Metadata.newBuilder()
          .setAssetId("a").setMediaImage(ByteString.copyFrom(new byte[imageBytes]))).build();
      imageBytes += messageBytes - request.getSerializedSize();
    } while (request.getSerializedSize() != messageBytes);
    return request;
  }

  // ------------------------------------------------------------------------------------------ garbage

  @Test
  void garbageBytes_closeThatConnectionOnly() throws Exception {
    byte[] random = new byte[4096];
    new Random(4).nextBytes(random);
    ByteArrayOutputStream badFrame = new ByteArrayOutputStream();
    badFrame.writeBytes(RawHttp2Connection.PREFACE);
    // A frame longer than the 16 KiB SETTINGS_MAX_FRAME_SIZE a peer may send before it agrees to more.
    RawHttp2Connection.frame(badFrame, RawHttp2Connection.DATA, 0, 1, new byte[20_000]);
    ByteArrayOutputStream badHeaders = new ByteArrayOutputStream();
    badHeaders.writeBytes(RawHttp2Connection.PREFACE);
    RawHttp2Connection.frame(badHeaders, RawHttp2Connection.SETTINGS, 0, 0, new byte[0]);
    // An HPACK block that indexes a table entry that does not exist.
    RawHttp2Connection.frame(badHeaders, RawHttp2Connection.HEADERS, RawHttp2Connection.FLAG_END_HEADERS, 1,
        new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f});

    List<byte[]> abuses = List.of(
        random,
        "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
        badFrame.toByteArray(),
        badHeaders.toByteArray());
    for (byte[] garbage : abuses) {
      try (RawHttp2Connection raw = RawHttp2Connection.open(baton.socket)) {
        raw.writeRaw(garbage);

        assertThat(raw.awaitClosedByDaemon(Duration.ofSeconds(10)))
            .as("the daemon closes a connection that sent %s", describe(garbage)).isTrue();
      }
      assertSteadyClientServed();
      awaitBaseline();
    }
  }

  private static String describe(byte[] bytes) {
    return bytes.length + " bytes starting " + Arrays.toString(Arrays.copyOf(bytes, 8));
  }

  // ------------------------------------------------------------------------------------------ many streams

  @Test
  void thousandsOfStreams_excessRefusedAndOthersKeepTheirLatency() throws Exception {
    LatencySample.of(steady, 100); // warm-up: JIT and connection, not measured
    LatencySample before = LatencySample.of(steady, 200);
    int limit = RpcServer.MAX_CONCURRENT_CALLS_PER_CONNECTION;
    int streams = 5 * limit;

    try (RawHttp2Connection raw = RawHttp2Connection.open(baton.socket)) {
      raw.handshake(WAIT);
      assertThat(raw.maxConcurrentStreams()).as("SETTINGS_MAX_CONCURRENT_STREAMS").isEqualTo(limit);
      // Ignore the limit: open every stream at once, as a hostile client would.
      for (int batch = 0; batch < streams; batch += 500) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = batch; i < Math.min(streams, batch + 500); i++) {
          RawHttp2Connection.startCall(out, 2 * i + 1, CONNECT_PATH);
        }
        raw.write(out.toByteArray());
      }
      await().atMost(WAIT).until(() -> raw.isClosed() || raw.resetStreams().size() >= streams - limit);
      if (!raw.isClosed()) {
        assertThat(raw.resetStreams().values()).as("codes of the streams the daemon reset")
            .containsOnly(RawHttp2Connection.REFUSED_STREAM).hasSize(streams - limit);
        // Every accepted stream says Hello: a thousand clients on one connection.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < streams; i++) {
          int id = 2 * i + 1;
          if (!raw.resetStreams().containsKey(id)) {
            RawHttp2Connection.message(out, id, ClientMessage.newBuilder().setHello(Hello.newBuilder()
                .setAppId("it.abuser").setProtocolVersion(1)).build().toByteArray());
          }
        }
        raw.write(out.toByteArray());
        await().atMost(WAIT).until(() -> raw.streamsWithData() >= limit);
        assertThat(clientsOf(dump(), "it.abuser")).as("clients the abusing connection holds").isEqualTo(limit);
      }

      LatencySample during = LatencySample.of(steady, 200);
      System.out.printf("steady client, GetSessionState: before p50 %.2f ms p99 %.2f ms; with %d streams held"
          + " (%d refused%s) p50 %.2f ms p99 %.2f ms%n", before.p50(), before.p99(), limit, raw.resetStreams().size(),
          raw.isClosed() ? ", connection closed" : "", during.p50(), during.p99());
      assertThat(during.p50()).as("median latency of the steady client during the abuse (before: %s)", before)
          .isLessThanOrEqualTo(3 * before.p50() + 2);
      assertSteadyClientServed();
    }
    awaitBaseline();
  }

  // ------------------------------------------------------------------------------------------ helpers

  /** The steady client reads its session and sends it a command. */
  private void assertSteadyClientServed() throws Exception {
    assertThat(steady.getAVMetadata().get(10, TimeUnit.SECONDS).title()).isEqualTo("Steady Tone");
    steady.sendControlCommand(AVControlCommand.pause()).get(10, TimeUnit.SECONDS);
  }

  private JsonNode dump() throws Exception {
    BatonFixture.CliResult result = baton.cli("dump", "--json");
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    return JSON.readTree(result.stdout());
  }

  /** Waits until {@code baton dump} shows the baseline's clients and controllers again. */
  private void awaitBaseline() {
    await().atMost(WAIT).untilAsserted(() -> {
      JsonNode now = dump();
      assertThat(now.get("controllers").asInt()).as("controllers").isEqualTo(baseline.get("controllers").asInt());
      assertThat(now.get("clients").size()).as("clients: %s", now.get("clients"))
          .isEqualTo(baseline.get("clients").size());
      assertThat(now.get("sessions").size()).as("sessions").isEqualTo(baseline.get("sessions").size());
      assertThat(now.get("pendingCommands").asInt()).as("pending commands").isZero();
    });
  }

  private static int clientsOf(JsonNode dump, String appId) {
    int n = 0;
    for (JsonNode c : dump.get("clients")) {
      if (appId.equals(c.get("appId").asText())) {
        n++;
      }
    }
    return n;
  }

  /** Latencies of {@code n} reads of the session's state by a controller, in ms. */
  private record LatencySample(double p50, double p99) {
    static LatencySample of(AVSessionController controller, int n) throws Exception {
      double[] ms = new double[n];
      for (int i = 0; i < n; i++) {
        long start = System.nanoTime();
        controller.getAVPlaybackState().get(10, TimeUnit.SECONDS);
        ms[i] = (System.nanoTime() - start) / 1e6;
      }
      Arrays.sort(ms);
      return new LatencySample(ms[n / 2], ms[(int) Math.ceil(n * 0.99) - 1]);
    }
  }
}
