package io.baton.protocol;

import com.google.protobuf.ByteString;
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
import io.baton.api.Extras;
import io.baton.api.KeyEvent;
import io.baton.api.LoopMode;
import io.baton.api.Nullable;
import io.baton.api.OutputDeviceInfo;
import io.baton.api.PlaybackPosition;
import io.baton.api.PlaybackState;
import io.baton.protocol.v1.CallStateInfo;
import io.baton.protocol.v1.ControlCommand;
import io.baton.protocol.v1.ControlCommandType;
import io.baton.protocol.v1.KeyItem;
import io.baton.protocol.v1.MediaDescription;
import io.baton.protocol.v1.Metadata;
import io.baton.protocol.v1.PlaybackStateInfo;
import io.baton.protocol.v1.QueueItem;
import io.baton.protocol.v1.SessionDescriptor;
import io.baton.protocol.v1.SessionType;
import io.baton.protocol.v1.StringList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between the API value types of {@code io.baton.api} and the wire messages of {@code io.baton.protocol.v1}.
 * This is the only mapping between the two, so that the daemon and the SDK read and write values the same way.
 *
 * <p>Optional values: a {@code null} API field is an absent proto field and the other way round, so that merges can
 * tell "not set" from "set to the default". Enum numbers are identical on both sides by design. Converting a message
 * with an enum number this version does not know throws {@link IllegalArgumentException}: the daemon validates
 * requests before it converts them, and the SDK converts only what the daemon sends.
 */
public final class ProtoConverters {
  // API types are imported; proto types whose simple name clashes with an API type are written fully qualified.

  private ProtoConverters() {}

  // ---------------------------------------------------------------- Metadata

  /** The message for {@code metadata}; {@code null} fields are absent. */
  public static Metadata toProto(AVMetadata metadata) {
    Metadata.Builder b = Metadata.newBuilder();
    if (metadata.assetId() != null) {
      b.setAssetId(metadata.assetId());
    }
    if (metadata.title() != null) {
      b.setTitle(metadata.title());
    }
    if (metadata.artist() != null) {
      b.setArtist(metadata.artist());
    }
    if (metadata.author() != null) {
      b.setAuthor(metadata.author());
    }
    if (metadata.avQueueName() != null) {
      b.setAvQueueName(metadata.avQueueName());
    }
    if (metadata.avQueueId() != null) {
      b.setAvQueueId(metadata.avQueueId());
    }
    if (metadata.avQueueImageUri() != null) {
      b.setAvQueueImageUri(metadata.avQueueImageUri());
    }
    if (metadata.album() != null) {
      b.setAlbum(metadata.album());
    }
    if (metadata.writer() != null) {
      b.setWriter(metadata.writer());
    }
    if (metadata.composer() != null) {
      b.setComposer(metadata.composer());
    }
    if (metadata.durationMs() != null) {
      b.setDurationMs(metadata.durationMs());
    }
    if (metadata.mediaImageUri() != null) {
      b.setMediaImageUri(metadata.mediaImageUri());
    }
    if (metadata.publishDateMs() != null) {
      b.setPublishDateMs(metadata.publishDateMs());
    }
    if (metadata.subtitle() != null) {
      b.setSubtitle(metadata.subtitle());
    }
    if (metadata.description() != null) {
      b.setDescription(metadata.description());
    }
    if (metadata.lyric() != null) {
      b.setLyric(metadata.lyric());
    }
    if (metadata.previousAssetId() != null) {
      b.setPreviousAssetId(metadata.previousAssetId());
    }
    if (metadata.nextAssetId() != null) {
      b.setNextAssetId(metadata.nextAssetId());
    }
    if (metadata.skipIntervals() != null) {
      b.setSkipIntervals(metadata.skipIntervals());
    }
    if (metadata.filter() != null) {
      b.setFilter(metadata.filter());
    }
    if (metadata.displayTags() != null) {
      b.setDisplayTags(metadata.displayTags());
    }
    if (metadata.drmSchemes() != null) {
      b.setDrmSchemes(StringList.newBuilder().addAllValues(metadata.drmSchemes()));
    }
    if (metadata.singleLyricText() != null) {
      b.setSingleLyricText(metadata.singleLyricText());
    }
    if (metadata.fastForwardSkipIntervals() != null) {
      b.setFastForwardSkipIntervals(metadata.fastForwardSkipIntervals());
    }
    if (metadata.rewindSkipIntervals() != null) {
      b.setRewindSkipIntervals(metadata.rewindSkipIntervals());
    }
    // The accessors return copies; read each image once.
    byte[] mediaImage = metadata.mediaImage();
    if (mediaImage != null) {
      b.setMediaImage(ByteString.copyFrom(mediaImage));
    }
    byte[] avQueueImage = metadata.avQueueImage();
    if (avQueueImage != null) {
      b.setAvQueueImage(ByteString.copyFrom(avQueueImage));
    }
    return b.build();
  }

