package io.baton.fuzz;

import static io.baton.api.AVSessionErrorCode.COMMAND_INVALID;
import static io.baton.api.AVSessionErrorCode.CONTROLLER_NOT_EXIST;
import static io.baton.api.AVSessionErrorCode.INVALID_PARAMETER;
import static io.baton.api.AVSessionErrorCode.MESSAGE_OVERLOAD;
import static io.baton.api.AVSessionErrorCode.SERVICE_EXCEPTION;
import static io.baton.api.AVSessionErrorCode.SESSION_INACTIVE;
import static io.baton.api.AVSessionErrorCode.SESSION_NOT_EXIST;
import static io.baton.fuzz.Outcome.codes;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.KeyEvent;
import io.baton.protocol.ProtoConverters;
import io.baton.protocol.v1.CommandRequest;
import io.baton.protocol.v1.ControlCommand;
import io.baton.protocol.v1.CreateControllerResponse;
import io.baton.protocol.v1.CreateSessionResponse;
import io.baton.protocol.v1.DumpResponse;
import io.baton.protocol.v1.ExtrasResponse;
import io.baton.protocol.v1.ListSessionsRequest;
import io.baton.protocol.v1.ListSessionsResponse;
import io.baton.protocol.v1.SessionDescriptor;
import io.baton.protocol.v1.SessionServiceGrpc;
import io.baton.protocol.v1.SessionState;
import io.baton.protocol.v1.UpdateSessionRequest;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzz targets for every unary request of {@code baton.v1.SessionService}: arbitrary bytes go through the daemon's
 * real decoding (the malformed-request interceptor, protobuf, {@code ProtoConverters}), caller identification,
 * {@code Validation} and the {@code SessionRegistry}, on the in-process transport.
 *
 * <p>Input format: the first byte chooses the {@link Scenario} (which ids to point at the live session and
 * controller, whether the session is active, a call, limited…); the rest is the request as sent on the wire. When no
 * id is to be replaced, the bytes are sent exactly as given.
 *
 * <p>Oracle, for every input: the call ends with success or with Baton's error trailers carrying a code the method
 * may raise (never a bare gRPC status, never an unlisted code); malformed bytes get 401 naming the method; a refused
 * call leaves the daemon's state and the session as its controller reads it unchanged; a successful call had the
 * effect it promises (the merge rules, the command delivered to the app…); and once both clients disconnect, nothing
 * is left in the daemon.
 */
class SessionRequestFuzzTest {
  private static InProcessDaemon daemon;

  @BeforeAll
  static void startDaemon() {
    daemon = InProcessDaemon.start();
    daemon.warmUp();
  }

  @AfterAll
  static void stopDaemon() throws Exception {
    daemon.close();
  }

  /** Which client makes the call. */
  private enum Side {
    /** The session's owner. */
    APP,
    /** The client holding the controller. */
    REMOTE
  }

  /** What the world looked like just before the fuzzed call. */
  private record Before(Map<String, Object> snapshot, SessionState view, int commands) {}

  /** Checks the effect of a call that succeeded. */
  @FunctionalInterface
  private interface Effect<Q extends Message> {
    void check(Scenario s, Q request, byte[] response, Before before) throws Exception;
  }

  private static final Set<AVSessionErrorCode> NONE = EnumSet.noneOf(AVSessionErrorCode.class);

  // ------------------------------------------------------------------------------------------ session owner

  @FuzzTest(maxDuration = "60s")
  void createSession(byte[] input) {
    run(input, SessionServiceGrpc.getCreateSessionMethod(), Side.APP, codes(INVALID_PARAMETER),
        (s, request, response, before) -> {
          SessionDescriptor created = CreateSessionResponse.parseFrom(response).getSession();
          assertThat(created.getTag()).isEqualTo(request.getTag());
          assertThat(created.getTypeValue()).isEqualTo(request.getTypeValue());
          assertThat(created.getAppId()).isEqualTo("fuzz.app");
          assertThat(created.getPid()).isEqualTo(InProcessDaemon.PID);
          assertThat(created.getSessionId()).isNotEqualTo(s.sessionId).matches("[0-9A-F]{64}");
          assertThat(listed(s)).contains(created.getSessionId(), s.sessionId);
        });
  }

