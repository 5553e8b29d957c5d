package io.baton.client;

import io.baton.api.AVSessionErrorCode;
import io.baton.protocol.ErrorMapping;
import io.baton.protocol.ProtocolConstants;
import io.baton.protocol.v1.Ack;
import io.baton.protocol.v1.ClientMessage;
import io.baton.protocol.v1.ControllerRequest;
import io.baton.protocol.v1.ControllerResponse;
import io.baton.protocol.v1.CommandRequest;
import io.baton.protocol.v1.CommandResult;
import io.baton.protocol.v1.ControllerEvent;
import io.baton.protocol.v1.ControllerRef;
import io.baton.protocol.v1.CreateControllerRequest;
import io.baton.protocol.v1.CreateControllerResponse;
import io.baton.protocol.v1.CreateSessionRequest;
import io.baton.protocol.v1.CreateSessionResponse;
import io.baton.protocol.v1.ManagerEvent;
import io.baton.protocol.v1.SendControlCommandRequest;
import io.baton.protocol.v1.ServerMessage;
import io.baton.protocol.v1.SessionDescriptor;
import io.baton.protocol.v1.SessionRef;
import io.baton.protocol.v1.SessionServiceGrpc;
import io.baton.protocol.v1.SessionState;
import io.baton.protocol.v1.SetEventFilterRequest;
import io.baton.protocol.v1.UpdateSessionRequest;
import io.baton.protocol.v1.UpdateSessionResponse;
import io.baton.protocol.v1.Welcome;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal daemon on gRPC's in-process transport, for the SDK's unit tests: {@code Connect} answers {@code Hello}
 * with {@code Welcome}, the unary calls the SDK makes are recorded and answered with plausible replies, and the test
 * can push server messages, kill the daemon and start a fresh one under the same name (a "restart": new ids, empty
 * state). Not thread-confined; every recording is a concurrent collection.
 */
final class FakeDaemon implements AutoCloseable {
  private static final AtomicInteger instances = new AtomicInteger();

  private final String name = "fake-daemon-" + instances.incrementAndGet();
  private final AtomicInteger generations = new AtomicInteger();
  private final List<ManagedChannel> channels = new CopyOnWriteArrayList<>();
  private volatile Server server;
  private volatile Service service;

  /** Starts the first daemon. */
  FakeDaemon() {
    start();
  }

  /** The daemon running now (a new one after {@link #restart()}). */
  Service service() {
    return service;
  }

  /** A channel to this daemon's name; closed by {@link #close()}. */
  ManagedChannel newChannel() {
    ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    channels.add(channel);
    return channel;
  }

  /** Kills the daemon: every stream and call fails with UNAVAILABLE, as when the process dies. */
  void kill() {
    Server s = server;
    s.shutdownNow();
    awaitTermination(s);
  }

  /** Starts a fresh daemon (new ids, no state) under the same name. */
  void restart() {
    start();
  }

  @Override
  public void close() {
    for (ManagedChannel channel : channels) {
      channel.shutdownNow();
    }
    kill();
  }

