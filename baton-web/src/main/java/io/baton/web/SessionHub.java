package io.baton.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.api.AVControlCommand;
import io.baton.api.AVMediaDescription;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVQueueItem;
import io.baton.api.AVSessionController;
import io.baton.api.AVSessionDescriptor;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.AVSessionManager;
import io.baton.api.BatonDevice;
import io.baton.api.CastDevice;
import io.baton.api.ConnectionState;
import io.baton.api.DeviceInfo;
import io.baton.api.EventFilter;
import io.baton.api.LoopMode;
import io.baton.api.Nullable;
import io.baton.api.OutputDeviceInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web bridge's view of the daemon: an SDK client ({@value #APP_ID}) with one controller per session, shared by
 * every browser, whose state it turns into cards and pushes to the browsers' {@link BrowserStream}s. Commands go out
 * through a {@link CommandClient} per browser ({@code web.<n>}), or the hub's own connection for scripts; so do casts
 * ("cast to" on a card). The devices panel's cast renderers are the hub connection's {@link CastPanel}.
 *
 * <h2>Lifecycle</h2>
 * The hub connects to the daemon on first use (the first page opened, or the first API call), not when the bridge
 * starts: until someone looks, the page costs the daemon nothing (no connection, no controllers, no events). The
 * connection is opened in the background and retried every {@link #RETRY_INTERVAL} until it works, so a daemon that
 * is slow to answer never blocks the bridge; once open it stays open. Every {@link #RESYNC_INTERVAL} the hub re-lists
 * the sessions to catch what events cannot say (the top session lapsing).
 *
 * <h2>Threading</h2>
 * One hub thread owns every card: it is the SDK's callback executor for {@value #APP_ID}, so controller and manager
 * events, future completions and the periodic re-sync all run there, one at a time, and nothing there blocks.
 * Browser streams are written by their own threads ({@link BrowserStream#run}). Per-browser connections are opened on
 * a separate connector thread (opening blocks until the daemon answers).
 */
/* package */ final class SessionHub implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SessionHub.class);

  /** The app id of the hub's connection. */
  static final String APP_ID = "baton.web";
  /** The most browsers connected at once. */
  static final int MAX_BROWSERS = 32;
  /** How many recently played sessions the history panel lists (the daemon's maximum). */
  static final int HISTORY_SIZE = 10;
  static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);
  static final Duration RESYNC_INTERVAL = Duration.ofSeconds(5);
  /** How often the paired devices are read while a browser looks (links go up and down without an event). */
  static final Duration PAIRED_REFRESH = Duration.ofSeconds(2);
  /** How long an API call waits for the first connection to the daemon before failing with 6600101. */
  static final Duration CONNECT_WAIT = Duration.ofSeconds(5);

  private final Path socket;
  private final WebOptions options;
  private final LongSupplier clock;
  private final ScheduledExecutorService hub;
  private final ExecutorService connector;
  private final ExecutorService commandCallbacks;

  // Hub thread only.
  private @Nullable AVSessionManager manager;
  private final Map<String, SessionCard> cards = new LinkedHashMap<>();
  private final CastPanel castPanel = new CastPanel(this::publishDevices);
  // The paired Baton devices as last read, and their names for remote sessions' cards.
  private List<BatonDevice> pairedDevices = List.of();
  private volatile Map<String, String> deviceNames = Map.of();
  // Written on the hub thread, read by the health panel.
  private volatile boolean connected;

  private final CompletableFuture<AVSessionManager> hubManager = new CompletableFuture<>();
  /** Completes once the sessions have been listed and followed for the first time. */
  private final CompletableFuture<Void> firstSync = new CompletableFuture<>();
  private final AtomicBoolean connecting = new AtomicBoolean();
  private final CommandClient scriptCommands;
  private final Map<Integer, BrowserStream> streams = new ConcurrentHashMap<>();
  private final Map<Integer, CommandClient> browserCommands = new ConcurrentHashMap<>();
  private final Map<String, byte[]> artwork = new ConcurrentHashMap<>();
  private final AtomicInteger nextConnectionId = new AtomicInteger();
  private volatile boolean closed;

  SessionHub(Path socket, WebOptions options, LongSupplier clock) {
    this.socket = Objects.requireNonNull(socket, "socket");
    this.options = Objects.requireNonNull(options, "options");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.hub = Executors.newSingleThreadScheduledExecutor(named("baton-web-hub"));
    this.connector = Executors.newSingleThreadExecutor(named("baton-web-connect"));
    this.commandCallbacks = Executors.newSingleThreadExecutor(named("baton-web-commands"));
    this.scriptCommands = new CommandClient(APP_ID, this::hubManager, /* ownsManager= */ false);
  }

  /**
   * Starts connecting to the daemon unless that has begun; returns at once.
   *
   * @return completes when the sessions have been listed and followed once
   */
  CompletableFuture<Void> ensureConnected() {
    if (connecting.compareAndSet(false, true) && !closed) {
      connectHub();
      hub.scheduleWithFixedDelay(this::resync, RESYNC_INTERVAL.toMillis(), RESYNC_INTERVAL.toMillis(),
          TimeUnit.MILLISECONDS);
      hub.scheduleWithFixedDelay(this::refreshPairedDevices, 0, PAIRED_REFRESH.toMillis(), TimeUnit.MILLISECONDS);
    }
    return firstSync;
  }

  /** {@link #ensureConnected()}, failing with 6600101 after {@link #CONNECT_WAIT}. */
  private CompletableFuture<Void> connected() {
    return ensureConnected().copy().orTimeout(CONNECT_WAIT.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(error -> {
          throw new AVSessionException(AVSessionErrorCode.SERVICE_EXCEPTION,
              "the web bridge could not reach the daemon within " + CONNECT_WAIT.toSeconds() + " s");
        });
  }

  private void connectHub() {
    if (closed) {
      return;
    }
    connector.execute(() -> {
      try {
        AVSessionManager m = AVSessionManager.builder().socket(socket).appId(APP_ID).callbackExecutor(hub).connect();
        hub.execute(() -> onConnected(m));
      } catch (RuntimeException e) {
        if (closed) {
          return; // Interrupted by close(): nothing to retry, nothing to report.
        }
        log.warn("web bridge: cannot reach the daemon on {} yet ({}); retrying", socket, e.getMessage());
        hub.schedule(this::connectHub, RETRY_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
      }
    });
  }

  private void onConnected(AVSessionManager m) {
    if (closed) {
      m.close();
      return;
    }
    manager = m;
    m.addListener(new AVSessionManager.Listener() {
      @Override
      public void onSessionCreate(AVSessionDescriptor descriptor) {
        if (!cards.containsKey(descriptor.sessionId())) {
          attach(descriptor);
        }
      }

      @Override
      public void onSessionDestroy(AVSessionDescriptor descriptor) {
        remove(descriptor.sessionId());
      }

      @Override
      public void onTopSessionChange(AVSessionDescriptor descriptor) {
        for (SessionCard card : cards.values()) {
          boolean top = card.sessionId().equals(descriptor.sessionId());
          if (card.descriptor.top() != top) {
            card.descriptor = card.descriptor.buildUpon().setTop(top).build();
            publish(card);
          }
        }
      }

      @Override
      public void onSessionServiceDie() {
        connected = false;
        publishStatus();
        castPanel.disconnected();
      }

      @Override
      public void onSessionServiceRestored() {
        connected = true;
        publishStatus();
        castPanel.connected(m);
        resync();
      }
    });
    connected = true;
    hubManager.complete(m);
    log.info("web bridge connected to the daemon as {}", APP_ID);
    publishStatus();
    castPanel.connected(m);
    castPanel.setLooking(!streams.isEmpty());
    resync().whenComplete((v, error) -> firstSync.complete(null));
  }

  /**
   * Re-lists the sessions: attaches new ones, drops gone ones, refreshes descriptors (top, active, title).
   *
   * @return completes (never exceptionally) when the new sessions are attached or failed to
   */
  private CompletableFuture<Void> resync() {
    AVSessionManager m = manager;
    if (m == null || closed) {
      return CompletableFuture.completedFuture(null);
    }
    castPanel.resync();
    return m.getAllSessionDescriptors().handle((list, error) -> {
      if (error != null) {
        log.debug("web bridge: listing sessions failed: {}", error.toString());
        return CompletableFuture.<Void>completedFuture(null);
      }
      Set<String> live = new HashSet<>();
      List<CompletableFuture<Void>> attached = new ArrayList<>();
      for (AVSessionDescriptor d : list) {
        live.add(d.sessionId());
        SessionCard card = cards.get(d.sessionId());
        if (card == null) {
          attached.add(attach(d));
        } else if (!sameShownFields(card.descriptor, d)) {
          card.descriptor = d;
          if (card.ready && card.setListedOutput(d.outputDevice())) {
            publishDevices();
          }
          publish(card);
        }
      }
      for (String id : new ArrayList<>(cards.keySet())) {
        if (!live.contains(id)) {
          remove(id);
        }
      }
      return CompletableFuture.allOf(attached.toArray(new CompletableFuture<?>[0]));
    }).thenCompose(f -> f);
  }

  private static boolean sameShownFields(AVSessionDescriptor a, AVSessionDescriptor b) {
    return a.top() == b.top() && a.active() == b.active() && a.title().equals(b.title())
        && a.outputDevice().equals(b.outputDevice());
  }

  /**
   * Creates the session's controller, subscribes to everything, reads the state, then shows the card.
   *
   * @return completes (never exceptionally) when the card is shown or given up
   */
  private CompletableFuture<Void> attach(AVSessionDescriptor descriptor) {
    AVSessionManager m = manager;
    if (m == null) {
      return CompletableFuture.completedFuture(null);
    }
    SessionCard card = new SessionCard(descriptor);
    cards.put(descriptor.sessionId(), card);
    return m.createController(descriptor.sessionId())
        .thenCompose(controller -> {
          if (cards.get(card.sessionId()) != card) {
            controller.destroy();
            throw new AVSessionException(AVSessionErrorCode.SESSION_NOT_EXIST, "removed while attaching");
          }
          card.controller = controller;
          controller.addListener(new CardListener(card));
          return CompletableFuture.allOf(
                  controller.setMetadataFilter(EventFilter.ALL), controller.setPlaybackStateFilter(EventFilter.ALL))
              .thenCompose(v -> readState(card, controller));
        })
        .handle((v, error) -> {
          if (error == null) {
            card.ready = true;
            publish(card);
            return null;
          }
          AVSessionException e = AVSessionException.fromThrowable(error);
          if (e.errorCode() != AVSessionErrorCode.SESSION_NOT_EXIST) {
            log.warn("web bridge: cannot follow session {}: {}", card.sessionId(), e.getMessage());
          }
          if (cards.get(card.sessionId()) == card) {
            remove(card.sessionId());
          }
          return null;
        });
  }

  private CompletableFuture<Void> readState(SessionCard card, AVSessionController c) {
    CompletableFuture<AVMetadata> metadata = c.getAVMetadata();
    CompletableFuture<AVPlaybackState> state = c.getAVPlaybackState();
    CompletableFuture<List<String>> commands = c.getValidCommands();
    CompletableFuture<Boolean> active = c.isActive();
    CompletableFuture<List<Double>> speeds = c.getSupportedPlaySpeeds();
    CompletableFuture<List<LoopMode>> loopModes = c.getSupportedLoopModes();
    CompletableFuture<OutputDeviceInfo> output = c.getOutputDevice();
    return CompletableFuture.allOf(metadata, state, commands, active, speeds, loopModes, output).thenRun(() -> {
      setMetadata(card, metadata.join());
      card.playbackState = state.join();
      card.validCommands = List.copyOf(commands.join());
      card.descriptor = card.descriptor.buildUpon().setActive(active.join()).build();
      card.supportedSpeeds = List.copyOf(speeds.join());
      card.supportedLoopModes = List.copyOf(loopModes.join());
      if (card.setListedOutput(output.join())) {
        publishDevices();
      }
      // Events that arrived while reading are newer than the subscription: replay them over the state read.
      List<Runnable> early = new ArrayList<>(card.earlyEvents);
      card.earlyEvents.clear();
      early.forEach(Runnable::run);
    });
  }

  private void setMetadata(SessionCard card, AVMetadata metadata) {
    byte[] before = card.metadata.mediaImage();
    card.metadata = metadata;
    byte[] image = metadata.mediaImage();
    if (image != null && image.length > 0) {
      if (!Arrays.equals(before, image)) {
        card.artworkVersion++;
      }
      artwork.put(card.sessionId(), image);
    } else {
      artwork.remove(card.sessionId());
    }
  }

  /** A session's controller events, on the hub thread. */
  private final class CardListener implements AVSessionController.Listener {
    private final SessionCard card;

    CardListener(SessionCard card) {
      this.card = card;
    }

    @Override
    public void onMetadataChange(AVMetadata metadata) {
      apply(() -> setMetadata(card, card.metadata.mergeWith(metadata)));
    }

    @Override
    public void onPlaybackStateChange(AVPlaybackState state) {
      apply(() -> card.playbackState = card.playbackState.overlay(state));
    }

    @Override
    public void onActiveStateChange(boolean active) {
      apply(() -> card.descriptor = card.descriptor.buildUpon().setActive(active).build());
    }

    @Override
    public void onValidCommandChange(List<String> commands) {
      apply(() -> card.validCommands = List.copyOf(commands));
    }

    @Override
    public void onOutputDeviceChange(ConnectionState state, OutputDeviceInfo device) {
      apply(() -> {
        if (card.setOutput(state, device)) {
          publishDevices();
        }
      });
    }

    /** Applies a change and shows it; before the initial state is read, keeps it to replay over that state. */
    private void apply(Runnable change) {
      if (card.ready) {
        change.run();
        publish(card);
      } else {
        card.earlyEvents.add(change);
      }
    }

    @Override
    public void onSessionDestroy(AVSessionDescriptor descriptor) {
      remove(card.sessionId());
    }
  }

  private void remove(String sessionId) {
    SessionCard card = cards.remove(sessionId);
    if (card == null) {
      return;
    }
    if (card.castDevice != null) {
      publishDevices();
    }
    if (card.controller != null) {
      card.controller.destroy();
    }
    artwork.remove(sessionId);
    scriptCommands.forget(sessionId);
    browserCommands.values().forEach(c -> c.forget(sessionId));
    if (card.ready) {
      broadcast(SessionCard.key(sessionId), "remove", WebJson.write(WebJson.object().put("sessionId", sessionId)));
    }
  }

  private void publish(SessionCard card) {
    if (card.ready && !closed) {
      broadcast(SessionCard.key(card.sessionId()), "session",
          WebJson.write(WebJson.card(card, options, clock.getAsLong(), deviceNames)));
    }
  }

  /**
   * Reads the paired devices (while a browser looks) and, when they changed (a link up or down, a device paired or
   * forgotten, renamed), republishes the devices panel and the cards of remote sessions with the devices' names.
   */
  private void refreshPairedDevices() {
    AVSessionManager m = manager;
    if (m == null || closed || streams.isEmpty()) {
      return;
    }
    m.getDeviceManager().getPairedDevices().whenCompleteAsync((list, error) -> {
      if (error != null || list.equals(pairedDevices)) {
        return; // A daemon without devices support, or between connections: keep what is shown.
      }
      pairedDevices = list;
      Map<String, String> names = new java.util.HashMap<>();
      list.forEach(d -> names.put(d.deviceId(), d.name()));
      deviceNames = Map.copyOf(names);
      publishDevices();
      for (SessionCard card : cards.values()) {
        if (card.descriptor.remote()) {
          publish(card);
        }
      }
    }, hub);
  }

  /**
   * Moves a session's output to a paired device, or back ({@code device} "local"), as the browser's own client.
   *
   * @throws AVSessionException 401 for a device that is neither "local" nor a device id
   */
  CompletableFuture<Void> move(@Nullable Integer connectionId, String sessionId, String device) {
    if (!device.equals("local") && !device.matches("[0-9a-f]{32}")) {
      throw new AVSessionException(AVSessionErrorCode.INVALID_PARAMETER,
          "device: must be a paired device's id (32 lowercase hex) or \"local\", was '"
              + (device.length() > 40 ? device.substring(0, 40) + "…" : device) + "'");
    }
    return commandClient(connectionId).moveSession(sessionId, device);
  }

  /** Sends every browser the devices panel (on the hub thread, when renderers or casts changed). */
  private void publishDevices() {
    if (!closed) {
      broadcast("devices", "devices", WebJson.write(devicesNode()));
    }
  }

  private void publishStatus() {
    broadcast("status", "status", statusJson());
  }

  private String statusJson() {
    return WebJson.write(WebJson.object().put("connected", connected).put("serverTime", clock.getAsLong()));
  }

  private void broadcast(String key, String event, String data) {
    for (BrowserStream stream : streams.values()) {
      stream.offer(key, event, data);
    }
  }

  // ---- Browsers

  /**
   * Registers a new browser: its stream starts with {@code hello} (its connection id and this device), then the
   * status and every session's card.
   *
   * @return null when {@link #MAX_BROWSERS} are connected already
   */
  @Nullable BrowserStream openStream() {
    BrowserStream stream;
    synchronized (streams) {
      if (closed || streams.size() >= MAX_BROWSERS) {
        return null;
      }
      stream = new BrowserStream(nextConnectionId.incrementAndGet());
      ObjectNode hello = WebJson.object().put("connection", stream.id()).put("serverTime", clock.getAsLong());
      hello.putObject("device").put("id", options.deviceId()).put("name", options.deviceName());
      stream.offer("hello", "hello", WebJson.write(hello));
      streams.put(stream.id(), stream);
    }
    ensureConnected();
    // The snapshot is taken on the hub thread, after any broadcast already under way: the stream gets each card's
    // latest state whichever comes first (a newer event for a key replaces the waiting one).
    hub.execute(() -> {
      stream.offer("status", "status", statusJson());
      stream.offer("devices", "devices", WebJson.write(devicesNode()));
      castPanel.setLooking(true);
      for (SessionCard card : cards.values()) {
        if (card.ready) {
          stream.offer(SessionCard.key(card.sessionId()), "session",
              WebJson.write(WebJson.card(card, options, clock.getAsLong(), deviceNames)));
        }
      }
    });
    return stream;
  }

  /** Forgets a browser whose stream ended, and closes its command connection. */
  void closeStream(BrowserStream stream) {
    stream.close();
    streams.remove(stream.id(), stream);
    CommandClient commands = browserCommands.remove(stream.id());
    if (commands != null) {
      commands.close();
    }
    if (!closed) {
      hub.execute(() -> castPanel.setLooking(!streams.isEmpty()));
    }
  }

  /**
   * Sends {@code command} to a session as browser {@code connectionId} ({@code web.<id>}), or as {@value #APP_ID}
   * for a caller without a live stream (a script).
   */
  CompletableFuture<Void> send(@Nullable Integer connectionId, String sessionId, AVControlCommand command) {
    return commandClient(connectionId).send(sessionId, command);
  }

  /** Browser {@code connectionId}'s command client, or the scripts' one for a caller without a live stream. */
  private CommandClient commandClient(@Nullable Integer connectionId) {
    if (connectionId != null && streams.containsKey(connectionId)) {
      return browserCommands.computeIfAbsent(connectionId, id -> new CommandClient("web." + id,
          () -> connectBrowser("web." + id), /* ownsManager= */ true));
    }
    return scriptCommands;
  }

  /**
   * "Cast to": casts a session to a renderer and plays its media there, as browser {@code connectionId} (or
   * {@value #APP_ID}), with the same calls as {@code baton cast start}. The media is {@code request.mediaUrl()}, or
   * else the session's own: the media URI of its queue item for the asset it plays. Title, artist and duration come
   * from the session's metadata.
   *
   * @return completes when the renderer accepted the media; fails with 401 (no media to cast), 6600102, 6600108,
   *     6611xxx / 6612xxx (the media or the renderer), as the cast manager says
   */
  CompletableFuture<Void> castTo(@Nullable Integer connectionId, String sessionId, WebCast.Request request) {
    CommandClient client = commandClient(connectionId);
    return connected().thenComposeAsync(v -> {
      SessionCard card = cards.get(sessionId);
      if (card == null || !card.ready) {
        throw new AVSessionException(AVSessionErrorCode.SESSION_NOT_EXIST,
            "no session " + sessionId + " (it ended, or has just begun)");
      }
      if (castPanel.availability() == CastPanel.Availability.OFF) {
        throw new AVSessionException(AVSessionErrorCode.SERVICE_EXCEPTION,
            "casting is off in this daemon; start it with baton daemon --cast");
      }
      CastDevice known = castPanel.renderer(request.deviceId());
      OutputDeviceInfo target = known != null ? known.toOutputDeviceInfo() : new OutputDeviceInfo(List.of(
          DeviceInfo.builder().setCastCategory(1).setDeviceId(request.deviceId()).build()));
      boolean alreadyCast = card.castState == ConnectionState.CONNECTED && card.castDevice != null
          && card.castDevice.deviceId().equals(request.deviceId());
      AVMetadata metadata = card.metadata;
      String title = WebJson.shownTitle(card);
      CompletableFuture<String> url = request.mediaUrl() != null
          ? CompletableFuture.completedFuture(request.mediaUrl()) : sessionMedia(card);
      return url.thenCompose(mediaUrl -> client.castTo(sessionId, target,
          castItem(metadata, title, mediaUrl), alreadyCast));
    }, hub);
  }

  /** The media URI of the session's queue item for the asset it plays (401 when it publishes none). */
  private CompletableFuture<String> sessionMedia(SessionCard card) {
    String assetId = card.metadata.assetId();
    AVSessionController controller = card.controller;
    if (assetId == null || assetId.isEmpty() || controller == null) {
      return CompletableFuture.failedFuture(noSessionMedia(card, "it names no asset"));
    }
    return controller.getAVQueueItems().thenApply(items -> {
      for (AVQueueItem item : items) {
        if (item.description().assetId().equals(assetId) && !item.description().mediaUri().isEmpty()) {
          return WebCast.mediaUrl(item.description().mediaUri());
        }
      }
      throw noSessionMedia(card, "no queue item of asset '" + assetId + "' has a media URI");
    });
  }

  private static AVSessionException noSessionMedia(SessionCard card, String why) {
    return new AVSessionException(AVSessionErrorCode.INVALID_PARAMETER, "mediaUrl: missing, and session "
        + card.sessionId() + " does not say where its media is (" + why + "): give the media's URL");
  }

  private static AVQueueItem castItem(AVMetadata metadata, String title, String mediaUrl) {
    String assetId = metadata.assetId();
    Long duration = metadata.durationMs();
    AVMediaDescription description = AVMediaDescription.builder()
        .setAssetId(assetId == null || assetId.isEmpty() ? mediaUrl : assetId)
        .setTitle(title)
        .setArtist(metadata.artist() == null ? "" : metadata.artist())
        .setDurationMs(duration == null || duration < 0 || duration > Integer.MAX_VALUE ? 0 : duration.intValue())
        .setMediaUri(mediaUrl)
        .build();
    return new AVQueueItem(1, description);
  }

  /** Ends a session's cast ("stop casting"), as browser {@code connectionId} (or {@value #APP_ID}). */
  CompletableFuture<Void> stopCasting(@Nullable Integer connectionId, String sessionId) {
    CommandClient client = commandClient(connectionId);
    return connected().thenCompose(v -> client.stopCasting(sessionId));
  }

  private CompletableFuture<AVSessionManager> connectBrowser(String appId) {
    return CompletableFuture.supplyAsync(
        () -> AVSessionManager.builder().socket(socket).appId(appId).callbackExecutor(commandCallbacks).connect(),
        connector);
  }

  // ---- Panels

  /** Every shown card, as a JSON array (top session first, then newest first, as the page orders them). */
  CompletableFuture<String> cardsJson() {
    return connected().thenApplyAsync(v -> {
      ArrayNode array = WebJson.array();
      long now = clock.getAsLong();
      cards.values().stream()
          .filter(c -> c.ready)
          .sorted((a, b) -> a.descriptor.top() != b.descriptor.top()
              ? (a.descriptor.top() ? -1 : 1)
              : Long.compare(b.descriptor.createdTimeMs(), a.descriptor.createdTimeMs()))
          .forEach(c -> array.add(WebJson.card(c, options, now, deviceNames)));
      return WebJson.write(array);
    }, hub);
  }

  /** The history panel: recently played sessions that are gone, newest first. */
  CompletableFuture<String> historyJson() {
    return hubManager().thenCompose(m -> m.getHistoricalSessionDescriptors(HISTORY_SIZE)).thenApply(list -> {
      ArrayNode array = WebJson.array();
      list.forEach(d -> array.add(WebJson.descriptor(d).put("lastSeenTimeMs", d.lastSeenTimeMs())));
      return WebJson.write(array);
    });
  }

  /** The health panel: the daemon's {@code dump()} (parsed) and the bridge's own counters. */
  CompletableFuture<String> healthJson() {
    return hubManager().thenCompose(AVSessionManager::dump).thenApply(dump -> {
      ObjectNode node = WebJson.object();
      try {
        node.set("daemon", WebJson.MAPPER.readTree(dump));
      } catch (java.io.IOException e) {
        node.put("daemon", dump);
      }
      ObjectNode web = node.putObject("web");
      web.put("connected", connected);
      web.put("browsers", streams.size());
      web.put("maxBrowsers", MAX_BROWSERS);
      ArrayNode list = web.putArray("streams");
      streams.values().forEach(s -> list.add(WebJson.MAPPER.valueToTree(s.stats())));
      return WebJson.write(node);
    });
  }

  /** The devices panel, once the hub is connected (see {@link #devicesNode()}). */
  CompletableFuture<String> devicesJson() {
    return connected().thenApplyAsync(v -> WebJson.write(devicesNode()), hub);
  }

  /**
   * The devices panel, on the hub thread: {@code localDevice {id, name}}; {@code pairedDevices} ({@code id, name,
   * address, connected, roundTripMicros}); {@code casting} and {@code castRenderers} (see {@link CastPanel#putJson}).
   */
  private ObjectNode devicesNode() {
    ObjectNode node = WebJson.object();
    node.putObject("localDevice").put("id", options.deviceId()).put("name", options.deviceName());
    ArrayNode paired = node.putArray("pairedDevices");
    for (BatonDevice d : pairedDevices) {
      paired.addObject().put("id", d.deviceId()).put("name", d.name()).put("address", d.address())
          .put("connected", d.connected()).put("roundTripMicros", d.roundTripMicros());
    }
    castPanel.putJson(node, cards.values());
    return node;
  }

  /** The image bytes a session published as artwork, or null. */
  byte @Nullable [] artwork(String sessionId) {
    return artwork.get(sessionId);
  }

  /** The hub's connection, opened first if need be; fails with 6600101 after {@link #CONNECT_WAIT}. */
  private CompletableFuture<AVSessionManager> hubManager() {
    return connected().thenCompose(v -> hubManager);
  }

  /** Closes every stream and connection, then the threads. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    streams.values().forEach(this::closeStream);
    browserCommands.values().forEach(CommandClient::close);
    scriptCommands.close();
    hub.execute(() -> {
      if (manager != null) {
        manager.close();
      }
    });
    hub.shutdown();
    connector.shutdown();
    try {
      if (!hub.awaitTermination(5, TimeUnit.SECONDS)) {
        hub.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    connector.shutdownNow();
    commandCallbacks.shutdown();
  }

  private static ThreadFactory named(String name) {
    return runnable -> {
      Thread t = new Thread(runnable, name);
      t.setDaemon(true);
      return t;
    };
  }
}