  /** The metadata in {@code proto}; absent fields are {@code null}. */
  public static AVMetadata fromProto(Metadata proto) {
    return AVMetadata.builder()
        .setAssetId(proto.hasAssetId() ? proto.getAssetId() : null)
        .setTitle(proto.hasTitle() ? proto.getTitle() : null)
        .setArtist(proto.hasArtist() ? proto.getArtist() : null)
        .setAuthor(proto.hasAuthor() ? proto.getAuthor() : null)
        .setAvQueueName(proto.hasAvQueueName() ? proto.getAvQueueName() : null)
        .setAvQueueId(proto.hasAvQueueId() ? proto.getAvQueueId() : null)
        .setAvQueueImageUri(proto.hasAvQueueImageUri() ? proto.getAvQueueImageUri() : null)
        .setAlbum(proto.hasAlbum() ? proto.getAlbum() : null)
        .setWriter(proto.hasWriter() ? proto.getWriter() : null)
        .setComposer(proto.hasComposer() ? proto.getComposer() : null)
        .setDurationMs(proto.hasDurationMs() ? proto.getDurationMs() : null)
        .setMediaImageUri(proto.hasMediaImageUri() ? proto.getMediaImageUri() : null)
        .setPublishDateMs(proto.hasPublishDateMs() ? proto.getPublishDateMs() : null)
        .setSubtitle(proto.hasSubtitle() ? proto.getSubtitle() : null)
        .setDescription(proto.hasDescription() ? proto.getDescription() : null)
        .setLyric(proto.hasLyric() ? proto.getLyric() : null)
        .setPreviousAssetId(proto.hasPreviousAssetId() ? proto.getPreviousAssetId() : null)
        .setNextAssetId(proto.hasNextAssetId() ? proto.getNextAssetId() : null)
        .setSkipIntervals(proto.hasSkipIntervals() ? proto.getSkipIntervals() : null)
        .setFilter(proto.hasFilter() ? proto.getFilter() : null)
        .setDisplayTags(proto.hasDisplayTags() ? proto.getDisplayTags() : null)
        .setDrmSchemes(proto.hasDrmSchemes() ? proto.getDrmSchemes().getValuesList() : null)
        .setSingleLyricText(proto.hasSingleLyricText() ? proto.getSingleLyricText() : null)
        .setFastForwardSkipIntervals(proto.hasFastForwardSkipIntervals() ? proto.getFastForwardSkipIntervals() : null)
        .setRewindSkipIntervals(proto.hasRewindSkipIntervals() ? proto.getRewindSkipIntervals() : null)
        .setMediaImage(proto.hasMediaImage() ? proto.getMediaImage().toByteArray() : null)
        .setAvQueueImage(proto.hasAvQueueImage() ? proto.getAvQueueImage().toByteArray() : null)
        .build();
  }

  // ---------------------------------------------------------------- Playback state