  @FuzzTest(maxDuration = "60s")
  void updateSession(byte[] input) {
    run(input, SessionServiceGrpc.getUpdateSessionMethod(), Side.APP, codes(INVALID_PARAMETER, SESSION_NOT_EXIST),
        SessionRequestFuzzTest::updated);
  }

  @FuzzTest(maxDuration = "60s")
  void destroySession(byte[] input) {
    run(input, SessionServiceGrpc.getDestroySessionMethod(), Side.APP, codes(SESSION_NOT_EXIST),
        (s, request, response, before) -> {
          assertThat(listed(s)).doesNotContain(s.sessionId);
          var event = s.remote.next(m -> m.hasControllerEvent() && m.getControllerEvent().hasSessionDestroy())
              .getControllerEvent();
          assertThat(event.getControllerIdsList()).containsExactly(s.controllerId);
          assertThat(event.getSessionDestroy().getSessionId()).isEqualTo(s.sessionId);
        });
  }

  // ------------------------------------------------------------------------------------------ controllers

  @FuzzTest(maxDuration = "60s")
  void createController(byte[] input) {
    run(input, SessionServiceGrpc.getCreateControllerMethod(), Side.REMOTE,
        codes(INVALID_PARAMETER, SESSION_NOT_EXIST), (s, request, response, before) -> {
          CreateControllerResponse created = CreateControllerResponse.parseFrom(response);
          assertThat(created.getControllerId()).isNotEqualTo(s.controllerId);
          assertThat(created.getState()).isEqualTo(s.controllerView());
        });
  }

  @FuzzTest(maxDuration = "60s")
  void destroyController(byte[] input) {
    run(input, SessionServiceGrpc.getDestroyControllerMethod(), Side.REMOTE, codes(CONTROLLER_NOT_EXIST),
        (s, request, response, before) -> {
          Outcome after = s.remote.call(SessionServiceGrpc.getGetSessionStateMethod(), request.toByteArray());
          after.assertOkOr(codes(CONTROLLER_NOT_EXIST));
          assertThat(after.ok()).as("the destroyed controller still reads its session").isFalse();
        });
  }

  @FuzzTest(maxDuration = "60s")
  void getSessionState(byte[] input) {
    run(input, SessionServiceGrpc.getGetSessionStateMethod(), Side.REMOTE,
        codes(SESSION_NOT_EXIST, CONTROLLER_NOT_EXIST),
        (s, request, response, before) -> assertThat(SessionState.parseFrom(response)).isEqualTo(before.view()));
  }

  @FuzzTest(maxDuration = "60s")
  void getExtras(byte[] input) {
    run(input, SessionServiceGrpc.getGetExtrasMethod(), Side.REMOTE,
        codes(SESSION_NOT_EXIST, CONTROLLER_NOT_EXIST, MESSAGE_OVERLOAD),
        (s, request, response, before) -> assertThat(
            ProtoConverters.structToExtras(ExtrasResponse.parseFrom(response).getExtras()))
            .isEqualTo(Map.of("k", 1.0)));
  }

  @FuzzTest(maxDuration = "60s")
  void setEventFilter(byte[] input) {
    run(input, SessionServiceGrpc.getSetEventFilterMethod(), Side.REMOTE,
        codes(INVALID_PARAMETER, CONTROLLER_NOT_EXIST), (s, request, response, before) -> { });
  }

  @FuzzTest(maxDuration = "60s")
  void sendControlCommand(byte[] input) {
    run(input, SessionServiceGrpc.getSendControlCommandMethod(), Side.REMOTE,
        codes(INVALID_PARAMETER, SESSION_NOT_EXIST, CONTROLLER_NOT_EXIST, COMMAND_INVALID, SESSION_INACTIVE,
            MESSAGE_OVERLOAD),
        (s, request, response, before) -> assertControlDelivered(s, before, request.getCommand()));
  }

