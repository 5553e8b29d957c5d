package io.baton.fuzz;

import com.google.protobuf.ListValue;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.baton.protocol.v1.CallMetadata;
import io.baton.protocol.v1.CallState;
import io.baton.protocol.v1.CallStateInfo;
import io.baton.protocol.v1.ClientMessage;
import io.baton.protocol.v1.CommandResult;
import io.baton.protocol.v1.ControlCommand;
import io.baton.protocol.v1.ControlCommandType;
import io.baton.protocol.v1.ControllerRef;
import io.baton.protocol.v1.ControllerRequest;
import io.baton.protocol.v1.CreateControllerRequest;
import io.baton.protocol.v1.CreateSessionRequest;
import io.baton.protocol.v1.DeviceInfo;
import io.baton.protocol.v1.DumpRequest;
import io.baton.protocol.v1.ErrorInfo;
import io.baton.protocol.v1.EventFilterKind;
import io.baton.protocol.v1.GetHistoryRequest;
import io.baton.protocol.v1.Hello;
import io.baton.protocol.v1.KeyEvent;
import io.baton.protocol.v1.KeyItem;
import io.baton.protocol.v1.LaunchInfo;
import io.baton.protocol.v1.ListSessionsRequest;
import io.baton.protocol.v1.LoopMode;
import io.baton.protocol.v1.LoopModes;
import io.baton.protocol.v1.MediaDescription;
import io.baton.protocol.v1.Metadata;
import io.baton.protocol.v1.OutputDeviceInfo;
import io.baton.protocol.v1.PlaySpeeds;
import io.baton.protocol.v1.PlaybackPosition;
import io.baton.protocol.v1.PlaybackState;
import io.baton.protocol.v1.PlaybackStateInfo;
import io.baton.protocol.v1.QueueItem;
import io.baton.protocol.v1.QueueItems;
import io.baton.protocol.v1.SendCommonCommandRequest;
import io.baton.protocol.v1.SendControlCommandRequest;
import io.baton.protocol.v1.SendKeyEventRequest;
import io.baton.protocol.v1.SessionEvent;
import io.baton.protocol.v1.SessionRef;
import io.baton.protocol.v1.SessionType;
import io.baton.protocol.v1.SetEventFilterRequest;
import io.baton.protocol.v1.SkipToQueueItemRequest;
import io.baton.protocol.v1.StringList;
import io.baton.protocol.v1.UpdateSessionRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the hand-made seed inputs of the byte-input fuzz targets (valid requests, one per kind, with the scenario
 * flags that let them reach deep; typical command lines) into the committed corpus. Run it only to regenerate the seeds:
 * {@code mvn test -pl baton-fuzz -am -Dtest=SeedCorpus -Dbaton.fuzz.writeSeeds=true}; the fuzzer's own finds sit
 * next to them.
 */
@EnabledIfSystemProperty(named = "baton.fuzz.writeSeeds", matches = "true")
class SeedCorpus {
  private static final Path INPUTS = Path.of("src/test/resources/io/baton/fuzz/SessionRequestFuzzTestInputs");
  private static final int SESSION = Scenario.USE_SESSION_ID;
  private static final int CONTROLLER = Scenario.USE_CONTROLLER_ID;