  private static void awaitTermination(Server s) {
    try {
      if (!s.awaitTermination(5, TimeUnit.SECONDS)) {
        throw new AssertionError("fake daemon did not terminate within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while stopping the fake daemon", e);
    }
  }

  private void start() {
    Service s = new Service(generations.incrementAndGet());
    try {
      // Not directExecutor: handlers run on the server's pool, as the daemon's do on its event loop, so that a
      // client write never re-enters the client from inside the same call stack.
      server =
          InProcessServerBuilder.forName(name)
              .addService(ServerInterceptors.intercept(s, s.headerRecorder()))
              .build()
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    service = s;
  }

  /** One daemon incarnation's state and recordings. */
  static final class Service extends SessionServiceGrpc.SessionServiceImplBase {
    final int generation;
    /** Hello messages received. */
    final List<ClientMessage> hellos = new CopyOnWriteArrayList<>();
    /** Every other Connect message (command results, subscriptions), in arrival order. */
    final List<ClientMessage> clientMessages = new CopyOnWriteArrayList<>();
    /** Connect streams the client half-closed. */
    final AtomicInteger halfCloses = new AtomicInteger();
    final List<CreateSessionRequest> createSessions = new CopyOnWriteArrayList<>();
    final List<UpdateSessionRequest> updates = new CopyOnWriteArrayList<>();
    final List<SessionRef> destroySessions = new CopyOnWriteArrayList<>();
    final List<CreateControllerRequest> createControllers = new CopyOnWriteArrayList<>();
    final List<ControllerRef> destroyControllers = new CopyOnWriteArrayList<>();
    final List<ControllerRef> stateRequests = new CopyOnWriteArrayList<>();
    final List<SetEventFilterRequest> filters = new CopyOnWriteArrayList<>();
    final List<SendControlCommandRequest> controlCommands = new CopyOnWriteArrayList<>();
    /** The {@code baton-client-id} header of every unary call ("" when absent). */
    final List<String> clientIdHeaders = new CopyOnWriteArrayList<>();
    /** When set, Hello is answered with this 401 detail instead of Welcome. */
    volatile String refuseHello;
    /** Sessions that exist, by id. */
    final Set<String> sessions = ConcurrentHashMap.newKeySet();
    /** What GetSessionState and CreateController answer, per session id (default: just the descriptor). */
    final Map<String, SessionState> states = new ConcurrentHashMap<>();

    private final AtomicInteger sessionIds = new AtomicInteger();
    private final AtomicLong controllerIds = new AtomicLong();
    private final AtomicLong commandIds = new AtomicLong();
    private final Map<Long, String> controllerSessions = new ConcurrentHashMap<>();
    private volatile StreamObserver<ServerMessage> stream;

    Service(int generation) {
      this.generation = generation;
    }

    /** The client id this daemon hands out. */
    String clientId() {
      return "client-" + generation;
    }

    /** Sends {@code message} on the client's Connect stream. */
    synchronized void send(ServerMessage message) {
      stream.onNext(message);
    }

    /** Sends a command for {@code sessionId} and returns its id. */
    long sendCommand(String sessionId, CommandRequest.Builder command) {
      long id = commandIds.incrementAndGet();
      send(
          ServerMessage.newBuilder()
              .setCommand(command.setCommandId(id).setSessionId(sessionId))
              .build());
      return id;
    }

    /** Sends a controller event. */
    void sendControllerEvent(ControllerEvent event) {
      send(ServerMessage.newBuilder().setControllerEvent(event).build());
    }

    /** Sends a manager event. */
    void sendManagerEvent(ManagerEvent event) {
      send(ServerMessage.newBuilder().setManagerEvent(event).build());
    }

    /** The command result for {@code commandId}, or null while none arrived. */
    CommandResult commandResult(long commandId) {
      for (ClientMessage message : clientMessages) {
        if (message.hasCommandResult() && message.getCommandResult().getCommandId() == commandId) {
          return message.getCommandResult();
        }
      }
      return null;
    }

    /** The subscribe_manager_events values received, in order. */
    List<Boolean> subscriptions() {
      return clientMessages.stream()
          .filter(m -> m.getKindCase() == ClientMessage.KindCase.SUBSCRIBE_MANAGER_EVENTS)
          .map(ClientMessage::getSubscribeManagerEvents)
          .toList();
    }

    /** The valid-command lists received, in order. */
    List<List<String>> validCommandUpdates() {
      return updates.stream()
          .filter(u -> u.getUpdateCase() == UpdateSessionRequest.UpdateCase.VALID_COMMANDS)
          .map(u -> List.copyOf(u.getValidCommands().getValuesList()))
          .toList();
    }

    /** The updates received of one kind. */
    List<UpdateSessionRequest> updates(UpdateSessionRequest.UpdateCase kind) {
      return updates.stream().filter(u -> u.getUpdateCase() == kind).toList();
    }

    ServerInterceptor headerRecorder() {
      return new ServerInterceptor() {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
          if (!call.getMethodDescriptor().getFullMethodName().endsWith("/Connect")) {
            String id = headers.get(ProtocolConstants.CLIENT_ID_KEY);
            clientIdHeaders.add(id == null ? "" : id);
          }
          return next.startCall(call, headers);
        }
      };
    }

    @Override
    public StreamObserver<ClientMessage> connect(StreamObserver<ServerMessage> responses) {
      return new StreamObserver<>() {
        @Override
        public void onNext(ClientMessage message) {
          if (message.hasHello() && refuseHello != null) {
            responses.onError(
                ErrorMapping.toStatusException(AVSessionErrorCode.INVALID_PARAMETER.toException(refuseHello)));
          } else if (message.hasHello()) {
            hellos.add(message);
            synchronized (Service.this) {
              stream = responses;
              responses.onNext(
                  ServerMessage.newBuilder()
                      .setWelcome(
                          Welcome.newBuilder()
                              .setClientId(clientId())
                              .setProtocolVersion(ProtocolConstants.PROTOCOL_VERSION)
                              .setDaemonVersion("fake-" + generation))
                      .build());
            }
          } else if (message.hasControllerRequest()) {
            ControllerRequest request = message.getControllerRequest();
            if (request.hasSendControlCommand()) {
              controlCommands.add(request.getSendControlCommand());
            }
            synchronized (Service.this) {
              responses.onNext(
                  ServerMessage.newBuilder()
                      .setControllerResponse(
                          ControllerResponse.newBuilder().setRequestId(request.getRequestId()))
                      .build());
            }
          } else {
            clientMessages.add(message);
          }
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {
          halfCloses.incrementAndGet();
          synchronized (Service.this) {
            responses.onCompleted();
          }
        }
      };
    }

    @Override
    public void createSession(CreateSessionRequest request, StreamObserver<CreateSessionResponse> responses) {
      createSessions.add(request);
      String id = "G" + generation + "S" + sessionIds.incrementAndGet();
      sessions.add(id);
      responses.onNext(
          CreateSessionResponse.newBuilder()
              .setSession(
                  SessionDescriptor.newBuilder().setSessionId(id).setTag(request.getTag()).setType(request.getType()))
              .build());
      responses.onCompleted();
    }

    @Override
    public void updateSession(UpdateSessionRequest request, StreamObserver<UpdateSessionResponse> responses) {
      if (!sessions.contains(request.getSessionId())) {
        responses.onError(notExist(request.getSessionId()));
        return;
      }
      updates.add(request);
      responses.onNext(UpdateSessionResponse.getDefaultInstance());
      responses.onCompleted();
    }

    @Override
    public void destroySession(SessionRef request, StreamObserver<Ack> responses) {
      destroySessions.add(request);
      if (!sessions.remove(request.getSessionId())) {
        responses.onError(notExist(request.getSessionId()));
        return;
      }
      ack(responses);
    }

    @Override
    public void createController(
        CreateControllerRequest request, StreamObserver<CreateControllerResponse> responses) {
      createControllers.add(request);
      if (!sessions.contains(request.getSessionId())) {
        responses.onError(notExist(request.getSessionId()));
        return;
      }
      long id = controllerIds.incrementAndGet();
      controllerSessions.put(id, request.getSessionId());
      responses.onNext(
          CreateControllerResponse.newBuilder()
              .setControllerId(id)
              .setState(state(request.getSessionId()))
              .build());
      responses.onCompleted();
    }

    @Override
    public void destroyController(ControllerRef request, StreamObserver<Ack> responses) {
      destroyControllers.add(request);
      controllerSessions.remove(request.getControllerId());
      ack(responses);
    }

    @Override
    public void getSessionState(ControllerRef request, StreamObserver<SessionState> responses) {
      stateRequests.add(request);
      String sessionId = controllerSessions.get(request.getControllerId());
      if (sessionId == null) {
        responses.onError(
            ErrorMapping.toStatusException(
                AVSessionErrorCode.CONTROLLER_NOT_EXIST.toException("controller " + request.getControllerId())));
        return;
      }
      responses.onNext(state(sessionId));
      responses.onCompleted();
    }

    @Override
    public void setEventFilter(SetEventFilterRequest request, StreamObserver<Ack> responses) {
      filters.add(request);
      ack(responses);
    }

    @Override
    public void sendControlCommand(SendControlCommandRequest request, StreamObserver<Ack> responses) {
      controlCommands.add(request);
      ack(responses);
    }

    private SessionState state(String sessionId) {
      return states.getOrDefault(
          sessionId,
          SessionState.newBuilder().setSession(SessionDescriptor.newBuilder().setSessionId(sessionId)).build());
    }

    private static io.grpc.StatusRuntimeException notExist(String sessionId) {
      return ErrorMapping.toStatusException(AVSessionErrorCode.SESSION_NOT_EXIST.toException("session " + sessionId));
    }

    private static void ack(StreamObserver<Ack> responses) {
      responses.onNext(Ack.getDefaultInstance());
      responses.onCompleted();
    }
  }
}