  @FuzzTest(maxDuration = "60s")
  void sendCommonCommand(byte[] input) {
    run(input, SessionServiceGrpc.getSendCommonCommandMethod(), Side.REMOTE,
        codes(INVALID_PARAMETER, SESSION_NOT_EXIST, CONTROLLER_NOT_EXIST, SESSION_INACTIVE, MESSAGE_OVERLOAD),
        (s, request, response, before) -> {
          CommandRequest delivered = onlyNewCommand(s, before);
          assertThat(delivered.getCommon().getCommand()).isEqualTo(request.getCommand());
          assertThat(ProtoConverters.structToExtras(delivered.getCommon().getArgs()))
              .isEqualTo(ProtoConverters.structToExtras(request.getArgs()));
        });
  }

  @FuzzTest(maxDuration = "60s")
  void sendKeyEvent(byte[] input) {
    run(input, SessionServiceGrpc.getSendKeyEventMethod(), Side.REMOTE,
        codes(INVALID_PARAMETER, SESSION_NOT_EXIST, CONTROLLER_NOT_EXIST, COMMAND_INVALID, SESSION_INACTIVE,
            MESSAGE_OVERLOAD),
        (s, request, response, before) -> assertKeyDelivered(s, before, request.getKeyEvent()));
  }

  @FuzzTest(maxDuration = "60s")
  void skipToQueueItem(byte[] input) {
    run(input, SessionServiceGrpc.getSkipToQueueItemMethod(), Side.REMOTE,
        codes(SESSION_NOT_EXIST, CONTROLLER_NOT_EXIST, MESSAGE_OVERLOAD),
        (s, request, response, before) ->
            assertThat(onlyNewCommand(s, before).getSkipToQueueItem()).isEqualTo(request.getItemId()));
  }

  // ------------------------------------------------------------------------------------------ manager

  @FuzzTest(maxDuration = "60s")
  void listSessions(byte[] input) {
    run(input, SessionServiceGrpc.getListSessionsMethod(), Side.REMOTE, NONE, (s, request, response, before) ->
        assertThat(ListSessionsResponse.parseFrom(response).getSessionsList())
            .extracting(SessionDescriptor::getSessionId).containsExactly(s.sessionId));
  }

  @FuzzTest(maxDuration = "60s")
  void getHistory(byte[] input) {
    run(input, SessionServiceGrpc.getGetHistoryMethod(), Side.REMOTE, codes(INVALID_PARAMETER),
        (s, request, response, before) -> {
          int max = request.getMaxSize() == 0 ? 3 : request.getMaxSize();
          assertThat(ListSessionsResponse.parseFrom(response).getSessionsList()).hasSizeLessThanOrEqualTo(max)
              .extracting(SessionDescriptor::getSessionId).doesNotContain(s.sessionId);
        });
  }

  @FuzzTest(maxDuration = "60s")
  void sendSystemKeyEvent(byte[] input) {
    run(input, SessionServiceGrpc.getSendSystemKeyEventMethod(), Side.REMOTE,
        codes(INVALID_PARAMETER, SESSION_NOT_EXIST, COMMAND_INVALID, MESSAGE_OVERLOAD),
        (s, request, response, before) -> assertKeyDelivered(s, before, request));
  }

  @FuzzTest(maxDuration = "60s")
  void sendSystemControlCommand(byte[] input) {
    run(input, SessionServiceGrpc.getSendSystemControlCommandMethod(), Side.REMOTE,
        codes(INVALID_PARAMETER, SESSION_NOT_EXIST, COMMAND_INVALID, MESSAGE_OVERLOAD),
        (s, request, response, before) -> assertControlDelivered(s, before, request));
  }

