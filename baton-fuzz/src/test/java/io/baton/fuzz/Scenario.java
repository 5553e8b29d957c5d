package io.baton.fuzz;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.baton.api.AVControlCommandType;
import io.baton.protocol.v1.ControllerRef;
import io.baton.protocol.v1.CreateControllerRequest;
import io.baton.protocol.v1.CreateSessionRequest;
import io.baton.protocol.v1.EventFilterKind;
import io.baton.protocol.v1.LoopMode;
import io.baton.protocol.v1.LoopModes;
import io.baton.protocol.v1.MediaDescription;
import io.baton.protocol.v1.Metadata;
import io.baton.protocol.v1.PlaySpeeds;
import io.baton.protocol.v1.PlaybackPosition;
import io.baton.protocol.v1.PlaybackState;
import io.baton.protocol.v1.PlaybackStateInfo;
import io.baton.protocol.v1.QueueItem;
import io.baton.protocol.v1.QueueItems;
import io.baton.protocol.v1.SessionServiceGrpc;
import io.baton.protocol.v1.SessionState;
import io.baton.protocol.v1.SessionType;
import io.baton.protocol.v1.SetEventFilterRequest;
import io.baton.protocol.v1.StringList;
import io.baton.protocol.v1.UpdateSessionRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The world one fuzzed request meets: a session app (client {@link #app}) with one session full of state, and a
 * second client ({@link #remote}) holding a controller of it that receives every metadata and playback-state change.
 * The input's first byte (its {@code flags}) varies the world and says which ids of the request to point at it.
 *
 * <p>Closing disconnects both clients and then requires the daemon to be back to empty (no leak).
 */
final class Scenario implements AutoCloseable {
  /** Point the request's {@code session_id} (or {@code restored_from}) at the live session. */
  static final int USE_SESSION_ID = 1;
  /** Point the request's {@code controller_id} (or a command result's {@code command_id}) at the live one. */
  static final int USE_CONTROLLER_ID = 1 << 1;
  /** Send the call without the {@code baton-client-id} header. */
  static final int NO_CLIENT_ID = 1 << 2;
  /** Leave the session inactive. */
  static final int INACTIVE = 1 << 3;
  /** The app handles raw key events itself. */
  static final int HANDLES_KEYS = 1 << 4;
  /** The session is a voice call instead of audio. */
  static final int CALL_SESSION = 1 << 5;
  /** The session declares supported speeds (1, 2) and loop modes (sequence, shuffle). */
  static final int LIMITED = 1 << 6;
  /** The session accepts only play and pause. */
  static final int FEW_COMMANDS = 1 << 7;

  final InProcessDaemon daemon;
  final int flags;
  final WireClient app;
  final WireClient remote;
  final String sessionId;
  final long controllerId;

  private Scenario(InProcessDaemon daemon, int flags) {
    this.daemon = daemon;
    this.flags = flags;
    app = daemon.connect("fuzz.app");
    WireClient r = null;
    try {
      sessionId = app.call(SessionServiceGrpc.getCreateSessionMethod(), CreateSessionRequest.newBuilder()
              .setTag("fuzz")
              .setType(has(CALL_SESSION) ? SessionType.SESSION_TYPE_VOICE_CALL : SessionType.SESSION_TYPE_AUDIO)
              .build())
          .getSession().getSessionId();
      update(b -> b.setMetadata(Metadata.newBuilder().setAssetId("asset-1").setTitle("Morning Tone")
          .setArtist("Baton").setDurationMs(180_000).setSkipIntervals(15)));
      update(b -> b.setPlaybackState(PlaybackStateInfo.newBuilder().setState(PlaybackState.PLAYBACK_STATE_PLAY)
          .setSpeed(1.0).setPosition(PlaybackPosition.newBuilder().setElapsedTimeMs(1_000)
              .setUpdateTimeMs(System.currentTimeMillis())).setLoopMode(LoopMode.LOOP_MODE_SEQUENCE)));
      List<String> commands = new ArrayList<>();
      if (has(FEW_COMMANDS)) {
        commands.add("play");
        commands.add("pause");
      } else {
        for (AVControlCommandType type : AVControlCommandType.values()) {
          commands.add(type.commandName());
        }
      }
      update(b -> b.setValidCommands(StringList.newBuilder().addAllValues(commands)));
      update(b -> b.setQueueItems(QueueItems.newBuilder()
          .addItems(QueueItem.newBuilder().setItemId(1).setDescription(MediaDescription.newBuilder()
              .setAssetId("asset-1").setTitle("Morning Tone")))
          .addItems(QueueItem.newBuilder().setItemId(2).setDescription(MediaDescription.newBuilder()
              .setAssetId("asset-2").setTitle("Evening Tone")))));
      update(b -> b.setQueueTitle("Tones"));
      update(b -> b.setExtras(Struct.newBuilder().putFields("k", Value.newBuilder().setNumberValue(1).build())));
      if (has(LIMITED)) {
        update(b -> b.setSupportedSpeeds(PlaySpeeds.newBuilder().addSpeeds(1.0).addSpeeds(2.0)));
        update(b -> b.setSupportedLoopModes(LoopModes.newBuilder()
            .addModes(LoopMode.LOOP_MODE_SEQUENCE).addModes(LoopMode.LOOP_MODE_SHUFFLE)));
      }
      if (has(HANDLES_KEYS)) {
        update(b -> b.setHandlesKeyEvents(true));
      }
      if (!has(INACTIVE)) {
        update(b -> b.setActive(true));
      }
      r = daemon.connect("fuzz.remote");
      controllerId = r.call(SessionServiceGrpc.getCreateControllerMethod(),
          CreateControllerRequest.newBuilder().setSessionId(sessionId).build()).getControllerId();
      for (EventFilterKind kind : List.of(EventFilterKind.EVENT_FILTER_KIND_METADATA,
          EventFilterKind.EVENT_FILTER_KIND_PLAYBACK_STATE)) {
        r.call(SessionServiceGrpc.getSetEventFilterMethod(), SetEventFilterRequest.newBuilder()
            .setControllerId(controllerId).setKind(kind).setAll(true).build());
      }
      remote = r;
    } catch (RuntimeException | Error e) {
      if (r != null) {
        r.close();
      }
      app.close();
      throw e;
    }
  }

  /** Builds the world for an input whose first byte is {@code flags}. */
  static Scenario build(InProcessDaemon daemon, int flags) {
    return new Scenario(daemon, flags);
  }

  boolean has(int flag) {
    return (flags & flag) != 0;
  }

  private void update(java.util.function.Consumer<UpdateSessionRequest.Builder> change) {
    UpdateSessionRequest.Builder b = UpdateSessionRequest.newBuilder().setSessionId(sessionId);
    change.accept(b);
    app.call(SessionServiceGrpc.getUpdateSessionMethod(), b.build());
  }

  /**
   * {@code request} with its ids pointed at this world as the flags say: top-level {@code session_id} (or
   * {@code restored_from}) and {@code controller_id} fields.
   */
  Message withIds(Message request) {
    Message.Builder b = request.toBuilder();
    FieldDescriptor session = field(b, "session_id");
    if (session == null) {
      session = field(b, "restored_from");
    }
    if (session != null && has(USE_SESSION_ID)) {
      b.setField(session, sessionId);
    }
    FieldDescriptor controller = field(b, "controller_id");
    if (controller != null && has(USE_CONTROLLER_ID)) {
      b.setField(controller, controllerId);
    }
    return b.build();
  }

  private static FieldDescriptor field(Message.Builder b, String name) {
    return b.getDescriptorForType().findFieldByName(name);
  }

  /** What the controller reads now (it must still exist). */
  SessionState controllerView() {
    return remote.call(SessionServiceGrpc.getGetSessionStateMethod(),
        ControllerRef.newBuilder().setControllerId(controllerId).build());
  }

  /**
   * Everything a refused call must leave unchanged: the daemon's sessions, controllers, clients and pending
   * commands, and the session's state as its controller reads it (when both are still there).
   */
  Map<String, Object> snapshot() {
    Map<String, Object> s = new LinkedHashMap<>(daemon.state());
    Outcome view = remote.call(SessionServiceGrpc.getGetSessionStateMethod(),
        ControllerRef.newBuilder().setControllerId(controllerId).build().toByteArray());
    s.put("controllerView", view.ok() ? parseState(view.response()).toString() : view.failure().getStatus()
        .getCode().toString());
    s.put("commandsDelivered", app.commands().size());
    return s;
  }

  private static SessionState parseState(byte[] bytes) {
    try {
      return SessionState.parseFrom(bytes);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError("unparsable SessionState", e);
    }
  }

  /** Disconnects both clients and requires the daemon to be back to empty. */
  @Override
  public void close() {
    remote.close();
    app.close();
    daemon.assertNothingLeft();
  }
}
