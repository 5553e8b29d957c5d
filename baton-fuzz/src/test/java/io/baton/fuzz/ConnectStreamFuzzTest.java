package io.baton.fuzz;

import static io.baton.api.AVSessionErrorCode.COMMAND_INVALID;
import static io.baton.api.AVSessionErrorCode.CONTROLLER_NOT_EXIST;
import static io.baton.api.AVSessionErrorCode.INVALID_PARAMETER;
import static io.baton.api.AVSessionErrorCode.MESSAGE_OVERLOAD;
import static io.baton.api.AVSessionErrorCode.SESSION_INACTIVE;
import static io.baton.api.AVSessionErrorCode.SESSION_NOT_EXIST;
import static io.baton.fuzz.Outcome.codes;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
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
import io.baton.protocol.v1.SendControlCommandRequest;
import io.baton.protocol.v1.SessionServiceGrpc;
import io.grpc.StatusRuntimeException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzz target for {@code ClientMessage}, the messages a client sends on its {@code Connect} stream, through the
 * daemon's real decoding and stream handling on the in-process transport.
 *
 * <p>Input format: a flags byte, then the message as sent on the wire. Flags: bit 0 sends the message as the first
 * one on a new stream (where only a valid Hello is welcome); otherwise it follows a normal Hello, in the
 * {@link Scenario} the other bits describe, on the remote's stream, or with bit 2 on the session app's stream while
 * the app owes an answer to a pending command. Bit 1 points a controller request at the live controller and a command
 * result at the pending command.
 *
 * <p>Oracle: a first message that is not a valid Hello ends the stream with 401 and registers nothing; malformed bytes
 * end the stream with 401 and the client's sessions and controllers are released as for any disconnect; a
 * controller request is answered on the stream by its request id, with a code the unary call could raise, changing
 * nothing when refused; a command result completes exactly the pending command it names, relaying the app's error;
 * anything else is ignored and the stream stays usable; and after both clients leave, nothing is left.
 */
class ConnectStreamFuzzTest {
  private static final int FIRST = 1;
  private static final int POINT_IDS = 1 << 1;
  private static final int FROM_APP = 1 << 2;
  private static final long PROBE_ID = Long.MIN_VALUE + 7;
  private static final Set<AVSessionErrorCode> CONTROLLER_REQUEST_CODES = codes(INVALID_PARAMETER,
      SESSION_NOT_EXIST, CONTROLLER_NOT_EXIST, COMMAND_INVALID, SESSION_INACTIVE, MESSAGE_OVERLOAD);

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

  @Test
  void clientThatStopsReadingWhileSendingRequests_isCutOffAndForgotten() {
    WireClient app = daemon.connect("fuzz.app");
    String sessionId = app.call(SessionServiceGrpc.getCreateSessionMethod(),
        CreateSessionRequest.newBuilder().setTag("t").build()).getSession().getSessionId();
    WireClient slow = daemon.connectSlow("fuzz.slow");
    slow.call(SessionServiceGrpc.getCreateControllerMethod(),
        CreateControllerRequest.newBuilder().setSessionId(sessionId).build());

    // Each request is answered on the stream, which this client does not read: past twice the outbox, it is cut off.
    for (int i = 0; i <= 2 * InProcessDaemon.CONFIG.outboxCapacity() && !slow.ended(); i++) {
      slow.send(ClientMessage.newBuilder().setControllerRequest(ControllerRequest.newBuilder().setRequestId(i)
          .setSendControlCommand(SendControlCommandRequest.newBuilder().setControllerId(-1)
              .setCommand(ControlCommand.getDefaultInstance()))).build());
    }

    StatusRuntimeException end = slow.awaitEnd();
    assertThat(end).as("the daemon ends the stream").isNotNull();
    assertThat(end.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.RESOURCE_EXHAUSTED);
    awaitClientGone(slow.clientId());
    slow.close();
    app.close();
    daemon.assertNothingLeft();
  }