  @FuzzTest(maxDuration = "60s")
  void dump(byte[] input) {
    run(input, SessionServiceGrpc.getDumpMethod(), Side.REMOTE, NONE, (s, request, response, before) -> {
      Struct.Builder json = Struct.newBuilder();
      JsonFormat.parser().merge(DumpResponse.parseFrom(response).getJson(), json);
      assertThat(json.getFieldsMap()).containsKeys("sessions", "controllers", "clients");
    });
  }

  // ------------------------------------------------------------------------------------------ the driver

  /**
   * Builds the scenario the input's first byte asks for, sends the rest of the input as {@code method}'s request
   * from {@code side}, and checks the outcome (see the class documentation).
   */
  private static <Q extends Message> void run(byte[] input, MethodDescriptor<Q, ?> method, Side side,
      Set<AVSessionErrorCode> allowed, Effect<Q> effect) {
    int flags = input.length == 0 ? 0 : input[0] & 0xFF;
    byte[] body = input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
    try (Scenario s = Scenario.build(daemon, flags)) {
      Q request = parse(method, body);
      byte[] sent = body;
      if (request != null && (s.has(Scenario.USE_SESSION_ID) || s.has(Scenario.USE_CONTROLLER_ID))) {
        @SuppressWarnings("unchecked")
        Q pointed = (Q) s.withIds(request);
        request = pointed;
        sent = request.toByteArray();
      }
      boolean withClientId = !s.has(Scenario.NO_CLIENT_ID);
      Before before = new Before(s.snapshot(), s.controllerView(), s.app.commands().size());

      Outcome outcome = (side == Side.APP ? s.app : s.remote).call(method, sent, withClientId);

      Set<AVSessionErrorCode> expected = request == null ? codes(INVALID_PARAMETER)
          : withClientId ? allowed : codes(INVALID_PARAMETER, SERVICE_EXCEPTION);
      AVSessionException error = outcome.assertOkOr(expected);
      if (request == null) {
        assertThat(error).as("malformed %s request accepted", method.getBareMethodName()).isNotNull();
        assertThat(error.detail()).startsWith("malformed " + method.getBareMethodName() + " request");
      }
      if (error != null) {
        assertThat(s.snapshot()).as("daemon state after a refused %s (%s: %s)", method.getBareMethodName(),
            error.code(), error.detail()).isEqualTo(before.snapshot());
      } else {
        assertThat(withClientId).as("%s succeeded without a client id", method.getBareMethodName()).isTrue();
        try {
          effect.check(s, request, outcome.response(), before);
        } catch (Exception e) {
          throw new AssertionError(method.getBareMethodName() + ": checking the effect failed", e);
        }
      }
    }
  }

  /** The request in {@code body}, parsed as the daemon parses it; null when it is not a valid message. */
  private static <Q> Q parse(MethodDescriptor<Q, ?> method, byte[] body) {
    try {
      return method.parseRequest(new ByteArrayInputStream(body));
    } catch (RuntimeException malformed) {
      return null;
    }
  }

  private static List<String> listed(Scenario s) throws InvalidProtocolBufferException {
    ListSessionsResponse list = s.remote.call(SessionServiceGrpc.getListSessionsMethod(),
        ListSessionsRequest.getDefaultInstance());
    List<String> ids = new ArrayList<>();
    for (SessionDescriptor d : list.getSessionsList()) {
      ids.add(d.getSessionId());
    }
    return ids;
  }

