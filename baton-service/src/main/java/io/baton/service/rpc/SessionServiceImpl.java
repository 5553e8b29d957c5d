package io.baton.service.rpc;

import com.google.protobuf.util.JsonFormat;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.EventFilter;
import io.baton.protocol.ErrorMapping;
import io.baton.protocol.ProtoConverters;
import io.baton.protocol.ProtocolConstants;
import io.baton.protocol.v1.Ack;
import io.baton.protocol.v1.ClientMessage;
import io.baton.protocol.v1.ControlCommand;
import io.baton.protocol.v1.ControlCommandType;
import io.baton.protocol.v1.ControllerRef;
import io.baton.protocol.v1.ControllerRequest;
import io.baton.protocol.v1.CreateControllerRequest;
import io.baton.protocol.v1.CreateControllerResponse;
import io.baton.protocol.v1.CreateSessionRequest;
import io.baton.protocol.v1.CreateSessionResponse;
import io.baton.protocol.v1.DumpRequest;
import io.baton.protocol.v1.DumpResponse;
import io.baton.protocol.v1.ExtrasResponse;
import io.baton.protocol.v1.GetHistoryRequest;
import io.baton.protocol.v1.KeyEvent;
import io.baton.protocol.v1.ListSessionsRequest;
import io.baton.protocol.v1.ListSessionsResponse;
import io.baton.protocol.v1.SendCommonCommandRequest;
import io.baton.protocol.v1.SendControlCommandRequest;
import io.baton.protocol.v1.SendKeyEventRequest;
import io.baton.protocol.v1.ServerMessage;
import io.baton.protocol.v1.SessionRef;
import io.baton.protocol.v1.SessionServiceGrpc;
import io.baton.protocol.v1.SessionState;
import io.baton.protocol.v1.SetEventFilterRequest;
import io.baton.protocol.v1.SkipToQueueItemRequest;
import io.baton.protocol.v1.UpdateSessionRequest;
import io.baton.protocol.v1.UpdateSessionResponse;
import io.baton.protocol.v1.Welcome;
import io.baton.service.session.Caller;
import io.baton.service.session.SessionRegistry;
import io.baton.service.session.SessionSnapshot;
import io.baton.service.session.Validation;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC face of the session service. It only decodes requests, identifies the caller, calls
 * {@link SessionRegistry} and maps errors ({@link ErrorMapping}); every rule lives in the registry.
 *
 * <p>Runs on the transport's threads ({@code directExecutor}): nothing here blocks. Calls that wait for a session's
 * app complete their response from the thread that delivers the app's answer.
 */
public final class SessionServiceImpl extends SessionServiceGrpc.SessionServiceImplBase {
  private static final Logger log = LoggerFactory.getLogger(SessionServiceImpl.class);

  private final SessionRegistry registry;
  private final int outboxCapacity;
  private final int daemonUid;
  private final String daemonVersion;
  private final ConcurrentHashMap<String, ClientConnection> clients = new ConcurrentHashMap<>();

  /**
   * A service over {@code registry}.
   *
   * @param daemonUid the daemon's own user id: callers with it (or root) are the daemon's user (AccessPolicy)
   */
  public SessionServiceImpl(SessionRegistry registry, int outboxCapacity, int daemonUid, String daemonVersion) {
    this.registry = registry;
    this.outboxCapacity = outboxCapacity;
    this.daemonUid = daemonUid;
    this.daemonVersion = daemonVersion;
  }

  /** Clients currently connected. */
  public int connectedClients() {
    return clients.size();
  }

  // ------------------------------------------------------------------------------------------------ Connect