  /** The message for {@code state}; {@code null} fields are absent. */
  public static PlaybackStateInfo toProto(AVPlaybackState state) {
    PlaybackStateInfo.Builder b = PlaybackStateInfo.newBuilder();
    if (state.state() != null) {
      b.setState(toProtoPlaybackState(state.state()));
    }
    if (state.speed() != null) {
      b.setSpeed(state.speed());
    }
    if (state.position() != null) {
      b.setPosition(toProto(state.position()));
    }
    if (state.bufferedTimeMs() != null) {
      b.setBufferedTimeMs(state.bufferedTimeMs());
    }
    if (state.loopMode() != null) {
      b.setLoopMode(toProtoLoopMode(state.loopMode()));
    }
    if (state.favorite() != null) {
      b.setIsFavorite(state.favorite());
    }
    if (state.activeItemId() != null) {
      b.setActiveItemId(state.activeItemId());
    }
    if (state.volume() != null) {
      b.setVolume(state.volume());
    }
    if (state.maxVolume() != null) {
      b.setMaxVolume(state.maxVolume());
    }
    if (state.muted() != null) {
      b.setMuted(state.muted());
    }
    if (state.durationMs() != null) {
      b.setDurationMs(state.durationMs());
    }
    if (state.videoWidth() != null) {
      b.setVideoWidth(state.videoWidth());
    }
    if (state.videoHeight() != null) {
      b.setVideoHeight(state.videoHeight());
    }
    if (state.extras() != null) {
      b.setExtras(extrasToStruct(state.extras()));
    }
    return b.build();
  }

  /**
   * The playback state in {@code proto}; absent fields are {@code null}.
   *
   * @throws IllegalArgumentException if the state or loop mode is a number this version does not know
   */
  public static AVPlaybackState fromProto(PlaybackStateInfo proto) {
    return AVPlaybackState.builder()
        .setState(proto.hasState() ? PlaybackState.fromValue(proto.getStateValue()) : null)
        .setSpeed(proto.hasSpeed() ? proto.getSpeed() : null)
        .setPosition(proto.hasPosition() ? fromProto(proto.getPosition()) : null)
        .setBufferedTimeMs(proto.hasBufferedTimeMs() ? proto.getBufferedTimeMs() : null)
        .setLoopMode(proto.hasLoopMode() ? LoopMode.fromValue(proto.getLoopModeValue()) : null)
        .setFavorite(proto.hasIsFavorite() ? proto.getIsFavorite() : null)
        .setActiveItemId(proto.hasActiveItemId() ? proto.getActiveItemId() : null)
        .setVolume(proto.hasVolume() ? proto.getVolume() : null)
        .setMaxVolume(proto.hasMaxVolume() ? proto.getMaxVolume() : null)
        .setMuted(proto.hasMuted() ? proto.getMuted() : null)
        .setDurationMs(proto.hasDurationMs() ? proto.getDurationMs() : null)
        .setVideoWidth(proto.hasVideoWidth() ? proto.getVideoWidth() : null)
        .setVideoHeight(proto.hasVideoHeight() ? proto.getVideoHeight() : null)
        .setExtras(proto.hasExtras() ? structToExtras(proto.getExtras()) : null)
        .build();
  }

  /** The message for {@code position}. */
  public static io.baton.protocol.v1.PlaybackPosition toProto(PlaybackPosition position) {
    return io.baton.protocol.v1.PlaybackPosition.newBuilder()
        .setElapsedTimeMs(position.elapsedTimeMs())
        .setUpdateTimeMs(position.updateTimeMs())
        .build();
  }

  /** The position in {@code proto}. */
  public static PlaybackPosition fromProto(io.baton.protocol.v1.PlaybackPosition proto) {
    return new PlaybackPosition(proto.getElapsedTimeMs(), proto.getUpdateTimeMs());
  }

  // ---------------------------------------------------------------- Queue

  /** The message for {@code description}. */
  public static MediaDescription toProto(AVMediaDescription description) {
    return MediaDescription.newBuilder()
        .setAssetId(description.assetId())
        .setTitle(description.title())
        .setSubtitle(description.subtitle())
        .setDescription(description.description())
        .setMediaImageUri(description.mediaImageUri())
        .setExtras(extrasToStruct(description.extras()))
        .setMediaType(description.mediaType())
        .setMediaSize(description.mediaSize())
        .setAlbumTitle(description.albumTitle())
        .setAlbumCoverUri(description.albumCoverUri())
        .setLyricContent(description.lyricContent())
        .setLyricUri(description.lyricUri())
        .setArtist(description.artist())
        .setMediaUri(description.mediaUri())
        .setDrmScheme(description.drmScheme())
        .setDurationMs(description.durationMs())
        .setStartPositionMs(description.startPositionMs())
        .setCreditsPositionMs(description.creditsPositionMs())
        .setAppName(description.appName())
        .setDisplayTags(description.displayTags())
        .build();
  }