  /** The merge rules, seen through the controller: the update had exactly the documented effect. */
  private static void updated(Scenario s, UpdateSessionRequest request, byte[] response, Before before) {
    SessionState was = before.view();
    SessionState now = s.controllerView();
    switch (request.getUpdateCase()) {
      case METADATA:
        assertThat(ProtoConverters.fromProto(now.getMetadata())).as("metadata after the update")
            .isEqualTo(ProtoConverters.fromProto(was.getMetadata())
                .mergeWith(ProtoConverters.fromProto(request.getMetadata())));
        break;
      case PLAYBACK_STATE:
        assertThat(ProtoConverters.fromProto(now.getPlaybackState())).as("playback state after the update")
            .isEqualTo(ProtoConverters.fromProto(was.getPlaybackState())
                .overlay(ProtoConverters.fromProto(request.getPlaybackState())));
        break;
      case QUEUE_ITEMS:
        assertThat(ProtoConverters.queueItemsFromProto(now.getQueueItemsList()))
            .isEqualTo(ProtoConverters.queueItemsFromProto(request.getQueueItems().getItemsList()));
        break;
      case QUEUE_TITLE:
        assertThat(now.getQueueTitle()).isEqualTo(request.getQueueTitle());
        break;
      case LAUNCH_INFO:
        assertThat(now.getLaunchInfo().getUri()).isEqualTo(request.getLaunchInfo().getUri());
        break;
      case VALID_COMMANDS:
        assertThat(now.getValidCommandsList())
            .containsExactlyElementsOf(new LinkedHashSet<>(request.getValidCommands().getValuesList()));
        break;
      case ACTIVE:
        assertThat(now.getSession().getIsActive()).isEqualTo(request.getActive());
        break;
      case SUPPORTED_SPEEDS:
        assertThat(now.getSupportedSpeedsList()).isEqualTo(request.getSupportedSpeeds().getSpeedsList());
        break;
      case SUPPORTED_LOOP_MODES:
        assertThat(now.getSupportedLoopModesValueList())
            .isEqualTo(request.getSupportedLoopModes().getModesValueList());
        break;
      case CALL_METADATA:
        assertThat(ProtoConverters.fromProto(now.getCallMetadata()))
            .isEqualTo(ProtoConverters.fromProto(request.getCallMetadata()));
        break;
      case CALL_STATE:
        assertThat(ProtoConverters.fromProto(now.getCallState()))
            .isEqualTo(ProtoConverters.fromProto(request.getCallState()));
        break;
      default:
        // Extras, session events, output device, key handling: not readable through a controller's state.
        break;
    }
  }

  /** The one command the call made the daemon forward to the session's app. */
  private static CommandRequest onlyNewCommand(Scenario s, Before before) {
    List<CommandRequest> all = s.app.commands();
    assertThat(all).as("commands forwarded to the app").hasSize(before.commands() + 1);
    CommandRequest delivered = all.get(before.commands());
    assertThat(delivered.getSessionId()).isEqualTo(s.sessionId);
    return delivered;
  }

  private static void assertControlDelivered(Scenario s, Before before, ControlCommand sent) {
    CommandRequest delivered = onlyNewCommand(s, before);
    ControlCommand control = delivered.getControl();
    assertThat(control.getCommand()).isEqualTo(sent.getCommand());
    String name = ProtoConverters.fromProtoCommandType(control.getCommand()).commandName();
    assertThat(before.view().getValidCommandsList()).as("valid commands").contains(name);
    if (control.hasSpeed() && !before.view().getSupportedSpeedsList().isEmpty()) {
      assertThat(before.view().getSupportedSpeedsList()).contains(control.getSpeed());
    }
    assertThat(control.getCommandInfo().getCallerAppId()).as("the daemon names the real sender")
        .isEqualTo("fuzz.remote");
    assertThat(control.getCommandInfo().getCallerPid()).isEqualTo(InProcessDaemon.PID);
  }

  private static void assertKeyDelivered(Scenario s, Before before, io.baton.protocol.v1.KeyEvent sent) {
    if (sent.getAction() != KeyEvent.ACTION_DOWN) {
      assertThat(s.app.commands()).as("only key-down is routed").hasSize(before.commands());
      return;
    }
    CommandRequest delivered = onlyNewCommand(s, before);
    if (s.has(Scenario.HANDLES_KEYS)) {
      assertThat(delivered.hasKeyEvent() || delivered.hasControl()).isTrue();
    } else {
      assertThat(delivered.hasControl()).as("a key becomes a command for an app without a key handler").isTrue();
    }
  }
}