  @Override
  public StreamObserver<ClientMessage> connect(StreamObserver<ServerMessage> responseObserver) {
    ServerCallStreamObserver<ServerMessage> stream = (ServerCallStreamObserver<ServerMessage>) responseObserver;
    PeerIdentity peer = PeerIdentity.current();
    // gRPC accepts the on-ready handler only now, before the connection (created on Hello) exists.
    AtomicReference<ClientConnection> ready = new AtomicReference<>();
    stream.setOnReadyHandler(() -> {
      ClientConnection c = ready.get();
      if (c != null) {
        c.drain();
      }
    });
    // When the daemon itself ends the stream (a malformed message, a client that stopped reading its answers), gRPC
    // tells the request observer nothing: only this handler learns that the client is gone.
    stream.setOnCloseHandler(() -> disconnected(ready.getAndSet(null)));
    return new StreamObserver<>() {
      private ClientConnection connection;

      @Override
      public void onNext(ClientMessage message) {
        if (connection == null) {
          hello(message);
          return;
        }
        switch (message.getKindCase()) {
          case COMMAND_RESULT:
            var result = message.getCommandResult();
            registry.commandResult(connection, result.getCommandId(),
                result.hasError() ? ErrorMapping.fromErrorInfo(result.getError()) : null);
            break;
          case SUBSCRIBE_MANAGER_EVENTS:
            connection.subscribeManagerEvents(message.getSubscribeManagerEvents());
            break;
          case CONTROLLER_REQUEST:
            controllerRequest(connection, message.getControllerRequest());
            break;
          default:
            log.warn("client {}: ignoring unexpected message {}", connection.caller().clientId(),
                message.getKindCase());
            break;
        }
      }

      private void hello(ClientMessage message) {
        if (!message.hasHello()) {
          fail(Validation.invalid("hello", "the first message on Connect must be Hello"));
          return;
        }
        String appId = message.getHello().getAppId();
        if (!ProtocolConstants.APP_ID_PATTERN.matcher(appId).matches()) {
          fail(Validation.invalid("hello.appId", "must match [A-Za-z0-9._-]{1,128}, was '" + appId + "'"));
          return;
        }
        Caller caller = new Caller(UUID.randomUUID().toString(), appId, peer.pid(), peer.uid(),
            peer.uid() == daemonUid || peer.uid() == 0, peer.deviceId());
        connection = new ClientConnection(caller, stream, outboxCapacity);
        ready.set(connection);
        clients.put(caller.clientId(), connection);
        registry.clientConnected(connection);
        connection.sendNow(ServerMessage.newBuilder().setWelcome(Welcome.newBuilder()
            .setClientId(caller.clientId())
            .setProtocolVersion(ProtocolConstants.PROTOCOL_VERSION)
            .setPid(caller.pid())
            .setUid(caller.uid())
            .setDaemonVersion(daemonVersion)).build());
        log.debug("client {} connected: app {} pid {} uid {}", caller.clientId(), appId, caller.pid(), caller.uid());
      }

      private void fail(AVSessionException e) {
        stream.onError(ErrorMapping.toStatusException(e));
      }

      @Override
      public void onError(Throwable t) {
        gone();
      }

      @Override
      public void onCompleted() {
        gone();
        try {
          stream.onCompleted();
        } catch (RuntimeException alreadyClosed) {
          // The call may already be cancelled; there is nobody left to tell.
        }
      }

      private void gone() {
        disconnected(ready.getAndSet(null));
        connection = null;
      }
    };
  }

  /** Forgets a client whose stream ended, however it ended; null (already forgotten, or never welcomed) is a no-op. */
  private void disconnected(ClientConnection c) {
    if (c != null) {
      c.close();
      clients.remove(c.caller().clientId());
      registry.clientDisconnected(c);
    }
  }

  /** The calling client: the {@code baton-client-id} header must name a connection of the calling process. */
  private ClientConnection caller() {
    String clientId = ClientIdInterceptor.CLIENT_ID.get();
    ClientConnection c = clientId == null ? null : clients.get(clientId);
    PeerIdentity peer = PeerIdentity.current();
    if (c == null || peer == null || !peer.owns(c.caller())) {
      throw new AVSessionException(AVSessionErrorCode.SERVICE_EXCEPTION,
          "unknown client id; open the Connect stream and use the client id it returns");
    }
    return c;
  }

  /** Runs a call that answers at once, mapping failures to statuses. */
  private static <T> void unary(StreamObserver<T> out, Supplier<T> body) {
    T response;
    try {
      response = body.get();
    } catch (RuntimeException e) {
      out.onError(ErrorMapping.toStatusException(asAvSessionException(e)));
      return;
    }
    out.onNext(response);
    out.onCompleted();
  }

  /** Runs a call that answers when a future completes. */
  private static <T> void async(StreamObserver<T> out, Supplier<CompletableFuture<T>> body) {
    CompletableFuture<T> future;
    try {
      future = body.get();
    } catch (RuntimeException e) {
      out.onError(ErrorMapping.toStatusException(asAvSessionException(e)));
      return;
    }
    future.whenComplete((response, error) -> {
      if (error != null) {
        out.onError(ErrorMapping.toStatusException(asAvSessionException(error)));
      } else {
        out.onNext(response);
        out.onCompleted();
      }
    });
  }