  /** The media description in {@code proto}; absent extras are an empty map. */
  public static AVMediaDescription fromProto(MediaDescription proto) {
    return AVMediaDescription.builder()
        .setAssetId(proto.getAssetId())
        .setTitle(proto.getTitle())
        .setSubtitle(proto.getSubtitle())
        .setDescription(proto.getDescription())
        .setMediaImageUri(proto.getMediaImageUri())
        .setExtras(structToExtras(proto.getExtras()))
        .setMediaType(proto.getMediaType())
        .setMediaSize(proto.getMediaSize())
        .setAlbumTitle(proto.getAlbumTitle())
        .setAlbumCoverUri(proto.getAlbumCoverUri())
        .setLyricContent(proto.getLyricContent())
        .setLyricUri(proto.getLyricUri())
        .setArtist(proto.getArtist())
        .setMediaUri(proto.getMediaUri())
        .setDrmScheme(proto.getDrmScheme())
        .setDurationMs(proto.getDurationMs())
        .setStartPositionMs(proto.getStartPositionMs())
        .setCreditsPositionMs(proto.getCreditsPositionMs())
        .setAppName(proto.getAppName())
        .setDisplayTags(proto.getDisplayTags())
        .build();
  }

  /** The message for {@code item}. */
  public static QueueItem toProto(AVQueueItem item) {
    return QueueItem.newBuilder().setItemId(item.itemId()).setDescription(toProto(item.description())).build();
  }

  /** The queue item in {@code proto}. */
  public static AVQueueItem fromProto(QueueItem proto) {
    return new AVQueueItem(proto.getItemId(), fromProto(proto.getDescription()));
  }

  /** The messages for {@code items}, in order. */
  public static List<QueueItem> queueItemsToProto(List<AVQueueItem> items) {
    List<QueueItem> protos = new ArrayList<>(items.size());
    for (AVQueueItem item : items) {
      protos.add(toProto(item));
    }
    return protos;
  }

  /** The queue items in {@code protos}, in order, as an unmodifiable list. */
  public static List<AVQueueItem> queueItemsFromProto(List<QueueItem> protos) {
    List<AVQueueItem> items = new ArrayList<>(protos.size());
    for (QueueItem proto : protos) {
      items.add(fromProto(proto));
    }
    return List.copyOf(items);
  }

  // ---------------------------------------------------------------- Devices

  /** The message for {@code device}. */
  public static io.baton.protocol.v1.DeviceInfo toProto(DeviceInfo device) {
    return io.baton.protocol.v1.DeviceInfo.newBuilder()
        .setCastCategory(device.castCategory())
        .setDeviceId(device.deviceId())
        .setDeviceName(device.deviceName())
        .setDeviceType(device.deviceType())
        .setManufacturer(device.manufacturer())
        .setModelName(device.modelName())
        .setNetworkId(device.networkId())
        .setIpAddress(device.ipAddress())
        .setProviderId(device.providerId())
        .setSupportedProtocols(device.supportedProtocols())
        .setAuthenticationStatus(device.authenticationStatus())
        .build();
  }

  /** The device in {@code proto}. */
  public static DeviceInfo fromProto(io.baton.protocol.v1.DeviceInfo proto) {
    return DeviceInfo.builder()
        .setCastCategory(proto.getCastCategory())
        .setDeviceId(proto.getDeviceId())
        .setDeviceName(proto.getDeviceName())
        .setDeviceType(proto.getDeviceType())
        .setManufacturer(proto.getManufacturer())
        .setModelName(proto.getModelName())
        .setNetworkId(proto.getNetworkId())
        .setIpAddress(proto.getIpAddress())
        .setProviderId(proto.getProviderId())
        .setSupportedProtocols(proto.getSupportedProtocols())
        .setAuthenticationStatus(proto.getAuthenticationStatus())
        .build();
  }

