package io.baton.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.baton.api.AVCallState;
import io.baton.api.AVControlCommand;
import io.baton.api.AVControlCommandType;
import io.baton.api.AVMediaDescription;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVQueueItem;
import io.baton.api.AVSessionDescriptor;
import io.baton.api.AVSessionType;
import io.baton.api.CallMetadata;
import io.baton.api.CallState;
import io.baton.api.CommandInfo;
import io.baton.api.ConnectionState;
import io.baton.api.DeviceInfo;
import io.baton.api.KeyEvent;
import io.baton.api.LoopMode;
import io.baton.api.OutputDeviceInfo;
import io.baton.api.PlaybackPosition;
import io.baton.api.PlaybackState;
import io.baton.protocol.v1.CallStateInfo;
import io.baton.protocol.v1.ControlCommand;
import io.baton.protocol.v1.ControlCommandType;
import io.baton.protocol.v1.Metadata;
import io.baton.protocol.v1.PlaybackStateInfo;
import io.baton.protocol.v1.SessionDescriptor;
import io.baton.protocol.v1.SessionType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ProtoConvertersTest {

  private static final byte[] IMAGE = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff};
  private static final byte[] QUEUE_IMAGE = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0};

  private static AVMetadata fullMetadata() {
    return AVMetadata.builder()
        .setAssetId("asset-1")
        .setTitle("Title é")
        .setArtist("Artist")
        .setAuthor("Author")
        .setAvQueueName("Queue")
        .setAvQueueId("queue-1")
        .setAvQueueImageUri("file:///queue.png")
        .setAlbum("Album")
        .setWriter("Writer")
        .setComposer("Composer")
        .setDurationMs(-1L)
        .setMediaImageUri("https://example.org/art.png")
        .setPublishDateMs(1_700_000_000_000L)
        .setSubtitle("Subtitle")
        .setDescription("Description")
        .setLyric("[00:01.00]la")
        .setPreviousAssetId("asset-0")
        .setNextAssetId("asset-2")
        .setSkipIntervals(15)
        .setFilter(3)
        .setDisplayTags(1)
        .setDrmSchemes(List.of("widevine", "playready"))
        .setSingleLyricText("la")
        .setFastForwardSkipIntervals(30)
        .setRewindSkipIntervals(10)
        .setMediaImage(IMAGE)
        .setAvQueueImage(QUEUE_IMAGE)
        .build();
  }

  private static Map<String, Object> nestedExtras() {
    Map<String, Object> inner = new HashMap<>();
    inner.put("deep", "value");
    inner.put("none", null);
    return Map.of(
        "list", Arrays.asList(1.5, "two", true, inner, null),
        "map", Map.of("n", 3.0, "flag", false),
        "text", "hello");
  }

  private static AVPlaybackState fullPlaybackState() {
    return AVPlaybackState.builder()
        .setState(PlaybackState.PLAY)
        .setSpeed(1.5)
        .setPosition(new PlaybackPosition(12_345L, 1_700_000_000_000L))
        .setBufferedTimeMs(20_000L)
        .setLoopMode(LoopMode.SHUFFLE)
        .setFavorite(true)
        .setActiveItemId(7)
        .setVolume(5)
        .setMaxVolume(15)
        .setMuted(false)
        .setDurationMs(180_000)
        .setVideoWidth(1920)
        .setVideoHeight(1080)
        .setExtras(nestedExtras())
        .build();
  }

  private static AVMediaDescription fullMediaDescription() {
    return AVMediaDescription.builder()
        .setAssetId("asset-1")
        .setTitle("Title")
        .setSubtitle("Subtitle")
        .setDescription("Description")
        .setMediaImageUri("file:///art.png")
        .setExtras(Map.of("k", List.of(1.0, "x")))
        .setMediaType("audio")
        .setMediaSize(1024)
        .setAlbumTitle("Album")
        .setAlbumCoverUri("file:///cover.png")
        .setLyricContent("la la")
        .setLyricUri("file:///lyric.lrc")
        .setArtist("Artist")
        .setMediaUri("https://example.org/song.mp3")
        .setDrmScheme("widevine")
        .setDurationMs(180_000)
        .setStartPositionMs(1_000)
        .setCreditsPositionMs(170_000)
        .setAppName("player")
        .setDisplayTags(1)
        .build();
  }

  private static DeviceInfo remoteDevice() {
    return DeviceInfo.builder()
        .setCastCategory(1)
        .setDeviceId("tv-1")
        .setDeviceName("Living room")
        .setDeviceType(2)
        .setManufacturer("Maker")
        .setModelName("Model X")
        .setNetworkId("net-1")
        .setIpAddress("192.0.2.1")
        .setProviderId("provider")
        .setSupportedProtocols(5)
        .setAuthenticationStatus(1)
        .build();
  }

  @Test
  void metadata_fullyPopulated_roundTrips() {
    AVMetadata metadata = fullMetadata();

    Metadata proto = ProtoConverters.toProto(metadata);

    assertThat(proto.getAllFields()).hasSize(Metadata.getDescriptor().getFields().size());
    assertThat(proto.getMediaImage().toByteArray()).isEqualTo(IMAGE);
    assertThat(proto.getDrmSchemes().getValuesList()).containsExactly("widevine", "playready");
    assertThat(ProtoConverters.fromProto(proto)).isEqualTo(metadata);
  }

  @Test
  void metadata_fullyPopulated_survivesSerialization() throws Exception {
    AVMetadata metadata = fullMetadata();

    Metadata parsed = Metadata.parseFrom(ProtoConverters.toProto(metadata).toByteArray());

    assertThat(ProtoConverters.fromProto(parsed)).isEqualTo(metadata);
  }

  @Test
  void metadata_empty_staysAbsent() {
    Metadata proto = ProtoConverters.toProto(AVMetadata.EMPTY);

    assertThat(proto.getAllFields()).isEmpty();
    assertThat(ProtoConverters.fromProto(proto)).isEqualTo(AVMetadata.EMPTY);
  }

  @Test
  void metadata_defaultValuesSet_arePresent() {
    AVMetadata metadata = AVMetadata.builder()
        .setTitle("")
        .setDurationMs(0L)
        .setDrmSchemes(List.of())
        .setMediaImage(new byte[0])
        .build();

    Metadata proto = ProtoConverters.toProto(metadata);

    assertThat(proto.hasTitle()).isTrue();
    assertThat(proto.hasDurationMs()).isTrue();
    assertThat(proto.hasDrmSchemes()).isTrue();
    assertThat(proto.hasMediaImage()).isTrue();
    assertThat(proto.hasArtist()).isFalse();
    assertThat(ProtoConverters.fromProto(proto)).isEqualTo(metadata);
  }

  @Test
  void playbackState_fullyPopulated_roundTrips() {
    AVPlaybackState state = fullPlaybackState();

    PlaybackStateInfo proto = ProtoConverters.toProto(state);

    assertThat(proto.getAllFields()).hasSize(PlaybackStateInfo.getDescriptor().getFields().size());
    assertThat(proto.getIsFavorite()).isTrue();
    assertThat(ProtoConverters.fromProto(proto)).isEqualTo(state);
  }

  @Test
  void playbackState_nestedExtras_keepStructure() {
    AVPlaybackState state = ProtoConverters.fromProto(ProtoConverters.toProto(fullPlaybackState()));

    List<?> list = (List<?>) state.extras().get("list");
    Map<?, ?> inner = (Map<?, ?>) list.get(3);
    assertThat(inner.get("deep")).isEqualTo("value");
    assertThat(inner.containsKey("none")).isTrue();
    assertThat(inner.get("none")).isNull();
    assertThat(list.get(4)).isNull();
  }

  @Test
  void playbackState_empty_staysAbsent() {
    PlaybackStateInfo proto = ProtoConverters.toProto(AVPlaybackState.EMPTY);

    assertThat(proto.getAllFields()).isEmpty();
    assertThat(ProtoConverters.fromProto(proto)).isEqualTo(AVPlaybackState.EMPTY);
  }

  @Test
  void playbackState_emptyExtras_arePresent() {
    AVPlaybackState state = AVPlaybackState.builder().setExtras(Map.of()).build();

    PlaybackStateInfo proto = ProtoConverters.toProto(state);

    assertThat(proto.hasExtras()).isTrue();
    assertThat(ProtoConverters.fromProto(proto).extras()).isEmpty();
  }

  @Test
  void playbackState_unknownStateNumber_throwsIllegalArgumentException() {
    PlaybackStateInfo proto = PlaybackStateInfo.newBuilder().setStateValue(42).build();

    assertThatThrownBy(() -> ProtoConverters.fromProto(proto))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("42");
  }

  @Test
  void playbackState_unknownLoopModeNumber_throwsIllegalArgumentException() {
    PlaybackStateInfo proto = PlaybackStateInfo.newBuilder().setLoopModeValue(9).build();

    assertThatThrownBy(() -> ProtoConverters.fromProto(proto))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("9");
  }

  @Test
  void playbackPosition_roundTrips() {
    PlaybackPosition position = new PlaybackPosition(42L, 1_700_000_000_000L);

    io.baton.protocol.v1.PlaybackPosition proto = ProtoConverters.toProto(position);

    assertThat(proto.getElapsedTimeMs()).isEqualTo(42L);
    assertThat(proto.getUpdateTimeMs()).isEqualTo(1_700_000_000_000L);
    assertThat(ProtoConverters.fromProto(proto)).isEqualTo(position);
  }

  @Test
  void mediaDescription_fullyPopulated_roundTrips() {
    AVMediaDescription description = fullMediaDescription();

    assertThat(ProtoConverters.fromProto(ProtoConverters.toProto(description))).isEqualTo(description);
  }

  @Test
  void mediaDescription_absentExtras_areEmpty() {
    io.baton.protocol.v1.MediaDescription proto =
        io.baton.protocol.v1.MediaDescription.newBuilder().setAssetId("a").build();

    assertThat(ProtoConverters.fromProto(proto).extras()).isEmpty();
  }

  @Test
  void queueItems_roundTrip_keepOrder() {
    List<AVQueueItem> items = List.of(
        new AVQueueItem(2, fullMediaDescription()),
        new AVQueueItem(1, AVMediaDescription.builder().setAssetId("asset-2").build()));

    List<io.baton.protocol.v1.QueueItem> protos = ProtoConverters.queueItemsToProto(items);

    assertThat(protos).extracting(io.baton.protocol.v1.QueueItem::getItemId).containsExactly(2, 1);
    assertThat(ProtoConverters.queueItemsFromProto(protos)).isEqualTo(items);
  }

  @Test
  void queueItem_roundTrips() {
    AVQueueItem item = new AVQueueItem(5, fullMediaDescription());

    assertThat(ProtoConverters.fromProto(ProtoConverters.toProto(item))).isEqualTo(item);
  }

  @Test
  void deviceInfo_fullyPopulated_roundTrips() {
    DeviceInfo device = remoteDevice();

    assertThat(ProtoConverters.fromProto(ProtoConverters.toProto(device))).isEqualTo(device);
  }

  @Test
  void outputDeviceInfo_severalDevices_roundTrips() {
    OutputDeviceInfo output = new OutputDeviceInfo(List.of(DeviceInfo.LOCAL, remoteDevice()));

    assertThat(ProtoConverters.fromProto(ProtoConverters.toProto(output))).isEqualTo(output);
  }

  @Test
  void commandInfo_roundTrips() {
    CommandInfo info = new CommandInfo("app.one", "module", "device-1", "bluetooth", 4242);

    assertThat(ProtoConverters.fromProto(ProtoConverters.toProto(info))).isEqualTo(info);
  }

  @Test
  void commandInfo_absent_isEmpty() {
    assertThat(ProtoConverters.fromProto(io.baton.protocol.v1.CommandInfo.getDefaultInstance()))
        .isEqualTo(CommandInfo.EMPTY);
  }

  @Test
  void controlCommand_noParameter_leavesOneofUnset() {
    AVControlCommand command = AVControlCommand.pause();

    ControlCommand proto = ProtoConverters.toProto(command);

    assertThat(proto.getParameterCase()).isEqualTo(ControlCommand.ParameterCase.PARAMETER_NOT_SET);
    assertThat(ProtoConverters.fromProto(proto)).isEqualTo(command);
  }

  @Test
  void controlCommand_longParameter_usesTimeMs() {
    AVControlCommand command = AVControlCommand.seek(90_000L);

    ControlCommand proto = ProtoConverters.toProto(command);

    assertThat(proto.getParameterCase()).isEqualTo(ControlCommand.ParameterCase.TIME_MS);
    assertThat(proto.getTimeMs()).isEqualTo(90_000L);
    assertThat(ProtoConverters.fromProto(proto)).isEqualTo(command);
  }

  @Test
  void controlCommand_playFromAssetId_usesNumericAssetId() {
    AVControlCommand command = AVControlCommand.playFromAssetId(123_456_789_012L);

    ControlCommand proto = ProtoConverters.toProto(command);

    assertThat(proto.getParameterCase()).isEqualTo(ControlCommand.ParameterCase.NUMERIC_ASSET_ID);
    assertThat(proto.getNumericAssetId()).isEqualTo(123_456_789_012L);
    assertThat(ProtoConverters.fromProto(proto)).isEqualTo(command);
  }

  @Test
  void controlCommand_doubleParameter_usesSpeed() {
    AVControlCommand command = AVControlCommand.setSpeed(1.25);

    ControlCommand proto = ProtoConverters.toProto(command);

    assertThat(proto.getParameterCase()).isEqualTo(ControlCommand.ParameterCase.SPEED);
    assertThat(ProtoConverters.fromProto(proto)).isEqualTo(command);
  }

  @Test
  void controlCommand_loopModeParameter_usesLoopMode() {
    AVControlCommand command = AVControlCommand.of(AVControlCommandType.SET_TARGET_LOOP_MODE, LoopMode.UNDEFINED);

    ControlCommand proto = ProtoConverters.toProto(command);

    assertThat(proto.getParameterCase()).isEqualTo(ControlCommand.ParameterCase.LOOP_MODE);
    assertThat(proto.getLoopMode()).isEqualTo(io.baton.protocol.v1.LoopMode.LOOP_MODE_UNDEFINED);
    assertThat(ProtoConverters.fromProto(proto)).isEqualTo(command);
  }

  @Test
  void controlCommand_stringParameter_usesAssetId() {
    AVControlCommand command = AVControlCommand.playWithAssetId("asset-9");

    ControlCommand proto = ProtoConverters.toProto(command);

    assertThat(proto.getParameterCase()).isEqualTo(ControlCommand.ParameterCase.ASSET_ID);
    assertThat(ProtoConverters.fromProto(proto)).isEqualTo(command);
  }

  @Test
  void controlCommand_commandInfo_roundTrips() {
    AVControlCommand command =
        AVControlCommand.play().withCommandInfo(new CommandInfo("app", "mod", "", "app", 77));

    assertThat(ProtoConverters.fromProto(ProtoConverters.toProto(command))).isEqualTo(command);
  }

  @Test
  void controlCommand_unknownCommandNumber_throwsIllegalArgumentException() {
    ControlCommand proto = ControlCommand.newBuilder().setCommandValue(15).build();

    assertThatThrownBy(() -> ProtoConverters.fromProto(proto))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("15");
  }

  @Test
  void controlCommand_unknownLoopModeNumber_throwsIllegalArgumentException() {
    ControlCommand proto = ControlCommand.newBuilder()
        .setCommand(ControlCommandType.CONTROL_COMMAND_SET_LOOP_MODE)
        .setLoopModeValue(77)
        .build();

    assertThatThrownBy(() -> ProtoConverters.fromProto(proto))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("77");
  }

  @Test
  void keyEvent_withKeys_roundTrips() {
    KeyEvent.Key play = new KeyEvent.Key(KeyEvent.KEYCODE_MEDIA_PLAY, 1_700_000_000_000L, 3);
    KeyEvent.Key next = new KeyEvent.Key(KeyEvent.KEYCODE_MEDIA_NEXT, 1_700_000_000_001L, 3);
    KeyEvent event = new KeyEvent(KeyEvent.ACTION_UP, play, List.of(play, next));

    io.baton.protocol.v1.KeyEvent proto = ProtoConverters.toProto(event);

    assertThat(proto.getKeysCount()).isEqualTo(2);
    assertThat(ProtoConverters.fromProto(proto)).isEqualTo(event);
  }

  @Test
  void callMetadata_withAvatar_roundTrips() {
    CallMetadata metadata = new CallMetadata("Alice", "+33 1 23 45 67 89", IMAGE);

    assertThat(ProtoConverters.fromProto(ProtoConverters.toProto(metadata))).isEqualTo(metadata);
  }

  @Test
  void callMetadata_withoutAvatar_roundTrips() {
    CallMetadata metadata = new CallMetadata("Alice", "", null);

    assertThat(ProtoConverters.fromProto(ProtoConverters.toProto(metadata))).isEqualTo(metadata);
  }

  @Test
  void callState_roundTrips() {
    AVCallState state = new AVCallState(CallState.HOLDING, true);

    CallStateInfo proto = ProtoConverters.toProto(state);

    assertThat(proto.getState()).isEqualTo(io.baton.protocol.v1.CallState.CALL_STATE_HOLDING);
    assertThat(ProtoConverters.fromProto(proto)).isEqualTo(state);
  }

  @Test
  void callState_unknownNumber_throwsIllegalArgumentException() {
    CallStateInfo proto = CallStateInfo.newBuilder().setStateValue(31).build();

    assertThatThrownBy(() -> ProtoConverters.fromProto(proto))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("31");
  }

  @Test
  void sessionDescriptor_fullyPopulated_roundTrips() {
    AVSessionDescriptor descriptor = AVSessionDescriptor.builder()
        .setSessionId("AB".repeat(32))
        .setType(AVSessionType.VIDEO_CALL)
        .setTag("tag")
        .setAppId("app.one")
        .setPid(1234)
        .setUid(1000)
        .setActive(true)
        .setTop(true)
        .setOutputDevice(new OutputDeviceInfo(List.of(remoteDevice())))
        .setDeviceId("device-1")
        .setRemote(true)
        .setTitle("Title")
        .setCreatedTimeMs(1_700_000_000_000L)
        .setLastSeenTimeMs(1_700_000_000_500L)
        .build();

    assertThat(ProtoConverters.fromProto(ProtoConverters.toProto(descriptor))).isEqualTo(descriptor);
  }

  @Test
  void sessionDescriptor_unknownTypeNumber_throwsIllegalArgumentException() {
    SessionDescriptor proto = SessionDescriptor.newBuilder().setTypeValue(99).build();

    assertThatThrownBy(() -> ProtoConverters.fromProto(proto))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("99");
  }

  @Test
  void extrasToStruct_everyValueKind_mapsToMatchingValue() {
    Map<String, Object> extras = new HashMap<>();
    extras.put("null", null);
    extras.put("bool", true);
    extras.put("int", 3);
    extras.put("string", "s");
    extras.put("list", List.of(1L));
    extras.put("map", Map.of("k", "v"));

    Struct struct = ProtoConverters.extrasToStruct(extras);

    assertThat(struct.getFieldsOrThrow("null").getNullValue()).isEqualTo(NullValue.NULL_VALUE);
    assertThat(struct.getFieldsOrThrow("bool").getBoolValue()).isTrue();
    assertThat(struct.getFieldsOrThrow("int").getNumberValue()).isEqualTo(3.0);
    assertThat(struct.getFieldsOrThrow("string").getStringValue()).isEqualTo("s");
    assertThat(struct.getFieldsOrThrow("list").getListValue().getValues(0).getNumberValue()).isEqualTo(1.0);
    assertThat(struct.getFieldsOrThrow("map").getStructValue().getFieldsOrThrow("k").getStringValue())
        .isEqualTo("v");
  }

  @Test
  void structToExtras_numbers_areDoubles() {
    Map<String, Object> extras = ProtoConverters.structToExtras(ProtoConverters.extrasToStruct(Map.of("n", 7)));

    assertThat(extras.get("n")).isEqualTo(7.0);
  }

  @Test
  void structToExtras_result_isDeeplyUnmodifiable() {
    Map<String, Object> extras = ProtoConverters.structToExtras(ProtoConverters.extrasToStruct(nestedExtras()));

    assertThatThrownBy(() -> extras.put("x", 1.0)).isInstanceOf(UnsupportedOperationException.class);
    List<?> list = (List<?>) extras.get("list");
    assertThatThrownBy(list::clear).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void structToExtras_valueWithoutKind_isNull() {
    Value listOfUnset =
        Value.newBuilder().setListValue(ListValue.newBuilder().addValues(Value.getDefaultInstance())).build();
    Struct struct = Struct.newBuilder()
        .putFields("unset", Value.getDefaultInstance())
        .putFields("list", listOfUnset)
        .build();

    Map<String, Object> extras = ProtoConverters.structToExtras(struct);

    assertThat(extras).containsEntry("unset", null);
    assertThat(extras.get("list")).isEqualTo(Arrays.asList((Object) null));
  }

  @Test
  void extrasToStruct_nonJsonValue_throwsIllegalArgumentException() {
    Map<String, Object> extras = Map.of("outer", Map.of("bad", new Object()));

    assertThatThrownBy(() -> ProtoConverters.extrasToStruct(extras))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outer.bad");
  }

  @Test
  void extrasToStruct_nonStringNestedKey_throwsIllegalArgumentException() {
    Map<String, Object> extras = Map.of("outer", Map.of(1, "v"));

    assertThatThrownBy(() -> ProtoConverters.extrasToStruct(extras))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outer");
  }

  @ParameterizedTest
  @EnumSource(AVSessionType.class)
  void sessionType_everyValue_roundTripsWithSameNumber(AVSessionType type) {
    SessionType proto = ProtoConverters.toProtoType(type);

    assertThat(proto.getNumber()).isEqualTo(type.value());
    assertThat(ProtoConverters.fromProtoType(proto)).isEqualTo(type);
  }

  @ParameterizedTest
  @EnumSource(PlaybackState.class)
  void playbackState_everyValue_roundTripsWithSameNumber(PlaybackState state) {
    io.baton.protocol.v1.PlaybackState proto = ProtoConverters.toProtoPlaybackState(state);

    assertThat(proto.getNumber()).isEqualTo(state.value());
    assertThat(ProtoConverters.fromProtoPlaybackState(proto)).isEqualTo(state);
  }

  @ParameterizedTest
  @EnumSource(LoopMode.class)
  void loopMode_everyValue_roundTripsWithSameNumber(LoopMode mode) {
    io.baton.protocol.v1.LoopMode proto = ProtoConverters.toProtoLoopMode(mode);

    assertThat(proto.getNumber()).isEqualTo(mode.value());
    assertThat(ProtoConverters.fromProtoLoopMode(proto)).isEqualTo(mode);
  }

  @ParameterizedTest
  @EnumSource(CallState.class)
  void callState_everyValue_roundTripsWithSameNumber(CallState state) {
    io.baton.protocol.v1.CallState proto = ProtoConverters.toProtoCallState(state);

    assertThat(proto.getNumber()).isEqualTo(state.value());
    assertThat(ProtoConverters.fromProtoCallState(proto)).isEqualTo(state);
  }

  @ParameterizedTest
  @EnumSource(ConnectionState.class)
  void connectionState_everyValue_roundTripsWithSameNumber(ConnectionState state) {
    io.baton.protocol.v1.ConnectionState proto = ProtoConverters.toProtoConnectionState(state);

    assertThat(proto.getNumber()).isEqualTo(state.value());
    assertThat(ProtoConverters.fromProtoConnectionState(proto)).isEqualTo(state);
  }

  @ParameterizedTest
  @EnumSource(AVControlCommandType.class)
  void commandType_everyValue_roundTripsWithSameNumber(AVControlCommandType type) {
    ControlCommandType proto = ProtoConverters.toProtoCommandType(type);

    assertThat(proto.getNumber()).isEqualTo(type.value());
    assertThat(ProtoConverters.fromProtoCommandType(proto)).isEqualTo(type);
  }

  @Test
  void protoEnums_haveNoValueTheApiLacks() {
    assertThat(SessionType.values()).hasSize(AVSessionType.values().length + 1);
    assertThat(io.baton.protocol.v1.PlaybackState.values()).hasSize(PlaybackState.values().length + 1);
    assertThat(io.baton.protocol.v1.LoopMode.values()).hasSize(LoopMode.values().length + 1);
    assertThat(io.baton.protocol.v1.CallState.values()).hasSize(CallState.values().length + 1);
    assertThat(io.baton.protocol.v1.ConnectionState.values()).hasSize(ConnectionState.values().length + 1);
    assertThat(ControlCommandType.values()).hasSize(AVControlCommandType.values().length + 1);
  }

  @Test
  void fromProtoEnum_unrecognized_throwsIllegalArgumentException() {
    assertThatThrownBy(() -> ProtoConverters.fromProtoType(SessionType.UNRECOGNIZED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("session type");
    assertThatThrownBy(() -> ProtoConverters.fromProtoPlaybackState(io.baton.protocol.v1.PlaybackState.UNRECOGNIZED))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProtoConverters.fromProtoLoopMode(io.baton.protocol.v1.LoopMode.UNRECOGNIZED))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProtoConverters.fromProtoCallState(io.baton.protocol.v1.CallState.UNRECOGNIZED))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> ProtoConverters.fromProtoConnectionState(io.baton.protocol.v1.ConnectionState.UNRECOGNIZED))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ProtoConverters.fromProtoCommandType(ControlCommandType.UNRECOGNIZED))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
