package io.baton.api;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Reads one session's state and sends it commands. Created by {@link AVSessionManager#createController} or
 * {@link AVSession#getController()}.
 *
 * <h2>Events</h2>
 * Listeners get every event kind; metadata and playback-state change events are filtered by
 * {@link #setMetadataFilter} and {@link #setPlaybackStateFilter}, which start as {@link EventFilter#NONE}.
 *
 * <h2>Errors</h2>
 * Every call after {@link #destroy()} fails with 6600103; once the session is gone, with 6600102. The check order of
 * {@link #sendControlCommand} is 6600103 → 6600105 (malformed) → 6600102 → 6600106 → 6600105 (not a valid command,
 * or a speed or loop mode the session does not support) → 6600107 (rate limit), after 401 for invalid parameters.
 *
 * <h2>Threading</h2>
 * Thread-safe; futures complete and listeners run on the manager's callback executor, in order.
 */
public interface AVSessionController {

  /** The id of the controlled session (updated if the session is restored under a new id). */
  String getSessionId();

  CompletableFuture<AVMetadata> getAVMetadata();

  /** The playback state; also refreshes the state {@link #getRealPlaybackPosition()} extrapolates from. */
  CompletableFuture<AVPlaybackState> getAVPlaybackState();

  CompletableFuture<List<AVQueueItem>> getAVQueueItems();

  CompletableFuture<String> getAVQueueTitle();

  /** The valid commands, in registration order ({@code "play"}, {@code "seek"} …). */
  CompletableFuture<List<String>> getValidCommands();

  CompletableFuture<Boolean> isActive();

  CompletableFuture<OutputDeviceInfo> getOutputDevice();

  CompletableFuture<String> getLaunchInfo();

  CompletableFuture<CallMetadata> getCallMetadata();

  CompletableFuture<AVCallState> getAVCallState();

  CompletableFuture<List<Double>> getSupportedPlaySpeeds();

  CompletableFuture<List<LoopMode>> getSupportedLoopModes();

  /** The session's extras. Counts against the rate limit (6600107). */
  CompletableFuture<Map<String, Object>> getExtras();

  /** The descriptor of the session. */
  CompletableFuture<AVSessionDescriptor> getDescriptor();

  /**
   * The position now, extrapolated from the last playback state this controller saw (from a getter or an event):
   * advanced by elapsed time × speed only while playing, clamped to [0, duration]. No IPC.
   */
  long getRealPlaybackPosition();

  /** Sends a control command; completes once the session's handler has run. */
  CompletableFuture<Void> sendControlCommand(AVControlCommand command);

  /** Sends a custom command (no valid-command check). Errors: 6600106 inactive, 6600107 rate limit. */
  CompletableFuture<Void> sendCommonCommand(String command, Map<String, Object> args);

  /** Sends a media key event. Errors: 6600105 not a media key, 6600106 inactive. Not rate-limited. */
  CompletableFuture<Void> sendAVKeyEvent(KeyEvent event);

  /** Asks the session to play a queue item. No valid-command check, no rate limit. */
  CompletableFuture<Void> skipToQueueItem(int itemId);

  /** Replaces the metadata filter (last call wins). */
  CompletableFuture<Void> setMetadataFilter(EventFilter filter);

  /** Replaces the playback-state filter (last call wins). */
  CompletableFuture<Void> setPlaybackStateFilter(EventFilter filter);

  /** Replaces the call-metadata filter ({@code name}, {@code phoneNumber}, {@code avatar}). */
  CompletableFuture<Void> setCallMetadataFilter(EventFilter filter);

  /** Replaces the call-state filter ({@code state}, {@code muted}). */
  CompletableFuture<Void> setCallStateFilter(EventFilter filter);

  void addListener(Listener listener);

  void removeListener(Listener listener);

  /** Releases the controller (never the session). Every later call fails with 6600103. Idempotent. */
  CompletableFuture<Void> destroy();

  /** Controller events. Every method has an empty default. */
  interface Listener {
    /** Changed metadata fields, per the metadata filter; the asset id is always present. */
    default void onMetadataChange(AVMetadata metadata) {}

    /** Changed playback-state fields, per the playback-state filter. */
    default void onPlaybackStateChange(AVPlaybackState state) {}

    default void onActiveStateChange(boolean active) {}

    default void onValidCommandChange(List<String> commands) {}

    /** The session was destroyed; later calls fail with 6600102. */
    default void onSessionDestroy(AVSessionDescriptor descriptor) {}

    default void onSessionEvent(String event, Map<String, Object> args) {}

    default void onQueueItemsChange(List<AVQueueItem> items) {}

    default void onQueueTitleChange(String title) {}

    default void onExtrasChange(Map<String, Object> extras) {}

    default void onOutputDeviceChange(ConnectionState state, OutputDeviceInfo device) {}

    default void onCallMetadataChange(CallMetadata metadata) {}

    default void onCallStateChange(AVCallState state) {}
  }
}