  /** The message for {@code output}. */
  public static io.baton.protocol.v1.OutputDeviceInfo toProto(OutputDeviceInfo output) {
    io.baton.protocol.v1.OutputDeviceInfo.Builder b = io.baton.protocol.v1.OutputDeviceInfo.newBuilder();
    for (DeviceInfo device : output.devices()) {
      b.addDevices(toProto(device));
    }
    return b.build();
  }

  /** The output devices in {@code proto}. */
  public static OutputDeviceInfo fromProto(io.baton.protocol.v1.OutputDeviceInfo proto) {
    List<DeviceInfo> devices = new ArrayList<>(proto.getDevicesCount());
    for (io.baton.protocol.v1.DeviceInfo device : proto.getDevicesList()) {
      devices.add(fromProto(device));
    }
    return new OutputDeviceInfo(devices);
  }

  // ---------------------------------------------------------------- Commands and keys

  /** The message for {@code info}. */
  public static io.baton.protocol.v1.CommandInfo toProto(CommandInfo info) {
    return io.baton.protocol.v1.CommandInfo.newBuilder()
        .setCallerAppId(info.callerAppId())
        .setCallerModuleName(info.callerModuleName())
        .setCallerDeviceId(info.callerDeviceId())
        .setCallerType(info.callerType())
        .setCallerPid(info.callerPid())
        .build();
  }

  /** The command sender in {@code proto}; an absent message is {@link CommandInfo#EMPTY}. */
  public static CommandInfo fromProto(io.baton.protocol.v1.CommandInfo proto) {
    return new CommandInfo(
        proto.getCallerAppId(),
        proto.getCallerModuleName(),
        proto.getCallerDeviceId(),
        proto.getCallerType(),
        proto.getCallerPid());
  }

  /**
   * The message for {@code command}. A {@code Long} parameter goes to {@code numeric_asset_id} for
   * {@link AVControlCommandType#PLAY_FROM_ASSET_ID} and to {@code time_ms} otherwise; a {@code Double} to
   * {@code speed}, a {@link LoopMode} to {@code loop_mode}, a {@code String} to {@code asset_id}; no parameter leaves
   * the oneof unset.
   */
  public static ControlCommand toProto(AVControlCommand command) {
    ControlCommand.Builder b = ControlCommand.newBuilder()
        .setCommand(toProtoCommandType(command.command()))
        .setCommandInfo(toProto(command.commandInfo()));
    Object parameter = command.parameter();
    if (parameter instanceof Long) {
      if (command.command() == AVControlCommandType.PLAY_FROM_ASSET_ID) {
        b.setNumericAssetId((Long) parameter);
      } else {
        b.setTimeMs((Long) parameter);
      }
    } else if (parameter instanceof Double) {
      b.setSpeed((Double) parameter);
    } else if (parameter instanceof LoopMode) {
      b.setLoopMode(toProtoLoopMode((LoopMode) parameter));
    } else if (parameter instanceof String) {
      b.setAssetId((String) parameter);
    }
    return b.build();
  }

  /**
   * The command in {@code proto}: {@code time_ms} and {@code numeric_asset_id} become a {@code Long}, {@code speed} a
   * {@code Double}, {@code loop_mode} a {@link LoopMode}, {@code asset_id} a {@code String}.
   *
   * @throws IllegalArgumentException if the command type or loop mode is a number this version does not know
   */
  public static AVControlCommand fromProto(ControlCommand proto) {
    Object parameter;
    switch (proto.getParameterCase()) {
      case TIME_MS:
        parameter = proto.getTimeMs();
        break;
      case NUMERIC_ASSET_ID:
        parameter = proto.getNumericAssetId();
        break;
      case SPEED:
        parameter = proto.getSpeed();
        break;
      case LOOP_MODE:
        parameter = LoopMode.fromValue(proto.getLoopModeValue());
        break;
      case ASSET_ID:
        parameter = proto.getAssetId();
        break;
      default:
        parameter = null;
        break;
    }
    return new AVControlCommand(
        AVControlCommandType.fromValue(proto.getCommandValue()), parameter, fromProto(proto.getCommandInfo()));
  }

