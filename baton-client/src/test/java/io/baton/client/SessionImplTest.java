package io.baton.client;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.baton.api.AVControlCommand;
import io.baton.api.AVControlCommandType;
import io.baton.api.AVSession;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.AVSessionManager;
import io.baton.api.AVSessionType;
import io.baton.api.ConnectionState;
import io.baton.api.DeviceInfo;
import io.baton.api.KeyEvent;
import io.baton.api.OutputDeviceInfo;
import io.baton.protocol.ProtoConverters;
import io.baton.protocol.v1.CommandRequest;
import io.baton.protocol.v1.CommandResult;
import io.baton.protocol.v1.CommonCommand;
import io.baton.protocol.v1.ControlCommand;
import io.baton.protocol.v1.ControlCommandType;
import io.baton.protocol.v1.OutputDeviceChange;
import io.baton.protocol.v1.UpdateSessionRequest.UpdateCase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Tests for {@link SessionImpl}, over {@link FakeDaemon}. */
@Timeout(30)
class SessionImplTest {
  private FakeDaemon daemon;
  private AVSessionManager manager;
  private AVSession session;

  @BeforeEach
  void setUp() throws Exception {
    daemon = new FakeDaemon();
    manager =
        ManagerImpl.connect(
            AVSessionManager.builder().appId("test.app").retryTimeout(Duration.ofSeconds(2)),
            daemon::newChannel,
            () -> {});
    session = manager.createSession("main", AVSessionType.AUDIO).get(5, SECONDS);
  }

  @AfterEach
  void tearDown() {
    manager.close();
    daemon.close();
  }

  private CommandResult awaitResult(long commandId) {
    return await().atMost(5, SECONDS).until(() -> daemon.service().commandResult(commandId), r -> r != null);
  }

  private long sendControl(ControlCommandType type) {
    return daemon
        .service()
        .sendCommand(session.getSessionId(), CommandRequest.newBuilder().setControl(ControlCommand.newBuilder().setCommand(type)));
  }

  /** Waits until the last valid-command list the daemon got is {@code expected}. */
  private void awaitValidCommands(String... expected) {
    await()
        .atMost(5, SECONDS)
        .until(
            () -> {
              List<List<String>> updates = daemon.service().validCommandUpdates();
              return !updates.isEmpty() && updates.get(updates.size() - 1).equals(List.of(expected));
            });
  }

  @Test
  void addCommandHandler_newTypes_sendValidCommandsInFirstRegistrationOrder() {
    session.addCommandHandler(AVControlCommandType.SEEK, command -> {});
    session.addCommandHandler(AVControlCommandType.PLAY, command -> {});
    session.addCommandHandler(AVControlCommandType.SEEK, command -> {});

    awaitValidCommands("seek", "play");
    assertThat(daemon.service().validCommandUpdates().get(0)).containsExactly("seek");
    assertThat(daemon.service().validCommandUpdates()).hasSizeLessThanOrEqualTo(2);
  }

  @Test
  void addCommandHandler_secondHandlerForType_sendsNothingNew() throws Exception {
    session.addCommandHandler(AVControlCommandType.PLAY, command -> {});
    awaitValidCommands("play");

    session.addCommandHandler(AVControlCommandType.PLAY, command -> {});
    // An update after the second handler would reach the daemon before this one.
    session.setAVQueueTitle("marker").get(5, SECONDS);

    assertThat(daemon.service().validCommandUpdates()).containsExactly(List.of("play"));
  }

  @Test
  void registrationClose_lastHandlerOfType_removesCommand() {
    AVSession.Registration first = session.addCommandHandler(AVControlCommandType.PLAY, command -> {});
    AVSession.Registration second = session.addCommandHandler(AVControlCommandType.PLAY, command -> {});
    session.addCommandHandler(AVControlCommandType.PAUSE, command -> {});
    awaitValidCommands("play", "pause");

    first.close();
    second.close();

    awaitValidCommands("pause");
  }

