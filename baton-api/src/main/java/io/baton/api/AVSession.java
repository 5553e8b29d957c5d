package io.baton.api;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A media session published by an app: its now-playing metadata, playback state, queue and the commands it accepts.
 * Created by {@link AVSessionManager#createSession}.
 *
 * <h2>Commands</h2>
 * The commands a session accepts are exactly those it has handlers for: {@link #addCommandHandler} adds the command to
 * the session's valid commands (in registration order), and removing its last handler removes it. Controllers see the
 * set through {@link AVSessionController#getValidCommands()} and {@code onValidCommandChange}.
 *
 * <h2>Threading</h2>
 * Thread-safe. Setters return futures completed on the manager's callback executor; handlers and callbacks run there
 * too, one at a time, in order.
 *
 * <h2>Errors</h2>
 * 401 for invalid values (the detail names the field; the stored state is unchanged), 6600102 once the session is
 * destroyed, 6600101 when the daemon is unreachable.
 */
public interface AVSession {

  /** The session id: 64 upper-case hex characters. Changes only when the session is restored after a restart. */
  String getSessionId();

  /** The tag given at creation. */
  String getSessionTag();

  /** The type given at creation. */
  AVSessionType getSessionType();

  /** Sets metadata: a new asset id replaces the stored metadata; the same asset id merges the fields set. */
  CompletableFuture<Void> setAVMetadata(AVMetadata metadata);

  /** Sets playback state, merged field by field. */
  CompletableFuture<Void> setAVPlaybackState(AVPlaybackState state);

  /** Replaces the queue: fewer than 1000 items, each with a non-empty asset id. */
  CompletableFuture<Void> setAVQueueItems(List<AVQueueItem> items);

  /** Sets the queue's title. */
  CompletableFuture<Void> setAVQueueTitle(String title);

  /** Sets the session's extras (JSON-like values, see {@link Extras}). */
  CompletableFuture<Void> setExtras(Map<String, Object> extras);

  /** Sends a custom event to every controller of this session. */
  CompletableFuture<Void> dispatchSessionEvent(String event, Map<String, Object> args);

  /** Sets how a controller can bring the app forward (a URI or command line). */
  CompletableFuture<Void> setLaunchInfo(String uri);

  /** Sets call metadata (call sessions). */
  CompletableFuture<Void> setCallMetadata(CallMetadata metadata);

  /** Sets call state (call sessions). */
  CompletableFuture<Void> setAVCallState(AVCallState state);

  /** Declares the play speeds the session supports; a setSpeed outside them fails with 6600105. Empty: any. */
  CompletableFuture<Void> setSupportedPlaySpeeds(List<Double> speeds);

  /** Declares the loop modes the session supports; a setLoopMode outside them fails with 6600105. Empty: any. */
  CompletableFuture<Void> setSupportedLoopModes(List<LoopMode> modes);

  /** Activates the session: controllers may now send it commands. */
  CompletableFuture<Void> activate();

  /** Deactivates the session: commands fail with 6600106. */
  CompletableFuture<Void> deactivate();

  /** Destroys the session: controllers get {@code onSessionDestroy}; every later call fails with 6600102. */
  CompletableFuture<Void> destroy();

  /** A controller for this session, owned by the same connection. */
  CompletableFuture<AVSessionController> getController();

  /** Where the session plays; the local device until it is cast. */
  OutputDeviceInfo getOutputDevice();

  /**
   * Moves this session's output to a connected Baton device (id or name; upstream castAudio): the device gets a session
   * with the same tag and type that its controllers and key events drive, whose commands come back here; this session
   * gets {@link Callback#onOutputDeviceChange}. {@code "local"} brings it back. Errors: 6600109 (no link to the
   * device), 6600104 (the device failed to take it), 202 (not a system app).
   */
  default CompletableFuture<Void> castAudio(String device) {
    throw new UnsupportedOperationException(getClass().getName() + " does not support other devices");
  }

  /**
   * Registers a handler for a control command and adds the command to the valid commands.
   *
   * @return a registration whose {@code close()} removes the handler (and the command, if it was the last handler)
   */
  Registration addCommandHandler(AVControlCommandType type, CommandHandler handler);

  /**
   * Handles raw media key events. Without a key handler, the daemon translates keys into commands (play/pause, next,
   * previous, stop → pause, fast-forward, rewind).
   */
  Registration setKeyEventHandler(KeyEventHandler handler);

  /** Registers a callback for common commands, queue skips and output-device changes. */
  void addCallback(Callback callback);

  /** Unregisters a callback. */
  void removeCallback(Callback callback);

  /** Handles one control command. */
  @FunctionalInterface
  interface CommandHandler {
    /**
     * Runs the command. The controller's future completes when this returns; an {@link AVSessionException} thrown
     * here fails it with that code, any other exception with 6600101.
     */
    void onCommand(AVControlCommand command);
  }

  /** Handles raw key events. */
  @FunctionalInterface
  interface KeyEventHandler {
    /** Handles the key event. */
    void onKeyEvent(KeyEvent event);
  }

  /** Session callbacks that are not control commands. Every method has an empty default. */
  interface Callback {
    /** A controller sent a common (custom) command. */
    default void onCommonCommand(String command, Map<String, Object> args) {}

    /** A controller asked to skip to a queue item. */
    default void onSkipToQueueItem(int itemId) {}

    /** The output device changed. */
    default void onOutputDeviceChange(ConnectionState state, OutputDeviceInfo device) {}
  }

  /** A handle that removes a registration when closed. Closing twice is a no-op. */
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }
}
