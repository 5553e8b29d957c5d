package io.baton.cast.dlna;

import io.baton.api.AVCastControlCommand;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVQueueItem;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.CastDevice;
import io.baton.api.ConnectionState;
import io.baton.api.DeviceInfo;
import io.baton.api.Nullable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Baton's DLNA caster: discovery, renderers, and one {@link CastSession} per session being cast. jUPnP types never
 * leave this package; callers see {@code io.baton.api} values and {@link AVSessionException}s.
 *
 * <h2>Threading</h2>
 * All state lives on one cast thread ({@code baton-cast}); every public method hands its work to it and returns a
 * future, so callers (gRPC event loops) never block. Renderer calls and media checks run on a bounded I/O pool
 * ({@code baton-cast-io}, 8 threads, 256 queued; beyond that calls fail with 6600107). {@link Listener} methods run
 * on the cast thread and must not block.
 *
 * <h2>Lifecycle</h2>
 * {@link #start()} starts jUPnP in the background and returns at once; calls made before it finished fail with
 * 6600101. {@link #close()} ends every cast (the renderers play on) and shuts jUPnP down.
 */
public final class DlnaCaster implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DlnaCaster.class);
  private static final Duration SEARCH_PERIOD = Duration.ofSeconds(10);
  private static final long MAX_SEARCH_MS = 10_000;

  /** What the caster reports, on the cast thread. Every method has an empty default. */
  public interface Listener {
    default void onDeviceAvailable(CastDevice device) {}

    default void onDeviceOffline(String deviceId) {}

    /** A session's cast changed state; {@code device} is the renderer (CONNECTING, CONNECTED, DISCONNECTED). */
    default void onConnectionChange(String sessionId, ConnectionState state, DeviceInfo device) {}

    /** The full playback state of a session's renderer changed. */
    default void onPlaybackState(String sessionId, AVPlaybackState state) {}

    default void onMediaItem(String sessionId, AVQueueItem item) {}

    default void onSeekDone(String sessionId, long positionMs) {}

    default void onEndOfStream(String sessionId) {}

    default void onValidCommands(String sessionId, List<String> commands) {}

    /** A 6611xxx / 6612xxx error found while casting. */
    default void onError(String sessionId, AVSessionException error) {}
  }

  /** A cast's state, for readers. */
  public record CastStatus(DeviceInfo device, ConnectionState connection, AVPlaybackState state,
      @Nullable AVQueueItem item, List<String> validCommands, List<Double> supportedSpeeds) {}

  private final CastConfig config;
  private final Listener listener;
  private final ExecutorService executor;
  private final ThreadPoolExecutor io;
  private final ScheduledExecutorService scheduler;
  private final MediaFileServer files = new MediaFileServer();
  private final MediaUrlCheck urlCheck;
  private final UpnpEngine engine;
  // Confined to the cast thread.
  private final Map<String, CastSession> casts = new HashMap<>();
  private final Set<Object> discoveryOwners = new HashSet<>();
  private @Nullable ScheduledFuture<?> searching;
  private volatile boolean closed;

  /** A caster; nothing runs until {@link #start()}. */
  public DlnaCaster(CastConfig config, Listener listener) {
    this.config = config;
    this.listener = listener;
    this.executor = Executors.newSingleThreadExecutor(daemonThreads("baton-cast"));
    this.io = new ThreadPoolExecutor(8, 8, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256),
        daemonThreads("baton-cast-io"));
    io.allowCoreThreadTimeOut(true);
    this.scheduler = Executors.newSingleThreadScheduledExecutor(daemonThreads("baton-cast-timer"));
    this.urlCheck = new MediaUrlCheck(config.controlDeadline(), config.cleartextAllowed());
    this.engine = new UpnpEngine(config, executor, io, new UpnpEngine.Listener() {
      @Override
      public void onRendererAdded(Renderer renderer) {
        listener.onDeviceAvailable(renderer.castDevice());
      }

      @Override
      public void onRendererRemoved(String deviceId) {
        rendererGone(deviceId, null);
        listener.onDeviceOffline(deviceId);
      }
    });
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + (name.endsWith("io") ? "-" + n.incrementAndGet() : ""));
      t.setDaemon(true);
      return t;
    };
  }

  /** Starts the UPnP control point in the background. */
  public void start() {
    io.execute(() -> {
      try {
        engine.start();
        executor.execute(() -> {
          if (!discoveryOwners.isEmpty()) {
            startSearching();
          }
        });
      } catch (RuntimeException e) {
        log.error("the UPnP control point did not start; casting is unavailable", e);
      }
    });
  }

  /** Runs {@code task} on the cast thread; its failures (thrown or returned) fail the future. */
  private <T> CompletableFuture<T> onCastThread(Supplier<CompletableFuture<T>> task) {
    CompletableFuture<T> result = new CompletableFuture<>();
    try {
      executor.execute(() -> {
        try {
          if (closed) {
            throw new AVSessionException(AVSessionErrorCode.SERVICE_EXCEPTION, "the daemon is shutting down");
          }
          task.get().whenComplete((value, error) -> {
            if (error != null) {
              result.completeExceptionally(CastSession.unwrap(error));
            } else {
              result.complete(value);
            }
          });
        } catch (RuntimeException e) {
          result.completeExceptionally(CastSession.unwrap(e));
        }
      });
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new AVSessionException(AVSessionErrorCode.SERVICE_EXCEPTION,
          "the daemon is shutting down"));
    }
    return result;
  }

  private void requireStarted() {
    if (!engine.isStarted()) {
      throw new AVSessionException(AVSessionErrorCode.SERVICE_EXCEPTION,
          "the UPnP control point is still starting (or failed to start: see the daemon's log)");
    }
  }

  // ------------------------------------------------------------------------------------------------ discovery

  /** Adds {@code owner}'s interest in discovery (idempotent per owner). */
  public CompletableFuture<Void> startDiscovery(Object owner) {
    return onCastThread(() -> {
      if (discoveryOwners.add(owner) && discoveryOwners.size() == 1 && engine.isStarted()) {
        startSearching();
      }
      return CompletableFuture.completedFuture(null);
    });
  }

  /** Withdraws {@code owner}'s interest in discovery (idempotent). */
  public CompletableFuture<Void> stopDiscovery(Object owner) {
    return onCastThread(() -> {
      if (discoveryOwners.remove(owner) && discoveryOwners.isEmpty() && searching != null) {
        searching.cancel(false);
        searching = null;
        log.info("discovery stopped");
      }
      return CompletableFuture.completedFuture(null);
    });
  }

  private void startSearching() {
    if (searching == null) {
      log.info("discovery started");
      searching = scheduler.scheduleWithFixedDelay(() -> io.execute(engine::search), 0, SEARCH_PERIOD.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  /** The known renderers; after a search of {@code search} when it is positive (at most 10 s). */
  public CompletableFuture<List<CastDevice>> devices(Duration search) {
    long ms = Math.min(MAX_SEARCH_MS, Math.max(0, search.toMillis()));
    if (ms == 0) {
      return onCastThread(() -> CompletableFuture.completedFuture(deviceList()));
    }
    return onCastThread(() -> {
      requireStarted();
      io.execute(engine::search);
      CompletableFuture<List<CastDevice>> later = new CompletableFuture<>();
      scheduler.schedule(() -> executor.execute(() -> later.complete(deviceList())), ms, TimeUnit.MILLISECONDS);
      return later;
    });
  }

  private List<CastDevice> deviceList() {
    List<CastDevice> list = new ArrayList<>();
    for (Renderer r : engine.renderers()) {
      list.add(r.castDevice());
    }
    list.sort(java.util.Comparator.comparing(d -> d.info().deviceName()));
    return list;
  }

  /** Adds the renderer whose device description is at {@code url}. */
  public CompletableFuture<CastDevice> addDevice(String url) {
    return onCastThread(() -> {
      requireStarted();
      return CompletableFuture.supplyAsync(() -> engine.add(url, r -> { }), io)
          .thenApplyAsync(renderer -> {
            engine.register(renderer);
            return renderer.castDevice();
          }, executor);
    });
  }

  // ------------------------------------------------------------------------------------------------ casting

  /**
   * Casts {@code sessionId} to {@code deviceId}: CONNECTING now, CONNECTED once the renderer answered.
   *
   * @throws AVSessionException (in the future) 6600108 unknown or unreachable renderer, 6600101 already cast there
   */
  public CompletableFuture<Void> startCasting(String sessionId, String deviceId) {
    return onCastThread(() -> {
      requireStarted();
      Renderer renderer = engine.renderer(deviceId);
      if (renderer == null) {
        throw new AVSessionException(AVSessionErrorCode.DEVICE_CONNECTION_FAILED, "no renderer " + deviceId
            + " is known (it went away, or was never found: run discovery or add it by address)");
      }
      CastSession current = casts.get(sessionId);
      CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);
      if (current != null) {
        if (current.renderer.id().equals(deviceId)) {
          throw new AVSessionException(AVSessionErrorCode.SERVICE_EXCEPTION,
              "session " + sessionId + " is already cast to " + deviceId);
        }
        casts.remove(sessionId);
        previous = current.stop();
      }
      CastSession cast = new CastSession(sessionId, renderer, config, executor, scheduler, files, urlCheck,
          System::currentTimeMillis, sessionEvents(renderer));
      return previous.thenComposeAsync(v -> {
        casts.put(sessionId, cast);
        listener.onConnectionChange(sessionId, ConnectionState.CONNECTING, renderer.castDevice().info());
        return cast.connect().whenCompleteAsync((ok, error) -> {
          if (error != null && casts.get(sessionId) == cast) {
            casts.remove(sessionId);
            cast.release();
          }
        }, executor);
      }, executor).exceptionally(error -> {
        AVSessionException e = CastSession.unwrap(error);
        throw e.errorCode() == AVSessionErrorCode.DEVICE_CONNECTION_FAILED
            || e.errorCode() == AVSessionErrorCode.ERR_CODE_TIMEOUT
            ? new AVSessionException(AVSessionErrorCode.DEVICE_CONNECTION_FAILED,
                "cannot connect to renderer " + deviceId + ": " + e.detail(), e)
            : e;
      });
    });
  }

  private CastSession.Events sessionEvents(Renderer renderer) {
    DeviceInfo device = renderer.castDevice().info();
    return new CastSession.Events() {
      @Override
      public void onConnectionChange(String sessionId, ConnectionState state) {
        if (state == ConnectionState.DISCONNECTED) {
          CastSession cast = casts.get(sessionId);
          if (cast != null && cast.renderer == renderer && cast.connection() == ConnectionState.DISCONNECTED) {
            casts.remove(sessionId);
          }
        }
        listener.onConnectionChange(sessionId, state, device);
      }

      @Override
      public void onPlaybackState(String sessionId, AVPlaybackState state) {
        listener.onPlaybackState(sessionId, state);
      }

      @Override
      public void onMediaItem(String sessionId, AVQueueItem item) {
        listener.onMediaItem(sessionId, item);
      }

      @Override
      public void onSeekDone(String sessionId, long positionMs) {
        listener.onSeekDone(sessionId, positionMs);
      }

      @Override
      public void onEndOfStream(String sessionId) {
        listener.onEndOfStream(sessionId);
      }

      @Override
      public void onValidCommands(String sessionId, List<String> commands) {
        listener.onValidCommands(sessionId, commands);
      }

      @Override
      public void onError(String sessionId, AVSessionException error) {
        listener.onError(sessionId, error);
      }

      @Override
      public void onRendererGone(String sessionId, String deviceId, AVSessionException why) {
        engine.forget(deviceId);
      }
    };
  }

  /** Ends the casts to a renderer that went away (the renderer cannot be told anything any more). */
  private void rendererGone(String deviceId, @Nullable AVSessionException why) {
    for (CastSession cast : new ArrayList<>(casts.values())) {
      if (cast.renderer.id().equals(deviceId)) {
        casts.remove(cast.sessionId);
        cast.release();
      }
    }
  }

  /** Stops the renderer and ends the session's cast; nothing when it is not being cast. */
  public CompletableFuture<Void> stopCasting(String sessionId) {
    return onCastThread(() -> {
      CastSession cast = casts.remove(sessionId);
      return cast == null ? CompletableFuture.completedFuture(null) : cast.stop();
    });
  }

  /** The session was destroyed: ends its cast, letting the renderer play on (upstream's ACTION_CONTINUE_PLAY). */
  public void sessionGone(String sessionId) {
    onCastThread(() -> {
      CastSession cast = casts.remove(sessionId);
      if (cast != null) {
        cast.release();
      }
      return CompletableFuture.completedFuture(null);
    });
  }

  /** The sessions being cast now. */
  public CompletableFuture<List<String>> castingSessions() {
    return onCastThread(() -> CompletableFuture.completedFuture(new ArrayList<>(casts.keySet())));
  }

  private CastSession cast(String sessionId) {
    CastSession cast = casts.get(sessionId);
    if (cast == null || cast.connection() == ConnectionState.DISCONNECTED) {
      throw new AVSessionException(AVSessionErrorCode.REMOTE_CONNECTION_NOT_EXIST,
          "session " + sessionId + " is not being cast");
    }
    return cast;
  }

  /** Whether the session is being cast. */
  public CompletableFuture<Boolean> isCasting(String sessionId) {
    return onCastThread(() -> CompletableFuture.completedFuture(casts.containsKey(sessionId)));
  }

  /** Loads {@code item} on the session's renderer, and plays it when {@code play}. */
  public CompletableFuture<Void> load(String sessionId, AVQueueItem item, boolean play) {
    return onCastThread(() -> cast(sessionId).load(item, play));
  }

  /** Sends a command to the session's renderer, after the checks of {@link CastSession#command}. */
  public CompletableFuture<Void> command(String sessionId, AVCastControlCommand command) {
    return onCastThread(() -> cast(sessionId).command(command));
  }

  /** The session's cast state. */
  public CompletableFuture<CastStatus> status(String sessionId) {
    return onCastThread(() -> {
      CastSession cast = cast(sessionId);
      return CompletableFuture.completedFuture(new CastStatus(cast.renderer.castDevice().info(), cast.connection(),
          cast.state(), cast.item(), cast.validCommands(), cast.supportedSpeeds()));
    });
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    CompletableFuture<Void> released = new CompletableFuture<>();
    try {
      executor.execute(() -> {
        closed = true;
        casts.values().forEach(CastSession::release);
        casts.clear();
        released.complete(null);
      });
      released.get(2, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.debug("casts not released in time: {}", e.toString());
    }
    closed = true;
    scheduler.shutdownNow();
    engine.close();
    files.close();
    io.shutdownNow();
    executor.shutdownNow();
  }
}
