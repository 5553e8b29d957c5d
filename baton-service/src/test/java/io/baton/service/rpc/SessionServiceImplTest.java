package io.baton.service.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.protocol.ErrorMapping;
import io.baton.protocol.ProtocolConstants;
import io.baton.protocol.v1.ClientMessage;
import io.baton.protocol.v1.ControlCommand;
import io.baton.protocol.v1.ControllerRequest;
import io.baton.protocol.v1.ControllerResponse;
import io.baton.protocol.v1.CreateControllerRequest;
import io.baton.protocol.v1.CreateSessionRequest;
import io.baton.protocol.v1.Hello;
import io.baton.protocol.v1.SendControlCommandRequest;
import io.baton.protocol.v1.ServerMessage;
import io.baton.protocol.v1.SessionServiceGrpc;
import io.baton.protocol.v1.UpdateSessionRequest;
import io.baton.service.DaemonConfig;
import io.baton.service.session.HistoryRecorder;
import io.baton.service.session.SessionRegistry;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tests for {@link SessionServiceImpl} on the in-process transport: decoding, caller identity, error mapping. */
class SessionServiceImplTest {
  private ScheduledExecutorService scheduler;
  private SessionRegistry registry;
  private RpcServer server;
  private ManagedChannel channel;
  private StreamObserver<ClientMessage> connect;

  @BeforeEach
  void setUp() throws Exception {
    scheduler = Executors.newSingleThreadScheduledExecutor();
    registry = new SessionRegistry(DaemonConfig.DEFAULTS, System::nanoTime, System::currentTimeMillis, scheduler,
        HistoryRecorder.NONE);
    String name = "service-test-" + System.nanoTime();
    server = RpcServer.startInProcess(name, registry, 64, new PeerIdentity(4242, 1000), 1000);
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (connect != null) {
      connect.onCompleted();
    }
    channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
    server.close();
    registry.close();
    scheduler.shutdownNow();
  }

  private final LinkedBlockingQueue<ServerMessage> received = new LinkedBlockingQueue<>();

