package io.baton.service.session;

import io.baton.api.AVCallState;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVQueueItem;
import io.baton.api.AVSessionDescriptor;
import io.baton.api.CallMetadata;
import io.baton.api.ConnectionState;
import io.baton.api.OutputDeviceInfo;
import java.util.List;
import java.util.Map;

/**
 * An event for controllers. One instance is shared by every controller that receives the same payload, so the
 * transport can encode it once ({@link #encoded()} / {@link #setEncoded}) however many controllers it goes to.
 */
public final class ControllerEvent {

  /** What happened. */
  public enum Kind {
    METADATA_CHANGE,
    PLAYBACK_STATE_CHANGE,
    ACTIVE_STATE_CHANGE,
    VALID_COMMAND_CHANGE,
    SESSION_DESTROY,
    SESSION_EVENT,
    QUEUE_ITEMS_CHANGE,
    QUEUE_TITLE_CHANGE,
    EXTRAS_CHANGE,
    OUTPUT_DEVICE_CHANGE,
    CALL_METADATA_CHANGE,
    CALL_STATE_CHANGE
  }

  /** A session event's name and arguments. */
  public record SessionEventPayload(String event, Map<String, Object> args) {}

  /** An output-device change. */
  public record OutputDevicePayload(ConnectionState state, OutputDeviceInfo device) {}

  private final Kind kind;
  private final Object payload;
  private volatile Object encoded;

  private ControllerEvent(Kind kind, Object payload) {
    this.kind = kind;
    this.payload = payload;
  }

  public static ControllerEvent metadataChange(AVMetadata metadata) {
    return new ControllerEvent(Kind.METADATA_CHANGE, metadata);
  }

  public static ControllerEvent playbackStateChange(AVPlaybackState state) {
    return new ControllerEvent(Kind.PLAYBACK_STATE_CHANGE, state);
  }

  public static ControllerEvent activeStateChange(boolean active) {
    return new ControllerEvent(Kind.ACTIVE_STATE_CHANGE, active);
  }

  public static ControllerEvent validCommandChange(List<String> commands) {
    return new ControllerEvent(Kind.VALID_COMMAND_CHANGE, List.copyOf(commands));
  }

  public static ControllerEvent sessionDestroy(AVSessionDescriptor descriptor) {
    return new ControllerEvent(Kind.SESSION_DESTROY, descriptor);
  }

  public static ControllerEvent sessionEvent(String event, Map<String, Object> args) {
    return new ControllerEvent(Kind.SESSION_EVENT, new SessionEventPayload(event, args));
  }

  public static ControllerEvent queueItemsChange(List<AVQueueItem> items) {
    return new ControllerEvent(Kind.QUEUE_ITEMS_CHANGE, items);
  }

  public static ControllerEvent queueTitleChange(String title) {
    return new ControllerEvent(Kind.QUEUE_TITLE_CHANGE, title);
  }

  public static ControllerEvent extrasChange(Map<String, Object> extras) {
    return new ControllerEvent(Kind.EXTRAS_CHANGE, extras);
  }

  public static ControllerEvent outputDeviceChange(ConnectionState state, OutputDeviceInfo device) {
    return new ControllerEvent(Kind.OUTPUT_DEVICE_CHANGE, new OutputDevicePayload(state, device));
  }

  public static ControllerEvent callMetadataChange(CallMetadata metadata) {
    return new ControllerEvent(Kind.CALL_METADATA_CHANGE, metadata);
  }

  public static ControllerEvent callStateChange(AVCallState state) {
    return new ControllerEvent(Kind.CALL_STATE_CHANGE, state);
  }

  /** What happened. */
  public Kind kind() {
    return kind;
  }

  /** The payload; its type follows {@link #kind()} (see the factories). */
  public Object payload() {
    return payload;
  }

  /** The transport's cached encoding of the payload, or null. */
  public Object encoded() {
    return encoded;
  }

  /** Caches the transport's encoding of the payload (a benign race: every thread computes the same value). */
  public void setEncoded(Object encoded) {
    this.encoded = encoded;
  }

  @Override
  public String toString() {
    return "ControllerEvent{" + kind + ", " + payload + "}";
  }
}
