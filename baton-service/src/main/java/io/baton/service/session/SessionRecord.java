package io.baton.service.session;

import io.baton.api.AVCallState;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVQueueItem;
import io.baton.api.AVSessionDescriptor;
import io.baton.api.AVSessionType;
import io.baton.api.CallMetadata;
import io.baton.api.CallState;
import io.baton.api.LoopMode;
import io.baton.api.OutputDeviceInfo;
import io.baton.api.PlaybackPosition;
import io.baton.api.PlaybackState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The daemon's record of one session. State is changed only under the record's own lock (by
 * {@link SessionRegistry}); the fields read without the lock (for listings, command checks and the top-session
 * election) are volatile.
 */
final class SessionRecord {
  /** What a session reports before its app set anything: upstream's defaults. */
  static final AVPlaybackState DEFAULT_STATE = AVPlaybackState.builder()
      .setState(PlaybackState.INITIAL)
      .setSpeed(1.0)
      .setPosition(new PlaybackPosition(0, 0))
      .setBufferedTimeMs(0L)
      .setLoopMode(LoopMode.SEQUENCE)
      .setFavorite(false)
      .setActiveItemId(0)
      .setVolume(0)
      .setMaxVolume(0)
      .setMuted(false)
      .setDurationMs(0)
      .setVideoWidth(0)
      .setVideoHeight(0)
      .build();

  final String id;
  final AVSessionType type;
  final String tag;
  final ClientHandle owner;
  final long createdMs;
  final long sequence;
  /**
   * For a mirror of another device's session: who really owns it there (app, process, device); null for a session
   * whose owner is the client that created it here.
   */
  final AVSessionDescriptor origin;

  volatile AVMetadata metadata = AVMetadata.EMPTY;
  volatile AVPlaybackState playbackState = DEFAULT_STATE;
  volatile List<String> validCommands = List.of();
  volatile List<Double> supportedSpeeds = List.of();
  volatile List<LoopMode> supportedLoopModes = List.of();
  volatile boolean handlesKeyEvents;
  volatile boolean active;
  volatile boolean destroyed;
  volatile long lastSeenMs;
  volatile OutputDeviceInfo outputDevice = OutputDeviceInfo.LOCAL;
  /** When the session last entered PLAY (System.nanoTime), 0 if never. */
  volatile long playStartedNanos;
  /** When the session last left PLAY (System.nanoTime). */
  volatile long playStoppedNanos;
  /** When the session was last activated (System.nanoTime). */
  volatile long activatedNanos;

  // Guarded by this.
  List<AVQueueItem> queueItems = List.of();
  String queueTitle = "";
  Map<String, Object> extras = Map.of();
  String launchInfo = "";
  CallMetadata callMetadata = new CallMetadata("", "", null);
  AVCallState callState = new AVCallState(CallState.IDLE, false);
  final LinkedHashMap<Long, ControllerRecord> controllers = new LinkedHashMap<>();

  SessionRecord(String id, AVSessionType type, String tag, ClientHandle owner, long createdMs, long sequence) {
    this(id, type, tag, owner, createdMs, sequence, null);
  }

  SessionRecord(String id, AVSessionType type, String tag, ClientHandle owner, long createdMs, long sequence,
      AVSessionDescriptor origin) {
    this.origin = origin;
    this.id = id;
    this.type = type;
    this.tag = tag;
    this.owner = owner;
    this.createdMs = createdMs;
    this.sequence = sequence;
    this.lastSeenMs = createdMs;
  }

  boolean isPlaying() {
    return playbackState.state() == PlaybackState.PLAY;
  }

  AVSessionDescriptor descriptor(boolean top) {
    Caller caller = owner.caller();
    String title = metadata.title();
    OutputDeviceInfo device = outputDevice;
    String deviceId = origin != null ? origin.deviceId() : caller.deviceId();
    return AVSessionDescriptor.builder()
        .setSessionId(id)
        .setType(type)
        .setTag(tag)
        .setAppId(origin != null ? origin.appId() : caller.appId())
        .setPid(origin != null ? origin.pid() : caller.pid())
        .setUid(origin != null ? origin.uid() : caller.uid())
        .setDeviceId(deviceId)
        .setRemote(!deviceId.isEmpty())
        .setActive(active)
        .setTop(top)
        .setOutputDevice(device)
        .setTitle(title == null ? "" : title)
        .setCreatedTimeMs(createdMs)
        .setLastSeenTimeMs(lastSeenMs)
        .build();
  }

  /** The controllers, copied under the lock, for delivering events outside it. Caller holds the lock. */
  List<ControllerRecord> controllersSnapshot() {
    return new ArrayList<>(controllers.values());
  }
}
