package io.baton.service.rpc;

import io.baton.api.AVCallState;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVQueueItem;
import io.baton.api.AVSessionDescriptor;
import io.baton.api.CallMetadata;
import io.baton.api.Nullable;
import io.baton.protocol.ProtoConverters;
import io.baton.protocol.v1.CommandRequest;
import io.baton.protocol.v1.CommonCommand;
import io.baton.protocol.v1.ControllerResponse;
import io.baton.protocol.v1.ErrorInfo;
import io.baton.protocol.v1.ManagerEvent;
import io.baton.protocol.v1.OutputDeviceChange;
import io.baton.protocol.v1.QueueItems;
import io.baton.protocol.v1.ServerMessage;
import io.baton.protocol.v1.SessionEvent;
import io.baton.protocol.v1.StringList;
import io.baton.service.session.ControllerEvent;
import java.util.List;
import java.util.Map;

/**
 * Encodes the session rules' outbound events as wire messages. A controller event's payload is encoded once and the
 * encoding cached on the event, so fanning an update out to N controllers costs one conversion and N small wrappers.
 */
final class WireEvents {
  private WireEvents() {}

  /** The answer to a request made on the Connect stream; {@code error} is null on success. */
  static ServerMessage controllerResponse(long requestId, @Nullable ErrorInfo error) {
    ControllerResponse.Builder b = ControllerResponse.newBuilder().setRequestId(requestId);
    if (error != null) {
      b.setError(error);
    }
    return ServerMessage.newBuilder().setControllerResponse(b).build();
  }

  static ServerMessage command(io.baton.service.session.CommandRequest request) {
    CommandRequest.Builder b = CommandRequest.newBuilder()
        .setCommandId(request.commandId())
        .setSessionId(request.sessionId());
    if (request instanceof io.baton.service.session.CommandRequest.Control) {
      b.setControl(ProtoConverters.toProto(((io.baton.service.session.CommandRequest.Control) request).command()));
    } else if (request instanceof io.baton.service.session.CommandRequest.Common) {
      var common = (io.baton.service.session.CommandRequest.Common) request;
      b.setCommon(CommonCommand.newBuilder()
          .setCommand(common.command())
          .setArgs(ProtoConverters.extrasToStruct(common.args())));
    } else if (request instanceof io.baton.service.session.CommandRequest.Key) {
      b.setKeyEvent(ProtoConverters.toProto(((io.baton.service.session.CommandRequest.Key) request).event()));
    } else if (request instanceof io.baton.service.session.CommandRequest.SkipToQueueItem) {
      b.setSkipToQueueItem(((io.baton.service.session.CommandRequest.SkipToQueueItem) request).itemId());
    } else {
      var change = (io.baton.service.session.CommandRequest.OutputDeviceChange) request;
      b.setOutputDeviceChange(OutputDeviceChange.newBuilder()
          .setState(ProtoConverters.toProtoConnectionState(change.state()))
          .setDevice(ProtoConverters.toProto(change.device())));
    }
    return ServerMessage.newBuilder().setCommand(b).build();
  }

  static ServerMessage controllerEvent(long[] controllerIds, ControllerEvent event) {
    io.baton.protocol.v1.ControllerEvent payload = (io.baton.protocol.v1.ControllerEvent) event.encoded();
    if (payload == null) {
      payload = encode(event);
      event.setEncoded(payload);
    }
    io.baton.protocol.v1.ControllerEvent.Builder b = payload.toBuilder();
    for (long id : controllerIds) {
      b.addControllerIds(id);
    }
    return ServerMessage.newBuilder().setControllerEvent(b).build();
  }

  @SuppressWarnings("unchecked")
  private static io.baton.protocol.v1.ControllerEvent encode(ControllerEvent event) {
    io.baton.protocol.v1.ControllerEvent.Builder b = io.baton.protocol.v1.ControllerEvent.newBuilder();
    Object p = event.payload();
    switch (event.kind()) {
      case METADATA_CHANGE:
        return b.setMetadataChange(ProtoConverters.toProto((AVMetadata) p)).build();
      case PLAYBACK_STATE_CHANGE:
        return b.setPlaybackStateChange(ProtoConverters.toProto((AVPlaybackState) p)).build();
      case ACTIVE_STATE_CHANGE:
        return b.setActiveStateChange((Boolean) p).build();
      case VALID_COMMAND_CHANGE:
        return b.setValidCommandChange(StringList.newBuilder().addAllValues((List<String>) p)).build();
      case SESSION_DESTROY:
        return b.setSessionDestroy(ProtoConverters.toProto((AVSessionDescriptor) p)).build();
      case SESSION_EVENT:
        ControllerEvent.SessionEventPayload e = (ControllerEvent.SessionEventPayload) p;
        return b.setSessionEvent(SessionEvent.newBuilder()
            .setEvent(e.event())
            .setArgs(ProtoConverters.extrasToStruct(e.args()))).build();
      case QUEUE_ITEMS_CHANGE:
        return b.setQueueItemsChange(QueueItems.newBuilder()
            .addAllItems(ProtoConverters.queueItemsToProto((List<AVQueueItem>) p))).build();
      case QUEUE_TITLE_CHANGE:
        return b.setQueueTitleChange((String) p).build();
      case EXTRAS_CHANGE:
        return b.setExtrasChange(ProtoConverters.extrasToStruct((Map<String, Object>) p)).build();
      case OUTPUT_DEVICE_CHANGE:
        ControllerEvent.OutputDevicePayload d = (ControllerEvent.OutputDevicePayload) p;
        return b.setOutputDeviceChange(OutputDeviceChange.newBuilder()
            .setState(ProtoConverters.toProtoConnectionState(d.state()))
            .setDevice(ProtoConverters.toProto(d.device()))).build();
      case CALL_METADATA_CHANGE:
        return b.setCallMetadataChange(ProtoConverters.toProto((CallMetadata) p)).build();
      default:
        return b.setCallStateChange(ProtoConverters.toProto((AVCallState) p)).build();
    }
  }

  static ServerMessage managerEvent(io.baton.service.session.ManagerEvent event) {
    ManagerEvent.Builder b = ManagerEvent.newBuilder();
    var descriptor = ProtoConverters.toProto(event.descriptor());
    switch (event.kind()) {
      case SESSION_CREATE:
        b.setSessionCreate(descriptor);
        break;
      case SESSION_DESTROY:
        b.setSessionDestroy(descriptor);
        break;
      default:
        b.setTopSessionChange(descriptor);
        break;
    }
    return ServerMessage.newBuilder().setManagerEvent(b).build();
  }
}