  private SessionServiceGrpc.SessionServiceBlockingStub connectedStub() throws InterruptedException {
    connect = SessionServiceGrpc.newStub(channel).connect(new StreamObserver<>() {
      @Override
      public void onNext(ServerMessage value) {
        received.add(value);
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {}
    });
    connect.onNext(ClientMessage.newBuilder().setHello(Hello.newBuilder().setAppId("rpc.test")).build());
    ServerMessage welcome = received.poll(5, TimeUnit.SECONDS);
    assertThat(welcome.getWelcome().getPid()).isEqualTo(4242);
    Metadata headers = new Metadata();
    headers.put(ProtocolConstants.CLIENT_ID_KEY, welcome.getWelcome().getClientId());
    return SessionServiceGrpc.newBlockingStub(channel).withInterceptors(
        MetadataUtils.newAttachHeadersInterceptor(headers));
  }

  private static void assertCode(ThrowingCallable call, AVSessionErrorCode code) {
    assertThatThrownBy(call).satisfies(t -> {
      AVSessionException e = ErrorMapping.fromThrowable(t);
      assertThat(e.errorCode()).as(e.getMessage()).isEqualTo(code);
    });
  }

  @Test
  void createSession_withoutConnect_fails6600101() {
    assertCode(() -> SessionServiceGrpc.newBlockingStub(channel)
        .createSession(CreateSessionRequest.newBuilder().setTag("t").build()), AVSessionErrorCode.SERVICE_EXCEPTION);
  }

  @Test
  void createSession_unknownType_fails401() throws Exception {
    SessionServiceGrpc.SessionServiceBlockingStub stub = connectedStub();

    assertCode(() -> stub.createSession(CreateSessionRequest.newBuilder().setTag("t").setTypeValue(9).build()),
        AVSessionErrorCode.INVALID_PARAMETER);
  }

  @Test
  void updateSession_noUpdateOrUnknownEnum_fails401() throws Exception {
    SessionServiceGrpc.SessionServiceBlockingStub stub = connectedStub();
    String id = stub.createSession(CreateSessionRequest.newBuilder().setTag("t").build()).getSession().getSessionId();

    assertCode(() -> stub.updateSession(UpdateSessionRequest.newBuilder().setSessionId(id).build()),
        AVSessionErrorCode.INVALID_PARAMETER);
    assertCode(() -> stub.updateSession(UpdateSessionRequest.newBuilder().setSessionId(id)
        .setPlaybackState(io.baton.protocol.v1.PlaybackStateInfo.newBuilder().setStateValue(77)).build()),
        AVSessionErrorCode.INVALID_PARAMETER);
  }

  @Test
  void sendControlCommand_unknownCommandNumber_fails6600105() throws Exception {
    SessionServiceGrpc.SessionServiceBlockingStub stub = connectedStub();
    String id = stub.createSession(CreateSessionRequest.newBuilder().setTag("t").build()).getSession().getSessionId();
    long controller = stub.createController(CreateControllerRequest.newBuilder().setSessionId(id).build())
        .getControllerId();

    assertCode(() -> stub.sendControlCommand(SendControlCommandRequest.newBuilder().setControllerId(controller)
        .setCommand(ControlCommand.newBuilder().setCommandValue(99)).build()), AVSessionErrorCode.COMMAND_INVALID);
    assertCode(() -> stub.sendControlCommand(SendControlCommandRequest.newBuilder().setControllerId(controller + 1)
        .setCommand(ControlCommand.newBuilder().setCommandValue(99)).build()),
        AVSessionErrorCode.CONTROLLER_NOT_EXIST);
  }

  @Test
  void controllerRequestOnTheStream_isAnsweredOnTheStreamWithTheUnaryCallsErrors() throws Exception {
    SessionServiceGrpc.SessionServiceBlockingStub stub = connectedStub();
    String id = stub.createSession(CreateSessionRequest.newBuilder().setTag("t").build()).getSession().getSessionId();
    long controller = stub.createController(CreateControllerRequest.newBuilder().setSessionId(id).build())
        .getControllerId();

    connect.onNext(ClientMessage.newBuilder().setControllerRequest(ControllerRequest.newBuilder().setRequestId(7)
        .setSendControlCommand(SendControlCommandRequest.newBuilder().setControllerId(controller)
            .setCommand(ControlCommand.newBuilder().setCommandValue(99)))).build());
    connect.onNext(ClientMessage.newBuilder().setControllerRequest(ControllerRequest.newBuilder().setRequestId(8))
        .build());

    ControllerResponse unknownCommand = nextControllerResponse();
    ControllerResponse empty = nextControllerResponse();
    assertThat(unknownCommand.getRequestId()).isEqualTo(7);
    assertThat(unknownCommand.getError().getCode()).isEqualTo(AVSessionErrorCode.COMMAND_INVALID.code());
    assertThat(empty.getRequestId()).isEqualTo(8);
    assertThat(empty.getError().getCode()).isEqualTo(AVSessionErrorCode.INVALID_PARAMETER.code());
    assertThat(empty.getError().getDetail()).contains("controllerRequest.request");
  }

  private ControllerResponse nextControllerResponse() throws InterruptedException {
    for (int i = 0; i < 10; i++) {
      ServerMessage m = received.poll(5, TimeUnit.SECONDS);
      assertThat(m).as("a message within 5 s").isNotNull();
      if (m.hasControllerResponse()) {
        return m.getControllerResponse();
      }
    }
    throw new AssertionError("no ControllerResponse among the next 10 messages");
  }

  @Test
  void anyCall_malformedBytes_fails401NamingTheMethod() {
    MethodDescriptor<byte[], byte[]> raw = SessionServiceGrpc.getCreateSessionMethod().toBuilder(
        new BytesMarshaller(), new BytesMarshaller()).build();

    assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, raw, CallOptions.DEFAULT,
        new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF})).satisfies(t -> {
          AVSessionException e = ErrorMapping.fromThrowable(t);
          assertThat(e.code()).as(e.getMessage()).isEqualTo(401);
          assertThat(e.detail()).startsWith("malformed CreateSession request");
        });
  }

  private static final class BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