  private static AVSessionException asAvSessionException(Throwable t) {
    Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null
        ? t.getCause() : t;
    if (cause instanceof AVSessionException) {
      return (AVSessionException) cause;
    }
    if (cause instanceof IllegalArgumentException) {
      // Converters refuse unknown enum numbers and malformed values this way.
      return new AVSessionException(AVSessionErrorCode.INVALID_PARAMETER, cause.getMessage());
    }
    log.error("unexpected failure in a call", cause);
    return new AVSessionException(AVSessionErrorCode.SERVICE_EXCEPTION, String.valueOf(cause), cause);
  }

  private static final Ack ACK = Ack.getDefaultInstance();

  private static CompletableFuture<Ack> acked(CompletableFuture<Void> f) {
    return f.thenApply(v -> ACK);
  }

  // ------------------------------------------------------------------------------------------------ sessions

  @Override
  public void createSession(CreateSessionRequest request, StreamObserver<CreateSessionResponse> out) {
    unary(out, () -> {
      ClientConnection c = caller();
      if (request.getTypeValue() < 0 || request.getTypeValue() > 4) {
        throw Validation.invalid("type", "unknown session type " + request.getTypeValue()
            + " (0 audio, 1 video, 2 voice_call, 3 video_call, 4 photo)");
      }
      var descriptor = registry.createSession(c, request.getTag(), ProtoConverters.fromProtoType(request.getType()),
          request.getRestoredFrom());
      return CreateSessionResponse.newBuilder().setSession(ProtoConverters.toProto(descriptor)).build();
    });
  }

  @Override
  public void updateSession(UpdateSessionRequest request, StreamObserver<UpdateSessionResponse> out) {
    unary(out, () -> {
      ClientConnection c = caller();
      String id = request.getSessionId();
      switch (request.getUpdateCase()) {
        case METADATA:
          registry.setMetadata(c, id, ProtoConverters.fromProto(request.getMetadata()));
          break;
        case PLAYBACK_STATE:
          registry.setPlaybackState(c, id, ProtoConverters.fromProto(request.getPlaybackState()));
          break;
        case QUEUE_ITEMS:
          registry.setQueueItems(c, id, ProtoConverters.queueItemsFromProto(request.getQueueItems().getItemsList()));
          break;
        case QUEUE_TITLE:
          registry.setQueueTitle(c, id, request.getQueueTitle());
          break;
        case EXTRAS:
          registry.setExtras(c, id, ProtoConverters.structToExtras(request.getExtras()));
          break;
        case SESSION_EVENT:
          registry.dispatchSessionEvent(c, id, request.getSessionEvent().getEvent(),
              ProtoConverters.structToExtras(request.getSessionEvent().getArgs()));
          break;
        case LAUNCH_INFO:
          registry.setLaunchInfo(c, id, request.getLaunchInfo().getUri());
          break;
        case CALL_METADATA:
          registry.setCallMetadata(c, id, ProtoConverters.fromProto(request.getCallMetadata()));
          break;
        case CALL_STATE:
          registry.setCallState(c, id, ProtoConverters.fromProto(request.getCallState()));
          break;
        case SUPPORTED_SPEEDS:
          registry.setSupportedSpeeds(c, id, request.getSupportedSpeeds().getSpeedsList());
          break;
        case SUPPORTED_LOOP_MODES:
          List<io.baton.api.LoopMode> modes = new ArrayList<>();
          for (int value : request.getSupportedLoopModes().getModesValueList()) {
            modes.add(io.baton.api.LoopMode.fromValue(value));
          }
          registry.setSupportedLoopModes(c, id, modes);
          break;
        case VALID_COMMANDS:
          registry.setValidCommands(c, id, request.getValidCommands().getValuesList());
          break;
        case ACTIVE:
          registry.setActive(c, id, request.getActive());
          break;
        case OUTPUT_DEVICE:
          registry.setOutputDevice(c, id, ProtoConverters.fromProto(request.getOutputDevice()));
          break;
        case HANDLES_KEY_EVENTS:
          registry.setHandlesKeyEvents(c, id, request.getHandlesKeyEvents());
          break;
        default:
          throw Validation.invalid("update", "no update given");
      }
      return UpdateSessionResponse.getDefaultInstance();
    });
  }