  /** The message for {@code key}. */
  public static KeyItem toProto(KeyEvent.Key key) {
    return KeyItem.newBuilder()
        .setCode(key.code())
        .setPressedTimeMs(key.pressedTimeMs())
        .setDeviceId(key.deviceId())
        .build();
  }

  /** The key in {@code proto}. */
  public static KeyEvent.Key fromProto(KeyItem proto) {
    return new KeyEvent.Key(proto.getCode(), proto.getPressedTimeMs(), proto.getDeviceId());
  }

  /** The message for {@code event}. */
  public static io.baton.protocol.v1.KeyEvent toProto(KeyEvent event) {
    io.baton.protocol.v1.KeyEvent.Builder b = io.baton.protocol.v1.KeyEvent.newBuilder()
        .setAction(event.action())
        .setKey(toProto(event.key()));
    for (KeyEvent.Key key : event.keys()) {
      b.addKeys(toProto(key));
    }
    return b.build();
  }

  /** The key event in {@code proto}. */
  public static KeyEvent fromProto(io.baton.protocol.v1.KeyEvent proto) {
    List<KeyEvent.Key> keys = new ArrayList<>(proto.getKeysCount());
    for (KeyItem key : proto.getKeysList()) {
      keys.add(fromProto(key));
    }
    return new KeyEvent(proto.getAction(), fromProto(proto.getKey()), keys);
  }

  // ---------------------------------------------------------------- Calls

  /** The message for {@code metadata}; a {@code null} avatar is empty bytes. */
  public static io.baton.protocol.v1.CallMetadata toProto(CallMetadata metadata) {
    io.baton.protocol.v1.CallMetadata.Builder b = io.baton.protocol.v1.CallMetadata.newBuilder()
        .setName(metadata.name())
        .setPhoneNumber(metadata.phoneNumber());
    byte[] avatar = metadata.avatar();
    if (avatar != null) {
      b.setAvatar(ByteString.copyFrom(avatar));
    }
    return b.build();
  }

  /**
   * The call metadata in {@code proto}. Empty avatar bytes are a {@code null} avatar, because {@code avatar} has no
   * presence on the wire and an empty image is no image.
   */
  public static CallMetadata fromProto(io.baton.protocol.v1.CallMetadata proto) {
    return new CallMetadata(
        proto.getName(), proto.getPhoneNumber(), proto.getAvatar().isEmpty() ? null : proto.getAvatar().toByteArray());
  }

  /** The message for {@code state}. */
  public static CallStateInfo toProto(AVCallState state) {
    return CallStateInfo.newBuilder().setState(toProtoCallState(state.state())).setMuted(state.muted()).build();
  }

  /**
   * The call state in {@code proto}.
   *
   * @throws IllegalArgumentException if the state is a number this version does not know
   */
  public static AVCallState fromProto(CallStateInfo proto) {
    return new AVCallState(CallState.fromValue(proto.getStateValue()), proto.getMuted());
  }

  // ---------------------------------------------------------------- Sessions

  /** The message for {@code descriptor}. */
  public static SessionDescriptor toProto(AVSessionDescriptor descriptor) {
    return SessionDescriptor.newBuilder()
        .setSessionId(descriptor.sessionId())
        .setType(toProtoType(descriptor.type()))
        .setTag(descriptor.tag())
        .setAppId(descriptor.appId())
        .setPid(descriptor.pid())
        .setUid(descriptor.uid())
        .setIsActive(descriptor.active())
        .setIsTop(descriptor.top())
        .setOutputDevice(toProto(descriptor.outputDevice()))
        .setDeviceId(descriptor.deviceId())
        .setRemote(descriptor.remote())
        .setTitle(descriptor.title())
        .setCreatedTimeMs(descriptor.createdTimeMs())
        .setLastSeenTimeMs(descriptor.lastSeenTimeMs())
        .build();
  }