  @Test
  void writeRequestSeeds() throws IOException {
    seed("createSession", "video", 0, CreateSessionRequest.newBuilder().setTag("t")
        .setType(SessionType.SESSION_TYPE_VIDEO).build());
    seed("createSession", "restoredFromLiveId", SESSION, CreateSessionRequest.newBuilder().setTag("t").build());
    seed("createSession", "noClientId", Scenario.NO_CLIENT_ID, CreateSessionRequest.newBuilder().setTag("t").build());

    UpdateSessionRequest.Builder update = UpdateSessionRequest.newBuilder();
    seed("updateSession", "metadataSameAsset", SESSION, update.clone().setMetadata(Metadata.newBuilder()
        .setAssetId("asset-1").setTitle("New").setSkipIntervals(30)).build());
    seed("updateSession", "metadataNewAsset", SESSION, update.clone().setMetadata(Metadata.newBuilder()
        .setAssetId("asset-2").setDurationMs(-1).setDrmSchemes(StringList.newBuilder().addValues("x"))).build());
    seed("updateSession", "playbackState", SESSION, update.clone().setPlaybackState(PlaybackStateInfo.newBuilder()
        .setState(PlaybackState.PLAYBACK_STATE_PAUSE).setSpeed(2).setPosition(PlaybackPosition.newBuilder()
            .setElapsedTimeMs(5_000).setUpdateTimeMs(1)).setLoopMode(LoopMode.LOOP_MODE_SHUFFLE)
        .setVolume(3).setExtras(struct())).build());
    seed("updateSession", "queueItems", SESSION, update.clone().setQueueItems(QueueItems.newBuilder()
        .addItems(QueueItem.newBuilder().setItemId(9).setDescription(MediaDescription.newBuilder()
            .setAssetId("a").setExtras(struct())))).build());
    seed("updateSession", "queueTitle", SESSION, update.clone().setQueueTitle("Q").build());
    seed("updateSession", "extras", SESSION, update.clone().setExtras(struct()).build());
    seed("updateSession", "sessionEvent", SESSION, update.clone().setSessionEvent(SessionEvent.newBuilder()
        .setEvent("e").setArgs(struct())).build());
    seed("updateSession", "launchInfo", SESSION, update.clone().setLaunchInfo(LaunchInfo.newBuilder()
        .setUri("app://x")).build());
    seed("updateSession", "callMetadata", SESSION | Scenario.CALL_SESSION, update.clone()
        .setCallMetadata(CallMetadata.newBuilder().setName("Ann")).build());
    seed("updateSession", "callState", SESSION | Scenario.CALL_SESSION, update.clone()
        .setCallState(CallStateInfo.newBuilder().setState(CallState.CALL_STATE_ACTIVE)).build());
    seed("updateSession", "supportedSpeeds", SESSION, update.clone().setSupportedSpeeds(PlaySpeeds.newBuilder()
        .addSpeeds(0.5).addSpeeds(1)).build());
    seed("updateSession", "supportedLoopModes", SESSION, update.clone().setSupportedLoopModes(LoopModes.newBuilder()
        .addModes(LoopMode.LOOP_MODE_SINGLE)).build());
    seed("updateSession", "validCommands", SESSION, update.clone().setValidCommands(StringList.newBuilder()
        .addValues("play").addValues("seek").addValues("play")).build());
    seed("updateSession", "deactivate", SESSION, update.clone().setActive(false).build());
    seed("updateSession", "outputDevice", SESSION, update.clone().setOutputDevice(OutputDeviceInfo.newBuilder()
        .addDevices(DeviceInfo.newBuilder().setDeviceId("d").setDeviceName("Speaker"))).build());
    seed("updateSession", "handlesKeyEvents", SESSION, update.clone().setHandlesKeyEvents(true).build());

    seed("destroySession", "own", SESSION, SessionRef.getDefaultInstance());
    seed("createController", "live", SESSION, CreateControllerRequest.getDefaultInstance());
    seed("destroyController", "own", CONTROLLER, ControllerRef.getDefaultInstance());
    seed("getSessionState", "own", CONTROLLER, ControllerRef.getDefaultInstance());
    seed("getExtras", "own", CONTROLLER, ControllerRef.getDefaultInstance());
    seed("setEventFilter", "keys", CONTROLLER, SetEventFilterRequest.newBuilder()
        .setKind(EventFilterKind.EVENT_FILTER_KIND_METADATA).addKeys("title").build());
    seed("setEventFilter", "all", CONTROLLER, SetEventFilterRequest.newBuilder()
        .setKind(EventFilterKind.EVENT_FILTER_KIND_CALL_STATE).setAll(true).build());

    for (ControlCommand command : commands()) {
      seed("sendControlCommand", command.getCommand().name().toLowerCase(java.util.Locale.ROOT), CONTROLLER,
          SendControlCommandRequest.newBuilder().setCommand(command).build());
    }
    seed("sendControlCommand", "limitedSpeed", CONTROLLER | Scenario.LIMITED, SendControlCommandRequest.newBuilder()
        .setCommand(ControlCommand.newBuilder().setCommand(ControlCommandType.CONTROL_COMMAND_SET_SPEED)
            .setSpeed(1.5)).build());
    seed("sendControlCommand", "inactive", CONTROLLER | Scenario.INACTIVE, SendControlCommandRequest.newBuilder()
        .setCommand(ControlCommand.newBuilder()).build());
    seed("sendCommonCommand", "custom", CONTROLLER, SendCommonCommandRequest.newBuilder().setCommand("custom")
        .setArgs(struct()).build());
    seed("sendKeyEvent", "playPause", CONTROLLER, SendKeyEventRequest.newBuilder().setKeyEvent(key(1, 10)).build());
    seed("sendKeyEvent", "play", CONTROLLER, SendKeyEventRequest.newBuilder().setKeyEvent(key(1, 2085)).build());
    seed("sendKeyEvent", "appHandlesKeys", CONTROLLER | Scenario.HANDLES_KEYS, SendKeyEventRequest.newBuilder()
        .setKeyEvent(key(1, 12)).build());
    seed("skipToQueueItem", "item2", CONTROLLER, SkipToQueueItemRequest.newBuilder().setItemId(2).build());
    seed("listSessions", "plain", 0, ListSessionsRequest.getDefaultInstance());
    seed("getHistory", "five", 0, GetHistoryRequest.newBuilder().setMaxSize(5).build());
    seed("sendSystemKeyEvent", "next", 0, key(1, 12));
    seed("sendSystemKeyEvent", "playPause", 0, key(1, 10));
    seed("sendSystemKeyEvent", "hookAppHandlesKeys", Scenario.HANDLES_KEYS, key(1, 6));
    seed("sendSystemControlCommand", "play", 0, ControlCommand.getDefaultInstance());
    seed("sendSystemControlCommand", "seek", 0, ControlCommand.newBuilder()
        .setCommand(ControlCommandType.CONTROL_COMMAND_SEEK).setTimeMs(5).build());
    seed("dump", "plain", 0, DumpRequest.getDefaultInstance());
  }