  @Override
  public void destroySession(SessionRef request, StreamObserver<Ack> out) {
    unary(out, () -> {
      registry.destroySession(caller(), request.getSessionId());
      return ACK;
    });
  }

  // ------------------------------------------------------------------------------------------------ controllers

  @Override
  public void createController(CreateControllerRequest request, StreamObserver<CreateControllerResponse> out) {
    unary(out, () -> {
      var handle = registry.createController(caller(), request.getSessionId());
      return CreateControllerResponse.newBuilder()
          .setControllerId(handle.controllerId())
          .setState(toProto(handle.snapshot()))
          .build();
    });
  }

  private static SessionState toProto(SessionSnapshot s) {
    SessionState.Builder b = SessionState.newBuilder()
        .setSession(ProtoConverters.toProto(s.descriptor()))
        .setMetadata(ProtoConverters.toProto(s.metadata()))
        .setPlaybackState(ProtoConverters.toProto(s.playbackState()))
        .addAllQueueItems(ProtoConverters.queueItemsToProto(s.queueItems()))
        .setQueueTitle(s.queueTitle())
        .addAllValidCommands(s.validCommands())
        .setLaunchInfo(io.baton.protocol.v1.LaunchInfo.newBuilder().setUri(s.launchInfo()))
        .setCallMetadata(ProtoConverters.toProto(s.callMetadata()))
        .setCallState(ProtoConverters.toProto(s.callState()))
        .addAllSupportedSpeeds(s.supportedSpeeds());
    for (io.baton.api.LoopMode mode : s.supportedLoopModes()) {
      b.addSupportedLoopModesValue(mode.value());
    }
    return b.build();
  }

  @Override
  public void destroyController(ControllerRef request, StreamObserver<Ack> out) {
    unary(out, () -> {
      registry.destroyController(caller(), request.getControllerId());
      return ACK;
    });
  }

  @Override
  public void getSessionState(ControllerRef request, StreamObserver<SessionState> out) {
    unary(out, () -> toProto(registry.getState(caller(), request.getControllerId())));
  }

  @Override
  public void getExtras(ControllerRef request, StreamObserver<ExtrasResponse> out) {
    unary(out, () -> ExtrasResponse.newBuilder()
        .setExtras(ProtoConverters.extrasToStruct(registry.getExtras(caller(), request.getControllerId())))
        .build());
  }

  @Override
  public void setEventFilter(SetEventFilterRequest request, StreamObserver<Ack> out) {
    unary(out, () -> {
      SessionRegistry.FilterKind kind;
      switch (request.getKind()) {
        case EVENT_FILTER_KIND_METADATA:
          kind = SessionRegistry.FilterKind.METADATA;
          break;
        case EVENT_FILTER_KIND_PLAYBACK_STATE:
          kind = SessionRegistry.FilterKind.PLAYBACK_STATE;
          break;
        case EVENT_FILTER_KIND_CALL_METADATA:
          kind = SessionRegistry.FilterKind.CALL_METADATA;
          break;
        case EVENT_FILTER_KIND_CALL_STATE:
          kind = SessionRegistry.FilterKind.CALL_STATE;
          break;
        default:
          throw Validation.invalid("kind", "unknown filter kind " + request.getKindValue());
      }
      EventFilter filter = request.getAll() ? EventFilter.ALL
          : new EventFilter(false, Set.copyOf(request.getKeysList()));
      registry.setFilter(caller(), request.getControllerId(), kind, filter);
      return ACK;
    });
  }

  @Override
  public void sendControlCommand(SendControlCommandRequest request, StreamObserver<Ack> out) {
    async(out, () -> acked(controlCommand(caller(), request)));
  }

  @Override
  public void sendCommonCommand(SendCommonCommandRequest request, StreamObserver<Ack> out) {
    async(out, () -> acked(commonCommand(caller(), request)));
  }

  @Override
  public void sendKeyEvent(SendKeyEventRequest request, StreamObserver<Ack> out) {
    async(out, () -> acked(keyEvent(caller(), request)));
  }