  /**
   * The session descriptor in {@code proto}.
   *
   * @throws IllegalArgumentException if the session type is a number this version does not know
   */
  public static AVSessionDescriptor fromProto(SessionDescriptor proto) {
    return AVSessionDescriptor.builder()
        .setSessionId(proto.getSessionId())
        .setType(AVSessionType.fromValue(proto.getTypeValue()))
        .setTag(proto.getTag())
        .setAppId(proto.getAppId())
        .setPid(proto.getPid())
        .setUid(proto.getUid())
        .setActive(proto.getIsActive())
        .setTop(proto.getIsTop())
        .setOutputDevice(fromProto(proto.getOutputDevice()))
        .setDeviceId(proto.getDeviceId())
        .setRemote(proto.getRemote())
        .setTitle(proto.getTitle())
        .setCreatedTimeMs(proto.getCreatedTimeMs())
        .setLastSeenTimeMs(proto.getLastSeenTimeMs())
        .build();
  }

  // ---------------------------------------------------------------- Extras

  /**
   * The struct for {@code extras}: {@code null} becomes a null value, a {@link Number} a number value, a {@link List}
   * a list value and a nested {@code Map} a struct.
   *
   * @throws IllegalArgumentException if a value is not JSON-like (see {@link Extras}) or a nested key is not a string
   */
  public static Struct extrasToStruct(Map<String, Object> extras) {
    return toStruct("", extras);
  }

  /**
   * The extras in {@code struct}, as a deep unmodifiable map: numbers are {@link Double}s, null values and values
   * without a kind are {@code null}.
   */
  public static Map<String, Object> structToExtras(Struct struct) {
    return Extras.copyOf(toMap(struct));
  }