  @Test
  void writeConnectSeeds() throws IOException {
    Path dir = Path.of("src/test/resources/io/baton/fuzz/ConnectStreamFuzzTestInputs/clientMessage");
    int first = 1;
    int pointIds = 1 << 1;
    int fromApp = 1 << 2;
    ClientMessage hello = ClientMessage.newBuilder().setHello(Hello.newBuilder().setAppId("seed.app")
        .setProtocolVersion(1)).build();
    write(dir, "firstHello", first, hello);
    write(dir, "firstHelloBadAppId", first, ClientMessage.newBuilder().setHello(Hello.newBuilder()
        .setAppId("bad app id")).build());
    write(dir, "firstNotHello", first, ClientMessage.newBuilder().setSubscribeManagerEvents(true).build());
    write(dir, "helloAgain", 0, hello);
    write(dir, "subscribe", 0, ClientMessage.newBuilder().setSubscribeManagerEvents(true).build());
    write(dir, "controlCommand", pointIds, ClientMessage.newBuilder().setControllerRequest(ControllerRequest
        .newBuilder().setRequestId(1).setSendControlCommand(SendControlCommandRequest.newBuilder()
            .setCommand(commands()[4]))).build());
    write(dir, "commonCommand", pointIds, ClientMessage.newBuilder().setControllerRequest(ControllerRequest
        .newBuilder().setRequestId(2).setSendCommonCommand(SendCommonCommandRequest.newBuilder()
            .setCommand("custom").setArgs(struct()))).build());
    write(dir, "keyEvent", pointIds, ClientMessage.newBuilder().setControllerRequest(ControllerRequest
        .newBuilder().setRequestId(3).setSendKeyEvent(SendKeyEventRequest.newBuilder().setKeyEvent(key(1, 10))))
        .build());
    write(dir, "emptyControllerRequest", 0, ClientMessage.newBuilder().setControllerRequest(ControllerRequest
        .newBuilder().setRequestId(4)).build());
    write(dir, "commandResultOk", pointIds | fromApp, ClientMessage.newBuilder().setCommandResult(CommandResult
        .newBuilder()).build());
    write(dir, "commandResultError", pointIds | fromApp, ClientMessage.newBuilder().setCommandResult(CommandResult
        .newBuilder().setError(ErrorInfo.newBuilder().setCode(6600105).setDetail("no"))).build());
    write(dir, "commandResultUnknownCode", pointIds | fromApp, ClientMessage.newBuilder()
        .setCommandResult(CommandResult.newBuilder().setError(ErrorInfo.newBuilder().setCode(7))).build());
    write(dir, "commandResultOtherId", fromApp, ClientMessage.newBuilder().setCommandResult(CommandResult
        .newBuilder().setCommandId(99)).build());
    // A truncated message: field 1 (Hello) announcing 16 bytes, none following.
    Files.write(dir.resolve("seed-malformedAfterHello"), new byte[] {0, 0x0a, 0x10});
    Files.write(dir.resolve("seed-malformedFromAppWithPendingCommand"), new byte[] {(byte) fromApp, 0x0a, 0x10});
  }