  /** A controller command sent on the Connect stream: the unary call's rules, answered on the stream. */
  private void controllerRequest(ClientConnection c, ControllerRequest request) {
    CompletableFuture<Void> done;
    try {
      switch (request.getRequestCase()) {
        case SEND_CONTROL_COMMAND:
          done = controlCommand(c, request.getSendControlCommand());
          break;
        case SEND_COMMON_COMMAND:
          done = commonCommand(c, request.getSendCommonCommand());
          break;
        case SEND_KEY_EVENT:
          done = keyEvent(c, request.getSendKeyEvent());
          break;
        default:
          throw Validation.invalid("controllerRequest.request", "must be one of sendControlCommand, "
              + "sendCommonCommand, sendKeyEvent");
      }
    } catch (RuntimeException e) {
      done = CompletableFuture.failedFuture(e);
    }
    long requestId = request.getRequestId();
    done.whenComplete((ignored, error) -> c.offerResponse(WireEvents.controllerResponse(requestId,
        error == null ? null : ErrorMapping.toErrorInfo(asAvSessionException(error)))));
  }

  private CompletableFuture<Void> controlCommand(ClientConnection c, SendControlCommandRequest request) {
    ControlCommand command = request.getCommand();
    if (command.getCommand() == ControlCommandType.UNRECOGNIZED) {
      registry.getState(c, request.getControllerId());
      throw new AVSessionException(AVSessionErrorCode.COMMAND_INVALID,
          "unknown command " + command.getCommandValue());
    }
    return registry.sendControlCommand(c, request.getControllerId(), ProtoConverters.fromProto(command));
  }

  private CompletableFuture<Void> commonCommand(ClientConnection c, SendCommonCommandRequest request) {
    return registry.sendCommonCommand(c, request.getControllerId(), request.getCommand(),
        ProtoConverters.structToExtras(request.getArgs()));
  }

  private CompletableFuture<Void> keyEvent(ClientConnection c, SendKeyEventRequest request) {
    return registry.sendKeyEvent(c, request.getControllerId(), keyEvent(request.getKeyEvent()));
  }

  private static io.baton.api.KeyEvent keyEvent(KeyEvent proto) {
    if (!proto.hasKey()) {
      throw Validation.invalid("keyEvent.key", "must be present");
    }
    return ProtoConverters.fromProto(proto);
  }

  @Override
  public void skipToQueueItem(SkipToQueueItemRequest request, StreamObserver<Ack> out) {
    async(out, () -> acked(registry.skipToQueueItem(caller(), request.getControllerId(), request.getItemId())));
  }

  // ------------------------------------------------------------------------------------------------ manager

  @Override
  public void listSessions(ListSessionsRequest request, StreamObserver<ListSessionsResponse> out) {
    unary(out, () -> {
      ListSessionsResponse.Builder b = ListSessionsResponse.newBuilder();
      for (var d : registry.listSessions(caller())) {
        b.addSessions(ProtoConverters.toProto(d));
      }
      return b.build();
    });
  }

  @Override
  public void getHistory(GetHistoryRequest request, StreamObserver<ListSessionsResponse> out) {
    async(out, () -> {
      return registry.history(caller(), request.getMaxSize()).thenApply(list -> {
        ListSessionsResponse.Builder b = ListSessionsResponse.newBuilder();
        for (var d : list) {
          b.addSessions(ProtoConverters.toProto(d));
        }
        return b.build();
      });
    });
  }

  @Override
  public void sendSystemKeyEvent(KeyEvent request, StreamObserver<Ack> out) {
    async(out, () -> acked(registry.sendSystemKeyEvent(caller(), keyEvent(request))));
  }

  @Override
  public void sendSystemControlCommand(ControlCommand request, StreamObserver<Ack> out) {
    async(out, () -> {
      ClientConnection c = caller();
      if (request.getCommand() == ControlCommandType.UNRECOGNIZED) {
        throw new AVSessionException(AVSessionErrorCode.COMMAND_INVALID,
            "unknown command " + request.getCommandValue());
      }
      return acked(registry.sendSystemControlCommand(c, ProtoConverters.fromProto(request)));
    });
  }

  @Override
  public void dump(DumpRequest request, StreamObserver<DumpResponse> out) {
    unary(out, () -> {
      caller();
      try {
        String json = JsonFormat.printer().print(ProtoConverters.extrasToStruct(registry.dump()));
        return DumpResponse.newBuilder().setJson(json).build();
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw new AVSessionException(AVSessionErrorCode.SERVICE_EXCEPTION, "cannot print the dump: " + e);
      }
    });
  }
}