  @Test
  void registrationClose_calledTwice_isNoOp() {
    AVSession.Registration registration = session.addCommandHandler(AVControlCommandType.PLAY, command -> {});
    session.addCommandHandler(AVControlCommandType.PLAY, command -> {});

    registration.close();
    registration.close();
    session.addCommandHandler(AVControlCommandType.STOP, command -> {});

    // The second close did not remove the other PLAY handler.
    awaitValidCommands("play", "stop");
  }

  @Test
  void registrationClose_reAddedType_movesToEnd() {
    AVSession.Registration play = session.addCommandHandler(AVControlCommandType.PLAY, command -> {});
    session.addCommandHandler(AVControlCommandType.PAUSE, command -> {});

    play.close();
    session.addCommandHandler(AVControlCommandType.PLAY, command -> {});

    awaitValidCommands("pause", "play");
  }

  @Test
  void controlCommand_severalHandlers_allRunInOrderOnCallbackThreadThenAck() {
    List<String> calls = new CopyOnWriteArrayList<>();
    session.addCommandHandler(
        AVControlCommandType.SEEK,
        command -> calls.add("first " + command.longParameter(-1) + " " + Thread.currentThread().getName()));
    session.addCommandHandler(AVControlCommandType.SEEK, command -> calls.add("second"));

    long id =
        daemon
            .service()
            .sendCommand(
                session.getSessionId(),
                CommandRequest.newBuilder()
                    .setControl(
                        ProtoConverters.toProto(AVControlCommand.seek(1234))
                            .toBuilder()
                            .setCommandInfo(io.baton.protocol.v1.CommandInfo.newBuilder().setCallerAppId("ctl"))));

    CommandResult result = awaitResult(id);
    assertThat(result.hasError()).isFalse();
    assertThat(calls).containsExactly("first 1234 baton-callbacks", "second");
  }

  @Test
  void controlCommand_handlerSeesCommandInfo() {
    List<String> callers = new CopyOnWriteArrayList<>();
    session.addCommandHandler(AVControlCommandType.PLAY, command -> callers.add(command.commandInfo().callerAppId()));

    long id =
        daemon
            .service()
            .sendCommand(
                session.getSessionId(),
                CommandRequest.newBuilder()
                    .setControl(
                        ControlCommand.newBuilder()
                            .setCommand(ControlCommandType.CONTROL_COMMAND_PLAY)
                            .setCommandInfo(io.baton.protocol.v1.CommandInfo.newBuilder().setCallerAppId("remote"))));

    awaitResult(id);
    assertThat(callers).containsExactly("remote");
  }

  @Test
  void controlCommand_noHandler_answers6600105() {
    long id = sendControl(ControlCommandType.CONTROL_COMMAND_PAUSE);

    CommandResult result = awaitResult(id);
    assertThat(result.getError().getCode()).isEqualTo(6600105);
    assertThat(result.getError().getDetail()).contains("pause");
  }

  @Test
  void controlCommand_handlerThrowsAVSessionException_answersItsCode() {
    session.addCommandHandler(
        AVControlCommandType.PLAY,
        command -> {
          throw AVSessionErrorCode.SESSION_INACTIVE.toException("not now");
        });

    CommandResult result = awaitResult(sendControl(ControlCommandType.CONTROL_COMMAND_PLAY));

    assertThat(result.getError().getCode()).isEqualTo(6600106);
    assertThat(result.getError().getDetail()).isEqualTo("not now");
  }

  @Test
  void controlCommand_handlerThrowsRuntimeException_answers6600101WithText() {
    List<String> later = new CopyOnWriteArrayList<>();
    session.addCommandHandler(
        AVControlCommandType.PLAY,
        command -> {
          throw new IllegalStateException("decoder crashed");
        });
    session.addCommandHandler(AVControlCommandType.PLAY, command -> later.add("ran"));

    CommandResult result = awaitResult(sendControl(ControlCommandType.CONTROL_COMMAND_PLAY));

    assertThat(result.getError().getCode()).isEqualTo(6600101);
    assertThat(result.getError().getDetail()).isEqualTo("decoder crashed");
    assertThat(later).containsExactly("ran");
  }