  @Test
  void writeCliSeeds() throws IOException {
    Path dir = Path.of("src/test/resources/io/baton/fuzz/CliArgumentsFuzzTestInputs/arguments");
    String[][] seeds = {
      {"ls"}, {"ls", "--local", "--json"}, {"show", "6A3F"}, {"send", "6A3F", "play"},
      {"send", "6A3F", "seek", "60000", "--count", "3"}, {"send", "6A3F", "set-speed", "1.5"},
      {"send", "6A3F", "set-loop-mode", "shuffle"}, {"send", "6A3F", "play-from-asset", "7"},
      {"send", "6A3F", "fast-forward"}, {"key", "play-pause"}, {"watch"}, {"watch", "6A3F"},
      {"history", "--max", "5"}, {"dump", "--json"}, {"demo-player", "--tag", "t", "--commands", "play,pause"},
      {"daemon", "--state-dir", "/nonexistent"}, {"daemon", "--help"}, {"--help"}, {"--version"}, {},
    };
    Files.createDirectories(dir);
    for (String[] args : seeds) {
      String name = args.length == 0 ? "none" : String.join("-", args).replaceAll("[^A-Za-z0-9.-]", "_");
      Files.write(dir.resolve("seed-" + name), String.join("\0", args).getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void write(Path dir, String name, int flags, Message message) throws IOException {
    byte[] body = message.toByteArray();
    byte[] input = new byte[body.length + 1];
    input[0] = (byte) flags;
    System.arraycopy(body, 0, input, 1, body.length);
    Files.createDirectories(dir);
    Files.write(dir.resolve("seed-" + name), input);
  }

  private static ControlCommand[] commands() {
    return new ControlCommand[] {
      ControlCommand.newBuilder().setCommand(ControlCommandType.CONTROL_COMMAND_PLAY).build(),
      ControlCommand.newBuilder().setCommand(ControlCommandType.CONTROL_COMMAND_PAUSE).build(),
      ControlCommand.newBuilder().setCommand(ControlCommandType.CONTROL_COMMAND_FAST_FORWARD).build(),
      ControlCommand.newBuilder().setCommand(ControlCommandType.CONTROL_COMMAND_REWIND).setTimeMs(0).build(),
      ControlCommand.newBuilder().setCommand(ControlCommandType.CONTROL_COMMAND_SEEK).setTimeMs(1000).build(),
      ControlCommand.newBuilder().setCommand(ControlCommandType.CONTROL_COMMAND_SET_SPEED).setSpeed(2).build(),
      ControlCommand.newBuilder().setCommand(ControlCommandType.CONTROL_COMMAND_SET_LOOP_MODE)
          .setLoopMode(LoopMode.LOOP_MODE_SHUFFLE).build(),
      ControlCommand.newBuilder().setCommand(ControlCommandType.CONTROL_COMMAND_TOGGLE_FAVORITE).setAssetId("a")
          .build(),
      ControlCommand.newBuilder().setCommand(ControlCommandType.CONTROL_COMMAND_PLAY_FROM_ASSET_ID)
          .setNumericAssetId(7).build(),
      ControlCommand.newBuilder().setCommand(ControlCommandType.CONTROL_COMMAND_PLAY_WITH_ASSET_ID).setAssetId("x")
          .build(),
    };
  }

  private static KeyEvent key(int action, int code) {
    KeyItem key = KeyItem.newBuilder().setCode(code).setPressedTimeMs(1).build();
    return KeyEvent.newBuilder().setAction(action).setKey(key).addKeys(key).build();
  }

  private static Struct struct() {
    return Struct.newBuilder()
        .putFields("n", Value.newBuilder().setNumberValue(1.5).build())
        .putFields("l", Value.newBuilder().setListValue(ListValue.newBuilder()
            .addValues(Value.newBuilder().setStringValue("x"))
            .addValues(Value.newBuilder().setBoolValue(true))).build())
        .putFields("m", Value.newBuilder().setStructValue(Struct.newBuilder()
            .putFields("z", Value.newBuilder().setNullValueValue(0).build())).build())
        .build();
  }

  private static void seed(String target, String name, int flags, Message request) throws IOException {
    write(INPUTS.resolve(target), name, flags, request);
  }
}
