package io.baton.api;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Casting: finds DLNA/UPnP renderers and plays a session's media on one of them. Obtained from
 * {@link AVSessionManager#getCastManager()}; it shares that manager's connection, callback executor and lifetime.
 *
 * <pre>{@code
 * AVCastManager cast = manager.getCastManager();
 * CastDevice tv = cast.addCastDevice("http://192.168.1.20:49494/description.xml").join();
 * cast.startCasting(sessionId, tv.toOutputDeviceInfo()).join();
 * AVCastController controller = cast.getAVCastController(sessionId).join();
 * controller.start(new AVQueueItem(1, AVMediaDescription.builder().setAssetId("42")
 *     .setMediaUri("http://192.168.1.10:8765/song.mp3").setTitle("Song").build())).join();
 * controller.sendControlCommand(AVCastControlCommand.seek(20_000)).join();
 * }</pre>
 *
 * <h2>Connection states</h2>
 * A session being cast reports, to its app ({@link AVSession.Callback#onOutputDeviceChange}) and to its controllers
 * ({@link AVSessionController.Listener#onOutputDeviceChange}), {@link ConnectionState#CONNECTING} and then
 * {@link ConnectionState#CONNECTED} with the renderer as output device; when the cast ends (stopCasting, the renderer
 * disappears, another cast replaces it), {@link ConnectionState#DISCONNECTED} with the local device.
 *
 * <h2>Permissions</h2>
 * As upstream, casting is a system operation: callers of another user than the daemon's (and not root) get 202. The
 * daemon must run with casting on ({@code baton daemon --cast}); otherwise every call fails with 6600101.
 *
 * <h2>Threading</h2>
 * Thread-safe; futures complete and listeners run on the manager's callback executor, in order.
 */
public interface AVCastManager {

  /**
   * Starts looking for renderers (SSDP search now and every 10 s); found ones are reported to
   * {@link Listener#onDeviceAvailable}. Reference-counted per connection: discovery runs while any connection wants
   * it. Idempotent.
   */
  CompletableFuture<Void> startCastDeviceDiscovery();

  /** Withdraws this connection's interest in discovery. Idempotent. */
  CompletableFuture<Void> stopCastDeviceDiscovery();

  /**
   * The renderers known now. With a positive {@code search} (at most 10 s), searches first and answers after it.
   */
  CompletableFuture<List<CastDevice>> getCastDevices(Duration search);

  /**
   * Adds a renderer by the URL of its device description, for networks without multicast.
   *
   * <p>Errors: 6611106 (not an http:// URL), 6612001 (refused, unknown host), 6612002 (no answer in time),
   * 6612004 / 6612005 (HTTP error status), 6600108 (not a renderer Baton can cast to, unreadable description).
   */
  CompletableFuture<CastDevice> addCastDevice(String descriptionUrl);

  /**
   * Casts the session to the first device of {@code device} (a known renderer's id).
   *
   * <p>Errors: 401 (no device), 6600102 (no such session), 6600101 (already cast to that device), 6600108 (unknown or
   * unreachable renderer).
   */
  CompletableFuture<Void> startCasting(String sessionId, OutputDeviceInfo device);

  /** Stops the renderer and ends the session's cast; success when it is not being cast. */
  CompletableFuture<Void> stopCasting(String sessionId);

  /**
   * The cast controller of the session's current cast (the same object for repeated calls on this connection).
   *
   * <p>Errors: 6600102 (no such session), 6600109 (the session is not being cast).
   */
  CompletableFuture<AVCastController> getAVCastController(String sessionId);

  /** Registers a listener for renderers coming and going. */
  void addListener(Listener listener);

  /** Unregisters a listener. */
  void removeListener(Listener listener);

  /** Renderers coming and going. Every method has an empty default. */
  interface Listener {
    /** A renderer became known (by discovery or {@link #addCastDevice}). */
    default void onDeviceAvailable(CastDevice device) {}

    /** A renderer went away (it said goodbye, stopped answering, or its announcement expired). */
    default void onDeviceOffline(String deviceId) {}
  }
}