  @FuzzTest(maxDuration = "60s")
  void clientMessage(byte[] input) throws Exception {
    int flags = input.length == 0 ? 0 : input[0] & 0xFF;
    byte[] body = input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);
    if ((flags & FIRST) != 0) {
      firstMessage(body);
    } else {
      afterHello(flags, body);
    }
  }

  private static void firstMessage(byte[] body) {
    ClientMessage message = parse(body);
    Map<String, Object> before = daemon.state();
    WireClient client = daemon.open();

    client.sendRaw(body);

    boolean welcome = message != null && message.hasHello()
        && ProtocolConstants.APP_ID_PATTERN.matcher(message.getHello().getAppId()).matches();
    if (welcome) {
      assertThat(client.next(m -> m.hasWelcome()).getWelcome().getPid()).isEqualTo(InProcessDaemon.PID);
    } else {
      AVSessionException error = endedWith401(client);
      assertThat(error.detail()).startsWith(message == null ? "malformed Connect request" : "hello");
      assertThat(daemon.state()).as("daemon state after a refused first message").isEqualTo(before);
    }
    client.close();
    daemon.assertNothingLeft();
  }

  private static void afterHello(int flags, byte[] body) throws Exception {
    try (Scenario s = Scenario.build(daemon, flags)) {
      boolean fromApp = (flags & FROM_APP) != 0;
      WireClient sender = fromApp ? s.app : s.remote;
      CompletableFuture<Outcome> pending = null;
      long commandId = 0;
      if (fromApp) {
        s.app.answerCommands(false);
        pending = s.remote.callAsync(SessionServiceGrpc.getSendControlCommandMethod(),
            SendControlCommandRequest.newBuilder().setControllerId(s.controllerId)
                .setCommand(ControlCommand.getDefaultInstance()).build().toByteArray());
        commandId = awaitCommandOrRefusal(s, pending);
        if (commandId == 0) {
          pending = null; // refused (an inactive session, say): there is no command to answer
        }
      }
      ClientMessage message = parse(body);
      byte[] sent = body;
      if (message != null && (flags & POINT_IDS) != 0) {
        message = pointIds(message, s.controllerId, commandId);
        sent = message.toByteArray();
      }
      Map<String, Object> before = s.snapshot();

      sender.sendRaw(sent);

      if (message == null) {
        AVSessionException error = endedWith401(sender);
        assertThat(error.detail()).startsWith("malformed Connect request");
        String gone = sender.clientId();
        awaitClientGone(gone);
        if (pending != null) {
          assertThat(pending.get(WireClient.CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .assertOkOr(codes(SESSION_NOT_EXIST))).as("the pending command fails with its app").isNotNull();
        }
        return;
      }
      switch (message.getKindCase()) {
        case CONTROLLER_REQUEST:
          long requestId = message.getControllerRequest().getRequestId();
          ControllerResponse response = sender.next(m -> m.hasControllerResponse()
              && m.getControllerResponse().getRequestId() == requestId).getControllerResponse();
          AVSessionException error = Outcome.assertOkOr("ControllerRequest",
              response.hasError() ? response.getError() : null, CONTROLLER_REQUEST_CODES);
          if (error != null) {
            assertThat(s.snapshot()).as("state after a refused controller request (%s)", error.detail())
                .isEqualTo(before);
          } else {
            ControllerRequest r = message.getControllerRequest();
            // Key up and cancel are accepted and not routed, as upstream.
            boolean routed = !r.hasSendKeyEvent() || r.getSendKeyEvent().getKeyEvent().getAction() == 1;
            assertThat(s.app.commands()).as("the command reached the app").hasSize(
                (Integer) before.get("commandsDelivered") + (routed ? 1 : 0));
          }
          break;
        case COMMAND_RESULT:
          if (pending != null && message.getCommandResult().getCommandId() == commandId) {
            Outcome outcome = pending.get(WireClient.CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (message.getCommandResult().hasError()) {
              assertRelayed(outcome, message);
            } else {
              assertThat(outcome.ok()).as("the app's success reaches the controller: %s", outcome).isTrue();
            }
          } else {
            assertThat(s.snapshot()).as("state after a command result for no pending command").isEqualTo(before);
          }
          break;
        default:
          // Hello again, a manager-event subscription, nothing at all: no visible change.
          assertThat(s.snapshot()).as("state after %s", message.getKindCase()).isEqualTo(before);
          break;
      }
      assertStillServed(sender);
    }
  }

  /** The id of the command {@code pending} sent to the app, or 0 when the daemon refused it as it may. */
  private static long awaitCommandOrRefusal(Scenario s, CompletableFuture<Outcome> pending) {
    long deadline = System.nanoTime() + WireClient.CALL_TIMEOUT.toNanos();
    while (s.app.commands().isEmpty() && !pending.isDone() && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
    }
    if (!s.app.commands().isEmpty()) {
      return s.app.commands().get(0).getCommandId();
    }
    assertThat(pending).as("the pending command reached the app or was refused").isDone();
    assertThat(pending.join().assertOkOr(codes(SESSION_INACTIVE, COMMAND_INVALID))).isNotNull();
    return 0;
  }

  /** The app's error, as the controller receives it: the code relayed as is (an unknown one as 6600101). */
  private static void assertRelayed(Outcome outcome, ClientMessage message) {
    assertThat(outcome.ok()).as("the app's error reaches the controller").isFalse();
    StatusRuntimeException failure = outcome.failure();
    assertThat(failure.getTrailers()).as("Baton's trailers on a relayed error").isNotNull();
    AVSessionException relayed = ErrorMapping.fromThrowable(failure);
    AVSessionException sent = ErrorMapping.fromErrorInfo(message.getCommandResult().getError());
    assertThat(relayed.code()).isEqualTo(sent.code());
    assertThat(relayed.detail()).isEqualTo(sent.detail());
  }

  /** The stream still answers a controller request. */
  private static void assertStillServed(WireClient sender) {
    sender.send(ClientMessage.newBuilder().setControllerRequest(ControllerRequest.newBuilder().setRequestId(PROBE_ID)
        .setSendControlCommand(SendControlCommandRequest.newBuilder().setControllerId(-1)
            .setCommand(ControlCommand.getDefaultInstance()))).build());
    ControllerResponse probe = sender.next(m -> m.hasControllerResponse()
        && m.getControllerResponse().getRequestId() == PROBE_ID).getControllerResponse();
    assertThat(probe.getError().getCode()).isEqualTo(CONTROLLER_NOT_EXIST.code());
  }

  private static AVSessionException endedWith401(WireClient client) {
    StatusRuntimeException end = client.awaitEnd();
    assertThat(end).as("the stream ends with an error").isNotNull();
    Outcome outcome = new Outcome("Connect", null, end);
    AVSessionException error = outcome.assertOkOr(codes(INVALID_PARAMETER));
    assertThat(error).isNotNull();
    return error;
  }

  /** Waits until the daemon forgot {@code clientId}: a stream that ended, however it ended, is a disconnect. */
  private static void awaitClientGone(String clientId) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (clientListed(clientId) && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
    }
    assertThat(clientListed(clientId)).as("client %s still registered after its stream ended: %s", clientId,
        daemon.registry().dump()).isFalse();
  }

  private static boolean clientListed(String clientId) {
    for (Object c : (List<?>) daemon.registry().dump().get("clients")) {
      if (clientId.equals(((Map<?, ?>) c).get("clientId"))) {
        return true;
      }
    }
    return false;
  }

  private static ClientMessage pointIds(ClientMessage message, long controllerId, long commandId) {
    ClientMessage.Builder b = message.toBuilder();
    if (b.hasCommandResult()) {
      b.getCommandResultBuilder().setCommandId(commandId);
    }
    if (b.hasControllerRequest()) {
      ControllerRequest.Builder r = b.getControllerRequestBuilder();
      switch (r.getRequestCase()) {
        case SEND_CONTROL_COMMAND:
          r.getSendControlCommandBuilder().setControllerId(controllerId);
          break;
        case SEND_COMMON_COMMAND:
          r.getSendCommonCommandBuilder().setControllerId(controllerId);
          break;
        case SEND_KEY_EVENT:
          r.getSendKeyEventBuilder().setControllerId(controllerId);
          break;
        default:
          break;
      }
    }
    return b.build();
  }

  /** The message in {@code body}, parsed as the daemon parses it; null when it is not a valid message. */
  private static ClientMessage parse(byte[] body) {
    try {
      return SessionServiceGrpc.getConnectMethod().parseRequest(new java.io.ByteArrayInputStream(body));
    } catch (RuntimeException malformed) {
      return null;
    }
  }
}
