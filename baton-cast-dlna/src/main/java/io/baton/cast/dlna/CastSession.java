package io.baton.cast.dlna;

import io.baton.api.AVCastControlCommand;
import io.baton.api.AVCastControlCommandType;
import io.baton.api.AVMediaDescription;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVQueueItem;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.ConnectionState;
import io.baton.api.LoopMode;
import io.baton.api.Nullable;
import io.baton.api.PlaybackPosition;
import io.baton.api.PlaybackState;
import io.baton.cast.dlna.Renderer.Kind;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jupnp.controlpoint.SubscriptionCallback;
import org.jupnp.model.gena.CancelReason;
import org.jupnp.model.gena.GENASubscription;
import org.jupnp.model.message.UpnpResponse;
import org.jupnp.model.state.StateVariableValue;
import org.jupnp.support.contentdirectory.DIDLParser;
import org.jupnp.support.model.DIDLContent;
import org.jupnp.support.model.ProtocolInfo;
import org.jupnp.support.model.Res;
import org.jupnp.support.model.item.Item;
import org.jupnp.support.model.item.MusicTrack;
import org.jupnp.support.model.item.VideoItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session's cast to one renderer: what the renderer is doing (from GENA {@code LastChange} events and polls),
 * the checks a command passes before it is sent, the stall watchdog and end-of-stream detection.
 *
 * <h2>Threading</h2>
 * Confined to the cast executor (a single thread): every field is read and written there, and every renderer answer
 * is handed back there before it is applied. Renderer calls run on the I/O executor ({@link Renderer#invoke}).
 */
final class CastSession {
  private static final Logger log = LoggerFactory.getLogger(CastSession.class);
  /** After this many polls in a row without an answer the renderer is considered gone. */
  private static final int MAX_FAILED_POLLS = 3;
  /** Upstream's default jump for fastForward / rewind without a parameter. */
  private static final long DEFAULT_SKIP_MS = 15_000;

  /** What a cast reports; called on the cast executor. */
  interface Events {
    void onConnectionChange(String sessionId, ConnectionState state);

    void onPlaybackState(String sessionId, AVPlaybackState state);

    void onMediaItem(String sessionId, AVQueueItem item);

    void onSeekDone(String sessionId, long positionMs);

    void onEndOfStream(String sessionId);

    void onValidCommands(String sessionId, List<String> commands);

    void onError(String sessionId, AVSessionException error);

    /** The renderer stopped answering: the cast is over and the renderer should be forgotten. */
    void onRendererGone(String sessionId, String deviceId, AVSessionException why);
  }

  final String sessionId;
  final Renderer renderer;
  private final CastConfig config;
  private final Executor executor;
  private final ScheduledExecutorService scheduler;
  private final MediaFileServer files;
  private final MediaUrlCheck urlCheck;
  private final LongSupplier wallClock;
  private final Events events;

  private ConnectionState connection = ConnectionState.CONNECTING;
  private String transportState = "";
  private String transportStatus = "OK";
  private long positionMs;
  private long positionTimeMs;
  private long durationMs;
  private double speed = 1.0;
  private LoopMode loopMode = LoopMode.SEQUENCE;
  private int volume;
  private boolean muted;
  private @Nullable AVQueueItem item;
  private @Nullable URI servedFile;
  private @Nullable String mediaUrl;
  private @Nullable Set<String> transportActions;
  private List<String> validCommands = List.of();
  private @Nullable AVPlaybackState published;
  private boolean stopRequested;
  private long stallSinceNanos;
  private boolean stallReported;
  private int failedPolls;
  private boolean polling;
  private @Nullable ScheduledFuture<?> pollTask;
  private @Nullable SubscriptionCallback subscription;

  CastSession(String sessionId, Renderer renderer, CastConfig config, Executor executor,
      ScheduledExecutorService scheduler, MediaFileServer files, MediaUrlCheck urlCheck, LongSupplier wallClock,
      Events events) {
    this.sessionId = sessionId;
    this.renderer = renderer;
    this.config = config;
    this.executor = executor;
    this.scheduler = scheduler;
    this.files = files;
    this.urlCheck = urlCheck;
    this.wallClock = wallClock;
    this.events = events;
  }

  ConnectionState connection() {
    return connection;
  }

  // ------------------------------------------------------------------------------------------------ lifecycle

  /** Subscribes to the renderer's events and reads its state; CONNECTED once the first poll answered. */
  CompletableFuture<Void> connect() {
    subscribe();
    CompletableFuture<Void> first = readRenderingControl().thenCompose(v -> pollOnce());
    return first.thenRun(() -> {
      if (connection == ConnectionState.DISCONNECTED) {
        // The first poll found the renderer gone (and released the cast): the cast never started.
        throw new AVSessionException(AVSessionErrorCode.DEVICE_CONNECTION_FAILED,
            "renderer " + renderer.id() + " did not answer");
      }
      if (connection == ConnectionState.CONNECTING) {
        connection = ConnectionState.CONNECTED;
        events.onConnectionChange(sessionId, connection);
        long period = config.pollInterval().toMillis();
        pollTask = scheduler.scheduleWithFixedDelay(() -> executor.execute(this::tick), period, period,
            TimeUnit.MILLISECONDS);
      }
    });
  }

  /** Ends the cast without touching the renderer (it plays on): the session was destroyed or the renderer is gone. */
  void release() {
    if (connection == ConnectionState.DISCONNECTED) {
      return;
    }
    connection = ConnectionState.DISCONNECTED;
    if (pollTask != null) {
      pollTask.cancel(false);
    }
    SubscriptionCallback s = subscription;
    subscription = null;
    if (s != null) {
      try {
        s.end();
      } catch (RuntimeException e) {
        log.debug("ending the GENA subscription failed: {}", e.toString());
      }
    }
    if (servedFile != null) {
      files.unpublish(servedFile);
      servedFile = null;
    }
    events.onConnectionChange(sessionId, ConnectionState.DISCONNECTED);
  }

  /** Stops the renderer, then ends the cast (whatever the renderer answered). */
  CompletableFuture<Void> stop() {
    stopRequested = true;
    return renderer.invoke(Kind.AV_TRANSPORT, "Stop", Map.of())
        .handleAsync((out, error) -> {
          if (error != null) {
            log.debug("Stop while ending the cast of {} failed: {}", sessionId, error.toString());
          }
          release();
          return null;
        }, executor);
  }

  // ------------------------------------------------------------------------------------------------ GENA

  private void subscribe() {
    var service = renderer.service(Kind.AV_TRANSPORT);
    SubscriptionCallback callback = new SubscriptionCallback(service, 300) {
      @Override
      protected void established(GENASubscription subscription) {
        log.debug("GENA subscription {} to {} established", subscription.getSubscriptionId(), renderer.id());
      }

      @Override
      protected void failed(GENASubscription subscription, UpnpResponse response, Exception exception,
          String defaultMsg) {
        // Polling carries on alone; events only make changes show sooner.
        log.info("no GENA events from {} (polling only): {}", renderer.id(), defaultMsg);
      }

      @Override
      protected void ended(GENASubscription subscription, CancelReason reason, UpnpResponse response) {
        log.debug("GENA subscription to {} ended: {}", renderer.id(), reason);
      }

      @Override
      protected void eventReceived(GENASubscription subscription) {
        @SuppressWarnings("unchecked")
        Map<String, StateVariableValue<?>> values = subscription.getCurrentValues();
        StateVariableValue<?> lastChange = values.get("LastChange");
        if (lastChange != null && lastChange.getValue() != null) {
          Map<String, String> changes = UpnpValues.parseLastChange(lastChange.getValue().toString());
          // jUPnP calls back on its own threads: hand over at once, never work here.
          executor.execute(() -> applyLastChange(changes));
        }
      }

      @Override
      protected void eventsMissed(GENASubscription subscription, int numberOfMissedEvents) {
        executor.execute(CastSession.this::pollOnce);
      }
    };
    subscription = callback;
    renderer.controlPoint().execute(callback);
  }

  private void applyLastChange(Map<String, String> changes) {
    if (connection == ConnectionState.DISCONNECTED || changes.isEmpty()) {
      return;
    }
    if (!eventsSeen) {
      eventsSeen = true;
      log.info("session {}: GENA LastChange events from renderer {} arrive", sessionId, renderer.id());
    }
    log.debug("session {}: LastChange {}", sessionId, changes.keySet());
    String state = changes.get("TransportState");
    if (changes.containsKey("TransportStatus")) {
      transportStatus = changes.get("TransportStatus");
    }
    if (changes.containsKey("CurrentTransportActions")) {
      applyActions(changes.get("CurrentTransportActions"));
    }
    if (changes.containsKey("CurrentTrackDuration")) {
      long d = UpnpValues.parseTime(changes.get("CurrentTrackDuration"));
      if (d > 0) {
        durationMs = d;
      }
    }
    if (changes.containsKey("CurrentPlayMode")) {
      loopMode = UpnpValues.loopMode(changes.get("CurrentPlayMode"));
    }
    if (state != null) {
      applyTransportState(state);
    }
    publish();
  }

  // ------------------------------------------------------------------------------------------------ polling

  private void tick() {
    if (connection != ConnectionState.CONNECTED || polling) {
      return;
    }
    pollOnce();
  }

  private CompletableFuture<Void> pollOnce() {
    polling = true;
    CompletableFuture<Void> done = renderer.invoke(Kind.AV_TRANSPORT, "GetTransportInfo", Map.of())
        .thenCombine(renderer.invoke(Kind.AV_TRANSPORT, "GetPositionInfo", Map.of()), (transport, position) -> {
          executor.execute(() -> {
            failedPolls = 0;
            transportStatus = transport.getOrDefault("CurrentTransportStatus", "OK");
            long d = UpnpValues.parseTime(position.get("TrackDuration"));
            if (d > 0) {
              durationMs = d;
            }
            long p = UpnpValues.parseTime(position.get("RelTime"));
            if (p >= 0) {
              positionMs = p;
              positionTimeMs = wallClock.getAsLong();
            }
            applyTransportState(transport.getOrDefault("CurrentTransportState", ""));
          });
          return null;
        });
    if (renderer.hasAction(Kind.AV_TRANSPORT, "GetCurrentTransportActions")) {
      done = done.thenCompose(v -> renderer.invoke(Kind.AV_TRANSPORT, "GetCurrentTransportActions", Map.of()))
          .thenAccept(out -> executor.execute(() -> applyActions(out.getOrDefault("Actions", ""))));
    }
    return done.handleAsync((v, error) -> {
      polling = false;
      if (error != null) {
        pollFailed(AVSessionException.fromThrowable(error));
      } else {
        watchdog();
        if (transportActions == null) {
          updateValidCommands();
        }
        publish();
      }
      return null;
    }, executor);
  }

  private void pollFailed(AVSessionException error) {
    if (connection == ConnectionState.DISCONNECTED) {
      return;
    }
    boolean unreachable = error.errorCode() == AVSessionErrorCode.DEVICE_CONNECTION_FAILED;
    if (unreachable || ++failedPolls >= MAX_FAILED_POLLS) {
      log.warn("renderer {} of session {} is gone: {}", renderer.id(), sessionId, error.getMessage());
      release();
      events.onRendererGone(sessionId, renderer.id(), error);
    } else {
      log.debug("poll of {} failed ({} in a row): {}", renderer.id(), failedPolls, error.getMessage());
    }
  }

  private CompletableFuture<Void> readRenderingControl() {
    if (!renderer.hasAction(Kind.RENDERING_CONTROL, "GetVolume")) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> vol = renderer.invoke(Kind.RENDERING_CONTROL, "GetVolume", Map.of("Channel", "Master"))
        .thenAccept(out -> executor.execute(() -> volume = parseInt(out.get("CurrentVolume"), volume)));
    CompletableFuture<Void> mute = renderer.hasAction(Kind.RENDERING_CONTROL, "GetMute")
        ? renderer.invoke(Kind.RENDERING_CONTROL, "GetMute", Map.of("Channel", "Master"))
            .thenAccept(out -> executor.execute(() -> muted = isTrue(out.get("CurrentMute"))))
        : CompletableFuture.completedFuture(null);
    // Volume is nice to have: a renderer that fails these still casts.
    return CompletableFuture.allOf(vol, mute).exceptionally(e -> null);
  }

  private void applyTransportState(String state) {
    if (state.isEmpty() || state.equals(transportState)) {
      return;
    }
    String before = transportState;
    transportState = state;
    boolean wasPlaying = before.equals("PLAYING") || before.equals("TRANSITIONING");
    boolean nowStopped = state.equals("STOPPED") || state.equals("NO_MEDIA_PRESENT");
    if (wasPlaying && nowStopped && !stopRequested && item != null) {
      endOfStream = true;
      events.onEndOfStream(sessionId);
    } else if (!nowStopped) {
      endOfStream = false;
    }
    if (state.equals("PLAYING")) {
      stopRequested = false;
    }
    if (transportActions == null) {
      updateValidCommands();
    }
  }

  private boolean endOfStream;
  private boolean eventsSeen;

  /** A renderer that claims to play while its position stays at 0 cannot fetch or decode the media. */
  private void watchdog() {
    if (!transportState.equals("PLAYING") || positionMs > 0 || item == null) {
      stallSinceNanos = 0;
      return;
    }
    long now = System.nanoTime();
    if (stallSinceNanos == 0) {
      stallSinceNanos = now;
      return;
    }
    if (stallReported || now - stallSinceNanos < config.stallTimeout().toNanos()) {
      return;
    }
    stallReported = true;
    boolean renderError = "ERROR_OCCURRED".equals(transportStatus);
    AVSessionException error = new AVSessionException(
        renderError ? AVSessionErrorCode.ERR_CODE_IO_READ_ERROR : AVSessionErrorCode.ERR_CODE_IO_UNSPECIFIED,
        "the renderer has reported PLAYING at 0:00 for " + config.stallTimeout().toMillis() + " ms"
            + (renderError ? " with status ERROR_OCCURRED" : "") + ": it cannot fetch or play " + mediaUrl);
    log.info("session {}: {}", sessionId, error.getMessage());
    events.onError(sessionId, error);
    // Such a renderer ignores new URIs until it is stopped; stop it so the next start works.
    stopRequested = true;
    renderer.invoke(Kind.AV_TRANSPORT, "Stop", Map.of()).exceptionally(e -> null);
  }

  // ------------------------------------------------------------------------------------------------ state

  private void applyActions(String csv) {
    Set<String> actions = new LinkedHashSet<>();
    for (String a : csv.split(",")) {
      if (!a.isBlank()) {
        // Renderers differ in case ("Play" in the spec, "PLAY" from gmediarender).
        actions.add(a.trim().toUpperCase(java.util.Locale.ROOT));
      }
    }
    transportActions = actions;
    updateValidCommands();
  }

  /** The transport actions a renderer that cannot tell allows in each state. */
  private Set<String> impliedActions() {
    switch (transportState) {
      case "PLAYING":
      case "TRANSITIONING":
        return Set.of("PAUSE", "STOP", "SEEK");
      case "PAUSED_PLAYBACK":
        return Set.of("PLAY", "STOP", "SEEK");
      case "NO_MEDIA_PRESENT":
        return Set.of();
      default:
        return Set.of("PLAY", "SEEK");
    }
  }

  private void updateValidCommands() {
    Set<String> actions = transportActions != null ? transportActions : impliedActions();
    List<String> commands = new ArrayList<>();
    if (actions.contains("PLAY")) {
      commands.add(AVCastControlCommandType.PLAY.commandName());
    }
    if (actions.contains("PAUSE")) {
      commands.add(AVCastControlCommandType.PAUSE.commandName());
    }
    if (actions.contains("STOP")) {
      commands.add(AVCastControlCommandType.STOP.commandName());
    }
    if (actions.contains("NEXT")) {
      commands.add(AVCastControlCommandType.PLAY_NEXT.commandName());
    }
    if (actions.contains("PREVIOUS")) {
      commands.add(AVCastControlCommandType.PLAY_PREVIOUS.commandName());
    }
    if (actions.contains("SEEK") || actions.contains("X_DLNA_SEEKTIME")) {
      commands.add(AVCastControlCommandType.SEEK.commandName());
      commands.add(AVCastControlCommandType.FAST_FORWARD.commandName());
      commands.add(AVCastControlCommandType.REWIND.commandName());
    }
    if (renderer.hasAction(Kind.RENDERING_CONTROL, "SetVolume")) {
      commands.add(AVCastControlCommandType.SET_VOLUME.commandName());
    }
    if (renderer.hasAction(Kind.RENDERING_CONTROL, "SetMute")) {
      commands.add(AVCastControlCommandType.TOGGLE_MUTE.commandName());
    }
    // As upstream's cast command set: speed and loop mode are always offered, and checked per value.
    commands.add(AVCastControlCommandType.SET_SPEED.commandName());
    commands.add(AVCastControlCommandType.SET_LOOP_MODE.commandName());
    if (!commands.equals(validCommands)) {
      validCommands = List.copyOf(commands);
      events.onValidCommands(sessionId, validCommands);
    }
  }

  List<String> validCommands() {
    return validCommands;
  }

  /** Speeds the renderer declares in TransportPlaySpeed (1 when it declares none). */
  List<Double> supportedSpeeds() {
    List<Double> speeds = new ArrayList<>();
    for (String value : renderer.allowedValues(Kind.AV_TRANSPORT, "TransportPlaySpeed")) {
      Double s = UpnpValues.parseSpeed(value);
      if (s != null && s > 0 && !speeds.contains(s)) {
        speeds.add(s);
      }
    }
    return speeds.isEmpty() ? List.of(1.0) : speeds;
  }

  private List<String> speedValues() {
    List<String> values = renderer.allowedValues(Kind.AV_TRANSPORT, "TransportPlaySpeed");
    return values.isEmpty() ? List.of("1") : values;
  }

  /** Every field set. */
  AVPlaybackState state() {
    PlaybackState state = endOfStream ? PlaybackState.COMPLETED : UpnpValues.playbackState(transportState);
    return AVPlaybackState.builder()
        .setState(state)
        .setSpeed(speed)
        .setPosition(new PlaybackPosition(positionMs, positionTimeMs))
        .setDurationMs((int) Math.min(Integer.MAX_VALUE, durationMs))
        .setLoopMode(loopMode)
        .setVolume(volume)
        .setMaxVolume(100)
        .setMuted(muted)
        .setActiveItemId(item == null ? 0 : item.itemId())
        .build();
  }

  @Nullable AVQueueItem item() {
    return item;
  }

  private void publish() {
    AVPlaybackState now = state();
    if (!now.equals(published)) {
      published = now;
      events.onPlaybackState(sessionId, now);
    }
  }

  // ------------------------------------------------------------------------------------------------ media

  /** Checks the item's media, loads it (SetAVTransportURI with DIDL-Lite), and plays it when {@code play}. */
  CompletableFuture<Void> load(AVQueueItem newItem, boolean play) {
    AVMediaDescription d = newItem.description();
    String uri = d.mediaUri();
    CompletableFuture<Media> media;
    if (uri.regionMatches(true, 0, "file:", 0, 5)) {
      media = CompletableFuture.supplyAsync(() -> serveFile(uri), renderer.io());
    } else {
      media = CompletableFuture.supplyAsync(() -> new Media(uri, urlCheck.check(uri), null), renderer.io());
    }
    return media.thenComposeAsync(m -> {
      boolean busy = transportState.equals("PLAYING") || transportState.equals("PAUSED_PLAYBACK")
          || transportState.equals("TRANSITIONING");
      CompletableFuture<?> stopped = CompletableFuture.completedFuture(null);
      if (busy) {
        // Some renderers (gmediarender) ignore a new URI until they are stopped.
        stopRequested = true;
        stopped = renderer.invoke(Kind.AV_TRANSPORT, "Stop", Map.of()).exceptionally(e -> null);
      }
      return stopped.thenCompose(v -> renderer.invoke(Kind.AV_TRANSPORT, "SetAVTransportURI",
              Map.of("CurrentURI", m.url, "CurrentURIMetaData", didl(newItem, m))))
          .whenCompleteAsync((out, error) -> {
            if (error != null && m.served != null) {
              files.unpublish(m.served);
            }
          }, executor)
          .thenApplyAsync(out -> {
            if (servedFile != null) {
              files.unpublish(servedFile);
            }
            servedFile = m.served;
            mediaUrl = m.url;
            item = newItem;
            durationMs = Math.max(0, d.durationMs());
            positionMs = 0;
            positionTimeMs = wallClock.getAsLong();
            stallReported = false;
            stallSinceNanos = 0;
            endOfStream = false;
            events.onMediaItem(sessionId, newItem);
            publish();
            return out;
          }, executor);
    }, executor).thenCompose(out -> play ? sendPlay(speed) : CompletableFuture.completedFuture(null));
  }

  private record Media(String url, String contentType, @Nullable URI served) {}

  private Media serveFile(String uri) {
    Path path;
    try {
      path = Path.of(URI.create(uri));
    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      throw new AVSessionException(AVSessionErrorCode.ERR_CODE_INVALID_PARAM, "malformed file URI '" + uri + "'");
    }
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new AVSessionException(AVSessionErrorCode.ERR_CODE_INVALID_PARAM,
          "the daemon cannot read " + path + " (no such regular file, or no permission)");
    }
    URI renderer = URI.create(this.renderer.castDevice().address());
    try {
      URI served = files.publish(path, UpnpEngine.localAddressFor(renderer));
      return new Media(served.toString(), MediaFileServer.contentType(path), served);
    } catch (IOException e) {
      throw new AVSessionException(AVSessionErrorCode.ERR_CODE_IO_UNSPECIFIED,
          "cannot serve " + path + ": " + CastErrors.describe(e));
    }
  }

  private static String didl(AVQueueItem item, Media media) {
    AVMediaDescription d = item.description();
    Res res = new Res(new ProtocolInfo("http-get:*:" + media.contentType + ":*"), null,
        d.durationMs() > 0 ? UpnpValues.formatTime(d.durationMs()) : null, null, media.url);
    String title = d.title().isEmpty() ? d.assetId() : d.title();
    Item didlItem = media.contentType.startsWith("video/")
        ? new VideoItem(d.assetId(), "0", title, d.artist(), res)
        : new MusicTrack(d.assetId(), "0", title, d.artist(), d.albumTitle(), d.artist(), res);
    try {
      return new DIDLParser().generate(new DIDLContent().addItem(didlItem));
    } catch (Exception e) {
      // Metadata is optional for renderers; the URI is what matters.
      log.debug("cannot write DIDL-Lite for {}: {}", d.assetId(), e.toString());
      return "";
    }
  }

  // ------------------------------------------------------------------------------------------------ commands

  /** Checks {@code command} against what the renderer can do now, then sends it. */
  CompletableFuture<Void> command(AVCastControlCommand command) {
    AVCastControlCommandType type = command.command();
    switch (type) {
      case PLAY:
        require(type);
        return sendPlay(speed);
      case PAUSE:
        require(type);
        return send(Kind.AV_TRANSPORT, "Pause", Map.of());
      case STOP:
        require(type);
        stopRequested = true;
        return send(Kind.AV_TRANSPORT, "Stop", Map.of());
      case PLAY_NEXT:
        require(type);
        return send(Kind.AV_TRANSPORT, "Next", Map.of());
      case PLAY_PREVIOUS:
        require(type);
        return send(Kind.AV_TRANSPORT, "Previous", Map.of());
      case SEEK: {
        long target = command.longParameter(-1);
        if (!(command.parameter() instanceof Long)) {
          throw invalid("seek needs a position in milliseconds");
        }
        if (target < 0 || (durationMs > 0 && target > durationMs)) {
          throw new AVSessionException(AVSessionErrorCode.ERR_CODE_ILLEGAL_SEEK_TARGET, "cannot seek to " + target
              + " ms: the item lasts " + (durationMs > 0 ? durationMs + " ms" : "an unknown time"));
        }
        require(type);
        return seek(target);
      }
      case FAST_FORWARD:
      case REWIND: {
        long jump = skip(command, type);
        require(type);
        long now = currentPositionMs();
        long target = type == AVCastControlCommandType.FAST_FORWARD ? now + jump : now - jump;
        if (durationMs > 0) {
          target = Math.min(target, durationMs);
        }
        return seek(Math.max(0, target));
      }
      case SET_VOLUME: {
        if (!(command.parameter() instanceof Integer)) {
          throw invalid("setVolume needs an integer volume from 0 to 100");
        }
        int v = (Integer) command.parameter();
        if (v < 0 || v > 100) {
          throw invalid("volume must be from 0 to 100, was " + v);
        }
        require(type);
        return send(Kind.RENDERING_CONTROL, "SetVolume",
            Map.of("Channel", "Master", "DesiredVolume", Integer.toString(v)))
            .thenRunAsync(() -> {
              volume = v;
              publish();
            }, executor);
      }
      case TOGGLE_MUTE: {
        require(type);
        boolean target = !muted;
        return send(Kind.RENDERING_CONTROL, "SetMute", Map.of("Channel", "Master", "DesiredMute", target ? "1" : "0"))
            .thenRunAsync(() -> {
              muted = target;
              publish();
            }, executor);
      }
      case SET_SPEED: {
        if (!(command.parameter() instanceof Double)) {
          throw invalid("setSpeed needs a speed such as 1.0");
        }
        double s = (Double) command.parameter();
        if (!Double.isFinite(s) || s <= 0) {
          throw invalid("speed must be finite and > 0, was " + s);
        }
        if (UpnpValues.speedValue(s, speedValues()) == null) {
          throw new AVSessionException(AVSessionErrorCode.ERR_CODE_PLAY_SPEED_UNSUPPORTED,
              "the renderer offers speeds " + supportedSpeeds() + ", not " + s);
        }
        require(type);
        if (transportState.equals("PLAYING")) {
          return sendPlay(s);
        }
        // DLNA sets the speed with Play: keep it for the next play.
        speed = s;
        publish();
        return CompletableFuture.completedFuture(null);
      }
      case SET_LOOP_MODE: {
        if (!(command.parameter() instanceof LoopMode)) {
          throw invalid("setLoopMode needs a loop mode");
        }
        LoopMode mode = (LoopMode) command.parameter();
        String playMode = UpnpValues.playMode(mode);
        List<String> allowed = renderer.allowedValues(Kind.AV_TRANSPORT, "CurrentPlayMode");
        if (mode == loopMode) {
          return CompletableFuture.completedFuture(null);
        }
        if (playMode == null || !renderer.hasAction(Kind.AV_TRANSPORT, "SetPlayMode")
            || (!allowed.isEmpty() && !allowed.contains(playMode))) {
          throw new AVSessionException(AVSessionErrorCode.ERR_CODE_PLAY_MODE_UNSUPPORTED,
              "the renderer cannot play in loop mode " + mode
                  + (renderer.hasAction(Kind.AV_TRANSPORT, "SetPlayMode") ? " (its play modes: " + allowed + ")"
                      : " (it has no SetPlayMode action)"));
        }
        require(type);
        return send(Kind.AV_TRANSPORT, "SetPlayMode", Map.of("NewPlayMode", playMode))
            .thenRunAsync(() -> {
              loopMode = mode;
              publish();
            }, executor);
      }
      default:
        throw new AVSessionException(AVSessionErrorCode.COMMAND_INVALID,
            type.commandName() + " is not a renderer command");
    }
  }

  private static long skip(AVCastControlCommand command, AVCastControlCommandType type) {
    if (command.parameter() == null) {
      return DEFAULT_SKIP_MS;
    }
    if (!(command.parameter() instanceof Long)) {
      throw invalid(type.commandName() + " needs a time in milliseconds");
    }
    long t = (Long) command.parameter();
    if (t < 0 || (t == 0 && type == AVCastControlCommandType.FAST_FORWARD)) {
      throw invalid(type.commandName() + " time must be " + (type == AVCastControlCommandType.FAST_FORWARD
          ? "> 0" : ">= 0") + ", was " + t);
    }
    // Upstream's cast player reads values below 1000 as seconds.
    return t < 1000 ? t * 1000 : t;
  }

  private static AVSessionException invalid(String detail) {
    return new AVSessionException(AVSessionErrorCode.INVALID_PARAMETER, detail);
  }

  private void require(AVCastControlCommandType type) {
    if (!validCommands.contains(type.commandName())) {
      throw new AVSessionException(AVSessionErrorCode.COMMAND_INVALID, "the renderer cannot " + type.commandName()
          + " now (state " + (transportState.isEmpty() ? "unknown" : transportState) + "); valid commands: "
          + validCommands);
    }
  }

  private long currentPositionMs() {
    return state().extrapolatedPositionMs(wallClock.getAsLong(), durationMs);
  }

  private CompletableFuture<Void> sendPlay(double newSpeed) {
    String value = Objects.requireNonNullElse(UpnpValues.speedValue(newSpeed, speedValues()), "1");
    stopRequested = false;
    return send(Kind.AV_TRANSPORT, "Play", Map.of("Speed", value)).thenRunAsync(() -> {
      speed = newSpeed;
      stallReported = false;
      publish();
    }, executor);
  }

  private CompletableFuture<Void> seek(long targetMs) {
    return send(Kind.AV_TRANSPORT, "Seek", Map.of("Unit", "REL_TIME", "Target", UpnpValues.formatTime(targetMs)))
        .thenCompose(v -> renderer.invoke(Kind.AV_TRANSPORT, "GetPositionInfo", Map.of()))
        .thenAcceptAsync(position -> {
          long p = UpnpValues.parseTime(position.get("RelTime"));
          positionMs = p >= 0 ? p : targetMs;
          positionTimeMs = wallClock.getAsLong();
          events.onSeekDone(sessionId, positionMs);
          publish();
        }, executor);
  }

  private CompletableFuture<Void> send(Kind kind, String action, Map<String, String> inputs) {
    return renderer.invoke(kind, action, inputs).thenApply(out -> null);
  }

  static AVSessionException unwrap(Throwable t) {
    Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    return AVSessionException.fromThrowable(c);
  }

  private static int parseInt(@Nullable String value, int fallback) {
    try {
      return value == null ? fallback : Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static boolean isTrue(@Nullable String value) {
    return value != null && (value.trim().equals("1") || value.trim().equalsIgnoreCase("true"));
  }
}