  @Test
  void commands_severalInARow_handledInArrivalOrder() {
    List<String> calls = new CopyOnWriteArrayList<>();
    session.addCommandHandler(AVControlCommandType.PLAY, command -> calls.add("play"));
    session.addCommandHandler(AVControlCommandType.PAUSE, command -> calls.add("pause"));
    session.addCallback(
        new AVSession.Callback() {
          @Override
          public void onCommonCommand(String command, Map<String, Object> args) {
            calls.add(command + args);
          }
        });

    sendControl(ControlCommandType.CONTROL_COMMAND_PLAY);
    daemon
        .service()
        .sendCommand(
            session.getSessionId(),
            CommandRequest.newBuilder()
                .setCommon(
                    CommonCommand.newBuilder()
                        .setCommand("custom")
                        .setArgs(ProtoConverters.extrasToStruct(Map.of("n", 1)))));
    long last = sendControl(ControlCommandType.CONTROL_COMMAND_PAUSE);

    awaitResult(last);
    assertThat(calls).containsExactly("play", "custom{n=1.0}", "pause");
  }

  @Test
  void keyEvent_handlerSet_runsHandlerAndSendsHandlesKeyEvents() {
    List<Integer> keys = new CopyOnWriteArrayList<>();
    AVSession.Registration registration = session.setKeyEventHandler(event -> keys.add(event.key().code()));

    long id =
        daemon
            .service()
            .sendCommand(
                session.getSessionId(),
                CommandRequest.newBuilder()
                    .setKeyEvent(ProtoConverters.toProto(KeyEvent.down(KeyEvent.KEYCODE_MEDIA_NEXT))));
    awaitResult(id);
    registration.close();
    registration.close();

    assertThat(keys).containsExactly(KeyEvent.KEYCODE_MEDIA_NEXT);
    await().atMost(5, SECONDS).until(() -> daemon.service().updates(UpdateCase.HANDLES_KEY_EVENTS).size() == 2);
    assertThat(daemon.service().updates(UpdateCase.HANDLES_KEY_EVENTS))
        .extracting(u -> u.getHandlesKeyEvents())
        .containsExactly(true, false);
  }

  @Test
  void keyEvent_noHandler_answers6600105() {
    long id =
        daemon
            .service()
            .sendCommand(
                session.getSessionId(),
                CommandRequest.newBuilder()
                    .setKeyEvent(ProtoConverters.toProto(KeyEvent.down(KeyEvent.KEYCODE_MEDIA_NEXT))));

    assertThat(awaitResult(id).getError().getCode()).isEqualTo(6600105);
  }

  @Test
  void outputDeviceChange_command_updatesDeviceAndTellsCallbacks() {
    List<ConnectionState> states = new CopyOnWriteArrayList<>();
    session.addCallback(
        new AVSession.Callback() {
          @Override
          public void onOutputDeviceChange(ConnectionState state, OutputDeviceInfo device) {
            states.add(state);
          }
        });
    OutputDeviceInfo tv =
        new OutputDeviceInfo(List.of(DeviceInfo.builder().setCastCategory(1).setDeviceId("tv").build()));

    assertThat(session.getOutputDevice()).isEqualTo(OutputDeviceInfo.LOCAL);

    long id =
        daemon
            .service()
            .sendCommand(
                session.getSessionId(),
                CommandRequest.newBuilder()
                    .setOutputDeviceChange(
                        OutputDeviceChange.newBuilder()
                            .setState(io.baton.protocol.v1.ConnectionState.CONNECTION_STATE_CONNECTED)
                            .setDevice(ProtoConverters.toProto(tv))));

    awaitResult(id);
    assertThat(session.getOutputDevice()).isEqualTo(tv);
    assertThat(states).containsExactly(ConnectionState.CONNECTED);
  }