  private static Struct toStruct(String path, Map<?, ?> map) {
    Struct.Builder b = Struct.newBuilder();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String)) {
        throw new IllegalArgumentException("extras key under '" + path + "' must be a string: " + e.getKey());
      }
      String key = (String) e.getKey();
      b.putFields(key, toValue(path.isEmpty() ? key : path + "." + key, e.getValue()));
    }
    return b.build();
  }

  private static Value toValue(String path, @Nullable Object value) {
    if (value == null) {
      return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
    }
    if (value instanceof Boolean) {
      return Value.newBuilder().setBoolValue((Boolean) value).build();
    }
    if (value instanceof Number) {
      return Value.newBuilder().setNumberValue(((Number) value).doubleValue()).build();
    }
    if (value instanceof String) {
      return Value.newBuilder().setStringValue((String) value).build();
    }
    if (value instanceof Map) {
      return Value.newBuilder().setStructValue(toStruct(path, (Map<?, ?>) value)).build();
    }
    if (value instanceof List) {
      ListValue.Builder list = ListValue.newBuilder();
      for (Object element : (List<?>) value) {
        list.addValues(toValue(path + "[]", element));
      }
      return Value.newBuilder().setListValue(list).build();
    }
    throw new IllegalArgumentException(
        "extras value '" + path + "' must be null, boolean, number, string, list or map: " + value.getClass());
  }

  private static Map<String, Object> toMap(Struct struct) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (Map.Entry<String, Value> e : struct.getFieldsMap().entrySet()) {
      map.put(e.getKey(), fromValue(e.getValue()));
    }
    return map;
  }

  private static @Nullable Object fromValue(Value value) {
    switch (value.getKindCase()) {
      case BOOL_VALUE:
        return value.getBoolValue();
      case NUMBER_VALUE:
        return value.getNumberValue();
      case STRING_VALUE:
        return value.getStringValue();
      case STRUCT_VALUE:
        return toMap(value.getStructValue());
      case LIST_VALUE:
        List<Object> list = new ArrayList<>(value.getListValue().getValuesCount());
        for (Value element : value.getListValue().getValuesList()) {
          list.add(fromValue(element));
        }
        return list;
      default:
        // NULL_VALUE, and KIND_NOT_SET: a Value nobody filled in, which JSON also reads as null.
        return null;
    }
  }

  // ---------------------------------------------------------------- Enums

  /** The wire value of {@code type}. */
  public static SessionType toProtoType(AVSessionType type) {
    return SessionType.forNumber(type.value());
  }

  /**
   * The session type {@code proto} stands for.
   *
   * @throws IllegalArgumentException if {@code proto} is {@code UNRECOGNIZED}
   */
  public static AVSessionType fromProtoType(SessionType proto) {
    // UNRECOGNIZED has lost its number; messages are converted with getXValue() so that errors can name it.
    if (proto == SessionType.UNRECOGNIZED) {
      throw new IllegalArgumentException("unrecognized session type");
    }
    return AVSessionType.fromValue(proto.getNumber());
  }

  /** The wire value of {@code state}. */
  public static io.baton.protocol.v1.PlaybackState toProtoPlaybackState(PlaybackState state) {
    return io.baton.protocol.v1.PlaybackState.forNumber(state.value());
  }

  /**
   * The playback state {@code proto} stands for.
   *
   * @throws IllegalArgumentException if {@code proto} is {@code UNRECOGNIZED}
   */
  public static PlaybackState fromProtoPlaybackState(io.baton.protocol.v1.PlaybackState proto) {
    if (proto == io.baton.protocol.v1.PlaybackState.UNRECOGNIZED) {
      throw new IllegalArgumentException("unrecognized playback state");
    }
    return PlaybackState.fromValue(proto.getNumber());
  }

  /** The wire value of {@code mode}. */
  public static io.baton.protocol.v1.LoopMode toProtoLoopMode(LoopMode mode) {
    return io.baton.protocol.v1.LoopMode.forNumber(mode.value());
  }

  /**
   * The loop mode {@code proto} stands for.
   *
   * @throws IllegalArgumentException if {@code proto} is {@code UNRECOGNIZED}
   */
  public static LoopMode fromProtoLoopMode(io.baton.protocol.v1.LoopMode proto) {
    if (proto == io.baton.protocol.v1.LoopMode.UNRECOGNIZED) {
      throw new IllegalArgumentException("unrecognized loop mode");
    }
    return LoopMode.fromValue(proto.getNumber());
  }

  /** The wire value of {@code state}. */
  public static io.baton.protocol.v1.CallState toProtoCallState(CallState state) {
    return io.baton.protocol.v1.CallState.forNumber(state.value());
  }

  /**
   * The call state {@code proto} stands for.
   *
   * @throws IllegalArgumentException if {@code proto} is {@code UNRECOGNIZED}
   */
  public static CallState fromProtoCallState(io.baton.protocol.v1.CallState proto) {
    if (proto == io.baton.protocol.v1.CallState.UNRECOGNIZED) {
      throw new IllegalArgumentException("unrecognized call state");
    }
    return CallState.fromValue(proto.getNumber());
  }

  /** The wire value of {@code state}. */
  public static io.baton.protocol.v1.ConnectionState toProtoConnectionState(ConnectionState state) {
    return io.baton.protocol.v1.ConnectionState.forNumber(state.value());
  }

  /**
   * The connection state {@code proto} stands for.
   *
   * @throws IllegalArgumentException if {@code proto} is {@code UNRECOGNIZED}
   */
  public static ConnectionState fromProtoConnectionState(io.baton.protocol.v1.ConnectionState proto) {
    if (proto == io.baton.protocol.v1.ConnectionState.UNRECOGNIZED) {
      throw new IllegalArgumentException("unrecognized connection state");
    }
    return ConnectionState.fromValue(proto.getNumber());
  }

  /** The wire value of {@code type}. */
  public static ControlCommandType toProtoCommandType(AVControlCommandType type) {
    return ControlCommandType.forNumber(type.value());
  }

  /**
   * The control command type {@code proto} stands for.
   *
   * @throws IllegalArgumentException if {@code proto} is {@code UNRECOGNIZED}
   */
  public static AVControlCommandType fromProtoCommandType(ControlCommandType proto) {
    if (proto == ControlCommandType.UNRECOGNIZED) {
      throw new IllegalArgumentException("unrecognized control command");
    }
    return AVControlCommandType.fromValue(proto.getNumber());
  }
}
