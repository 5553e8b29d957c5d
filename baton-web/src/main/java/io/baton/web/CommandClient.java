package io.baton.web;

import io.baton.api.AVCastController;
import io.baton.api.AVCastManager;
import io.baton.api.AVControlCommand;
import io.baton.api.AVQueueItem;
import io.baton.api.AVSessionController;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.AVSessionManager;
import io.baton.api.Nullable;
import io.baton.api.OutputDeviceInfo;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one principal's commands: a connection to the daemon under that principal's app id ({@code web.<n>} for a
 * browser) with a controller per session it commanded, created on first use. Giving each browser its own app id
 * gives it its own rate limit and names it in the session's {@code CommandInfo}. Casts go through the same
 * connection's cast manager, with the same calls as {@code baton cast start} and {@code baton cast stop}.
 *
 * <h2>Threading</h2>
 * Thread-safe. The connection is opened lazily by {@code connector} (which may block) and opened again after a failed
 * attempt; a controller whose session or connection failed is dropped so that the next command creates a new one.
 */
/* package */ final class CommandClient implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CommandClient.class);

  private final String appId;
  private final Supplier<CompletableFuture<AVSessionManager>> connector;
  private final boolean ownsManager;
  private final Map<String, CompletableFuture<AVSessionController>> controllers = new ConcurrentHashMap<>();
  private final Object lock = new Object();
  // @GuardedBy("lock")
  private @Nullable CompletableFuture<AVSessionManager> manager;
  // @GuardedBy("lock")
  private boolean closed;

  /**
   * @param connector opens the connection (called again after a failure)
   * @param ownsManager whether {@link #close()} closes the connection (false for the hub's shared one)
   */
  CommandClient(String appId, Supplier<CompletableFuture<AVSessionManager>> connector, boolean ownsManager) {
    this.appId = appId;
    this.connector = connector;
    this.ownsManager = ownsManager;
  }

  String appId() {
    return appId;
  }

  /** Sends {@code command} to {@code sessionId}; completes when the session's app has run it. */
  CompletableFuture<Void> send(String sessionId, AVControlCommand command) {
    CompletableFuture<AVSessionController> controller =
        controllers.computeIfAbsent(sessionId, id -> manager().thenCompose(m -> m.createController(id)));
    return controller
        .thenCompose(c -> c.sendControlCommand(command))
        .whenComplete((v, error) -> {
          if (error != null && isStale(AVSessionException.fromThrowable(error).errorCode())) {
            controllers.remove(sessionId, controller);
          }
        });
  }

  /** Moves a session's output to a paired device, or back with {@code "local"} (castAudio). */
  CompletableFuture<Void> moveSession(String sessionId, String device) {
    return manager().thenCompose(m -> m.getDeviceManager().moveSession(sessionId, device));
  }

  /**
   * Casts a session to a renderer and plays {@code item} there: {@code startCasting} (unless the session is cast to
   * that renderer already), then the cast controller's {@code start}. When the media cannot be loaded, a cast begun
   * here is stopped again, so that the session does not stay cast to a renderer that plays nothing.
   *
   * @param alreadyCast whether the session is cast to {@code target} already (then only the media changes)
   * @return completes when the renderer accepted the media; fails as the first failing call
   */
  CompletableFuture<Void> castTo(String sessionId, OutputDeviceInfo target, AVQueueItem item, boolean alreadyCast) {
    return manager().thenCompose(m -> {
      AVCastManager cast = m.getCastManager();
      CompletableFuture<Void> connected = alreadyCast
          ? CompletableFuture.completedFuture(null) : cast.startCasting(sessionId, target);
      return connected.thenCompose(v -> cast.getAVCastController(sessionId)
          .thenCompose(controller -> play(controller, item))
          .handle((ok, error) -> {
            if (error == null || alreadyCast) {
              return error == null ? CompletableFuture.<Void>completedFuture(null)
                  : CompletableFuture.<Void>failedFuture(error);
            }
            AVSessionException failure = castEnded(AVSessionException.fromThrowable(error), target);
            return cast.stopCasting(sessionId).<Void>handle((stopped, stopError) -> {
              if (stopError != null) {
                log.warn("ending the failed cast of {} failed: {}", sessionId, stopError.toString());
              }
              throw failure;
            });
          })
          .thenCompose(f -> f));
    });
  }

  /**
   * The error to report when a cast begun by {@link #castTo} failed before its media played. The cast manager
   * accepts a cast and only then finds the renderer unreachable (its first poll fails; the cast ends, the session
   * goes local): the next call then meets no cast (6600109) or a released controller (6600103). To the person who
   * asked for the cast, that is the renderer's connection failing: 6600108.
   */
  private static AVSessionException castEnded(AVSessionException error, OutputDeviceInfo target) {
    AVSessionErrorCode code = error.errorCode();
    if (code != AVSessionErrorCode.REMOTE_CONNECTION_NOT_EXIST && code != AVSessionErrorCode.CONTROLLER_NOT_EXIST) {
      return error;
    }
    String device = target.devices().isEmpty() ? "the renderer" : target.devices().get(0).deviceId();
    return new AVSessionException(AVSessionErrorCode.DEVICE_CONNECTION_FAILED, "the cast to " + device
        + " ended before its media could be loaded: the renderer did not answer (" + error.detail() + ")", error);
  }

  /** Starts {@code item} on the renderer, then lets the controller go (the cast goes on without it). */
  private static CompletableFuture<Void> play(AVCastController controller, AVQueueItem item) {
    return controller.start(item).whenComplete((ok, error) -> controller.release());
  }

  /** Ends the session's cast (the renderer stops; the session plays locally again). */
  CompletableFuture<Void> stopCasting(String sessionId) {
    return manager().thenCompose(m -> m.getCastManager().stopCasting(sessionId));
  }

  /** Destroys the controller of a session that is gone. */
  void forget(String sessionId) {
    CompletableFuture<AVSessionController> controller = controllers.remove(sessionId);
    if (controller != null) {
      controller.thenAccept(AVSessionController::destroy);
    }
  }

  private CompletableFuture<AVSessionManager> manager() {
    synchronized (lock) {
      if (closed) {
        return CompletableFuture.failedFuture(
            new AVSessionException(AVSessionErrorCode.SERVICE_EXCEPTION, "the web bridge is closing"));
      }
      if (manager == null || manager.isCompletedExceptionally()) {
        manager = connector.get();
      }
      return manager;
    }
  }

  /** Errors after which the cached controller is useless. */
  private static boolean isStale(AVSessionErrorCode code) {
    return code == AVSessionErrorCode.SESSION_NOT_EXIST
        || code == AVSessionErrorCode.CONTROLLER_NOT_EXIST
        || code == AVSessionErrorCode.SERVICE_EXCEPTION;
  }

  /** Destroys the controllers and, if owned, closes the connection. Idempotent. */
  @Override
  public void close() {
    CompletableFuture<AVSessionManager> toClose;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      toClose = manager;
    }
    controllers.keySet().forEach(this::forget);
    if (ownsManager && toClose != null) {
      toClose.thenAccept(m -> {
        try {
          m.close();
        } catch (RuntimeException e) {
          log.warn("closing the command connection {} failed: {}", appId, e.toString());
        }
      });
    }
  }
}