  @Test
  void skipToQueueItem_command_tellsCallbacks() {
    List<Integer> items = new CopyOnWriteArrayList<>();
    session.addCallback(
        new AVSession.Callback() {
          @Override
          public void onSkipToQueueItem(int itemId) {
            items.add(itemId);
          }
        });

    awaitResult(
        daemon.service().sendCommand(session.getSessionId(), CommandRequest.newBuilder().setSkipToQueueItem(7)));

    assertThat(items).containsExactly(7);
  }

  @Test
  void destroy_thenSetter_failsWith6600102WithoutIpc() throws Exception {
    session.destroy().get(5, SECONDS);

    CompletableFuture<Void> activated = session.activate();

    ExecutionException e = assertThrows(ExecutionException.class, () -> activated.get(5, SECONDS));
    assertThat(e.getCause())
        .isInstanceOfSatisfying(
            AVSessionException.class, x -> assertThat(x.errorCode()).isEqualTo(AVSessionErrorCode.SESSION_NOT_EXIST));
    assertThat(daemon.service().destroySessions).hasSize(1);
    assertThat(daemon.service().updates).isEmpty();
  }

  @Test
  void destroy_calledTwice_secondFailsWith6600102() throws Exception {
    session.destroy().get(5, SECONDS);

    CompletableFuture<Void> again = session.destroy();

    ExecutionException e = assertThrows(ExecutionException.class, () -> again.get(5, SECONDS));
    assertThat(((AVSessionException) e.getCause()).code()).isEqualTo(6600102);
    assertThat(daemon.service().destroySessions).hasSize(1);
  }

  @Test
  void destroy_thenAddCommandHandler_throws6600102() throws Exception {
    session.destroy().get(5, SECONDS);

    assertThatThrownBy(() -> session.addCommandHandler(AVControlCommandType.PLAY, command -> {}))
        .isInstanceOfSatisfying(AVSessionException.class, e -> assertThat(e.code()).isEqualTo(6600102));
  }

  @Test
  void destroy_thenCommandArrives_answers6600102() throws Exception {
    String id = session.getSessionId();
    session.destroy().get(5, SECONDS);

    long command =
        daemon
            .service()
            .sendCommand(
                id,
                CommandRequest.newBuilder()
                    .setControl(ControlCommand.newBuilder().setCommand(ControlCommandType.CONTROL_COMMAND_PLAY)));

    assertThat(awaitResult(command).getError().getCode()).isEqualTo(6600102);
  }

  @Test
  void setter_daemonRefuses_failsWithDaemonCode() throws Exception {
    daemon.service().sessions.clear();

    CompletableFuture<Void> activated = session.activate();

    ExecutionException e = assertThrows(ExecutionException.class, () -> activated.get(5, SECONDS));
    assertThat(((AVSessionException) e.getCause()).code()).isEqualTo(6600102);
  }

  @Test
  void setters_eachSendsOneUpdateForTheSession() throws Exception {
    session.setAVQueueTitle("Queue").get(5, SECONDS);
    session.setLaunchInfo("app://open").get(5, SECONDS);
    session.setSupportedPlaySpeeds(List.of(1.0, 2.0)).get(5, SECONDS);
    session.setExtras(Map.of("k", "v")).get(5, SECONDS);
    session.dispatchSessionEvent("ping", Map.of()).get(5, SECONDS);
    session.deactivate().get(5, SECONDS);

    assertThat(daemon.service().updates)
        .extracting(u -> u.getUpdateCase())
        .containsExactly(
            UpdateCase.QUEUE_TITLE,
            UpdateCase.LAUNCH_INFO,
            UpdateCase.SUPPORTED_SPEEDS,
            UpdateCase.EXTRAS,
            UpdateCase.SESSION_EVENT,
            UpdateCase.ACTIVE);
    assertThat(daemon.service().updates).allMatch(u -> u.getSessionId().equals(session.getSessionId()));
    assertThat(daemon.service().updates.get(1).getLaunchInfo().getUri()).isEqualTo("app://open");
  }
}
