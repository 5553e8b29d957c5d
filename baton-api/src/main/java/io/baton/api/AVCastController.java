package io.baton.api;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Controls the renderer a session is cast to: loads media, sends commands, reads its state. Obtained from
 * {@link AVCastManager#getAVCastController}.
 *
 * <h2>State</h2>
 * The daemon follows the renderer through its UPnP events (GENA {@code LastChange}) and polls its position every
 * second while it plays; {@link #getRealPlaybackPosition()} extrapolates between polls exactly as
 * {@link AVSessionController#getRealPlaybackPosition()} does.
 *
 * <h2>Errors</h2>
 * Calls fail with {@link AVSessionException}: commands are checked before they reach the renderer (6600105 for a
 * command it cannot do now, 6611102 seek out of range, 6611104 unsupported speed, 6611103 unsupported loop mode, 401
 * bad volume); the renderer's own faults map to 6611xxx / 6612xxx (see the README's casting section); 6611003 when it
 * does not answer within the control deadline. Problems found while playing (the media cannot be fetched, playback
 * stalls) arrive as error events: {@link Listener#onCastControlGenericError} (6611xxx) and
 * {@link Listener#onCastControlIoError} (6612xxx). After the cast ended or {@link #release()}, calls fail with 6600103.
 *
 * <h2>Threading</h2>
 * Thread-safe; futures complete and listeners run on the manager's callback executor, in order.
 */
public interface AVCastController {

  /** The id of the session being cast. */
  String getSessionId();

  /**
   * Loads {@code item} on the renderer without playing it. Its description's {@code mediaUri} is an {@code http://}
   * URL, checked by the daemon first, or a {@code file://} URI of a file the daemon serves itself for as long as the
   * cast lasts; title, artist and duration travel as DIDL-Lite metadata.
   */
  CompletableFuture<Void> prepare(AVQueueItem item);

  /** Loads {@code item} and plays it. Errors: as {@link #prepare}. */
  CompletableFuture<Void> start(AVQueueItem item);

  /** Sends a command to the renderer; completes when it has accepted it. */
  CompletableFuture<Void> sendControlCommand(AVCastControlCommand command);

  /**
   * The renderer's playback state, every field set (state, position, duration, speed, loop mode, volume, muted); also
   * refreshes the state {@link #getRealPlaybackPosition()} extrapolates from.
   */
  CompletableFuture<AVPlaybackState> getAVPlaybackState();

  /** The current item's duration in milliseconds; 0 when unknown. */
  CompletableFuture<Long> getDuration();

  /** The item loaded by {@link #prepare} or {@link #start}, if any. */
  CompletableFuture<Optional<AVQueueItem>> getCurrentItem();

  /** The cast commands the renderer can do now ({@code "play"}, {@code "seek"}, {@code "setVolume"} …). */
  CompletableFuture<List<String>> getValidCommands();

  /** The speeds the renderer offers. */
  CompletableFuture<List<Double>> getSupportedPlaySpeeds();

  /** The position now, extrapolated from the last state this controller saw (getter or event). No IPC. */
  long getRealPlaybackPosition();

  /** Replaces the playback-state filter (starts as {@link EventFilter#NONE}, as for session controllers). */
  CompletableFuture<Void> setPlaybackStateFilter(EventFilter filter);

  void addListener(Listener listener);

  void removeListener(Listener listener);

  /** Releases this controller; the cast goes on. Later calls fail with 6600103. Idempotent. */
  CompletableFuture<Void> release();

  /** Cast controller events. Every method has an empty default. */
  interface Listener {
    /** Changed playback-state fields, per the playback-state filter. */
    default void onPlaybackStateChange(AVPlaybackState state) {}

    /** Another item was loaded. */
    default void onMediaItemChange(AVQueueItem item) {}

    /** A seek finished at {@code positionMs}. */
    default void onSeekDone(long positionMs) {}

    /** The item played to its end. */
    default void onEndOfStream() {}

    /** The commands the renderer can do now changed. */
    default void onValidCommandChange(List<String> commands) {}

    /** A cast-control error (6611xxx) the renderer reported or Baton detected. */
    default void onCastControlGenericError(AVSessionException error) {}

    /** An input/output or content error (6612xxx): the renderer cannot fetch or play the media. */
    default void onCastControlIoError(AVSessionException error) {}

    /** The cast ended (stopped, replaced, or the renderer disappeared); this controller is released. */
    default void onCastEnded() {}
  }
}
