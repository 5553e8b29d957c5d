package io.baton.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.api.AVCallState;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVQueueItem;
import io.baton.api.AVSessionController;
import io.baton.api.AVSessionDescriptor;
import io.baton.api.AVSessionManager;
import io.baton.api.CallMetadata;
import io.baton.api.ConnectionState;
import io.baton.api.EventFilter;
import io.baton.api.Nullable;
import io.baton.api.OutputDeviceInfo;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code baton watch [SESSION]}: prints events as JSON lines, one per event, until killed (exit 0 on SIGTERM or
 * SIGINT) or, when watching one session, until that session is destroyed.
 *
 * <p>Without SESSION: manager events, {@code {"event":"sessionCreate"|"sessionDestroy"|"topSessionChange",
 * "session":{…}}} and {@code {"event":"sessionServiceDie"}}. With SESSION: every controller event, each with
 * {@code "event"} and {@code "sessionId"} (see {@link ControllerEvents}). Stdout carries events only; a line on stderr
 * says when the subscription is in place.
 */
@Command(name = "watch", description = "Print manager events, or one session's events, as JSON lines.")
final class WatchCommand implements Callable<Integer> {
  @ParentCommand private BatonCli root;
  @Spec private CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "SESSION",
      description = "A session id or a unique prefix of one; without it, watch sessions come and go.")
  private @Nullable String session;

  private volatile boolean stopping;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Consumer<ObjectNode> print = event -> {
      if (stopping) {
        return;
      }
      synchronized (out) {
        out.println(Json.line(event));
        out.flush();
      }
    };
    CountDownLatch sessionGone = new CountDownLatch(1);
    try (ExitOnSignal exit = ExitOnSignal.install("baton-watch");
        AVSessionManager manager = root.connect()) {
      exit.onExit(() -> stop(manager));
      if (session == null) {
        manager.addListener(new ManagerEvents(print));
        // addListener sends the subscription on this connection's stream; the daemon handles one connection's
        // frames in order, so once this later call is answered the subscription is in place.
        Futures.await(manager.getAllSessionDescriptors());
        err.println("watching sessions on " + root.socket());
      } else {
        AVSessionController controller =
            Futures.await(manager.createController(SessionIds.resolve(manager, session)));
        controller.addListener(new ControllerEvents(controller::getSessionId, print, sessionGone::countDown));
        Futures.await(controller.setMetadataFilter(EventFilter.ALL));
        Futures.await(controller.setPlaybackStateFilter(EventFilter.ALL));
        Futures.await(controller.setCallMetadataFilter(EventFilter.ALL));
        Futures.await(controller.setCallStateFilter(EventFilter.ALL));
        err.println("watching session " + controller.getSessionId());
      }
      err.flush();
      sessionGone.await();
      stopping = true;
    }
    return 0;
  }

  /** On SIGTERM or SIGINT: no more lines, then release the controller and the subscription. */
  private void stop(AVSessionManager manager) {
    stopping = true;
    manager.close();
  }

  /** Turns manager events into JSON lines. */
  static final class ManagerEvents implements AVSessionManager.Listener {
    private final Consumer<ObjectNode> sink;

    /** Hands every event to {@code sink}. */
    ManagerEvents(Consumer<ObjectNode> sink) {
      this.sink = sink;
    }

    @Override
    public void onSessionCreate(AVSessionDescriptor descriptor) {
      sink.accept(withSession("sessionCreate", descriptor));
    }

    @Override
    public void onSessionDestroy(AVSessionDescriptor descriptor) {
      sink.accept(withSession("sessionDestroy", descriptor));
    }

    @Override
    public void onTopSessionChange(AVSessionDescriptor descriptor) {
      sink.accept(withSession("topSessionChange", descriptor));
    }

    @Override
    public void onSessionServiceDie() {
      sink.accept(Json.object().put("event", "sessionServiceDie"));
    }

    private static ObjectNode withSession(String event, AVSessionDescriptor descriptor) {
      ObjectNode node = Json.object().put("event", event);
      node.set("session", Json.descriptor(descriptor));
      return node;
    }
  }

  /**
   * Turns controller events into JSON lines: {@code metadataChange {"metadata"}}, {@code playbackStateChange
   * {"playbackState"}}, {@code activeStateChange {"active"}}, {@code validCommandChange {"commands"}},
   * {@code sessionDestroy {"session"}}, {@code sessionEvent {"name","args"}}, {@code queueItemsChange {"items"}},
   * {@code queueTitleChange {"title"}}, {@code extrasChange {"extras"}}, {@code outputDeviceChange
   * {"state","outputDevice"}}, {@code callMetadataChange {"callMetadata"}}, {@code callStateChange {"callState"}}.
   */
  static final class ControllerEvents implements AVSessionController.Listener {
    private final Supplier<String> sessionId;
    private final Consumer<ObjectNode> sink;
    private final Runnable onDestroyed;

    /**
     * Hands every event to {@code sink}, labelled with {@code sessionId} (read per event: it changes if the session
     * is restored after a daemon restart), and runs {@code onDestroyed} after the {@code sessionDestroy} line.
     */
    ControllerEvents(Supplier<String> sessionId, Consumer<ObjectNode> sink, Runnable onDestroyed) {
      this.sessionId = sessionId;
      this.sink = sink;
      this.onDestroyed = onDestroyed;
    }

    @Override
    public void onMetadataChange(AVMetadata metadata) {
      sink.accept(event("metadataChange").set("metadata", Json.metadata(metadata)));
    }

    @Override
    public void onPlaybackStateChange(AVPlaybackState state) {
      sink.accept(event("playbackStateChange").set("playbackState", Json.playbackState(state)));
    }

    @Override
    public void onActiveStateChange(boolean active) {
      sink.accept(event("activeStateChange").put("active", active));
    }

    @Override
    public void onValidCommandChange(List<String> commands) {
      sink.accept(event("validCommandChange").set("commands", Json.strings(commands)));
    }

    @Override
    public void onSessionDestroy(AVSessionDescriptor descriptor) {
      sink.accept(event("sessionDestroy").set("session", Json.descriptor(descriptor)));
      onDestroyed.run();
    }

    @Override
    public void onSessionEvent(String event, Map<String, Object> args) {
      ObjectNode node = event("sessionEvent").put("name", event);
      node.set("args", Json.extras(args));
      sink.accept(node);
    }

    @Override
    public void onQueueItemsChange(List<AVQueueItem> items) {
      sink.accept(event("queueItemsChange").set("items", Json.queueItems(items)));
    }

    @Override
    public void onQueueTitleChange(String title) {
      sink.accept(event("queueTitleChange").put("title", title));
    }

    @Override
    public void onExtrasChange(Map<String, Object> extras) {
      sink.accept(event("extrasChange").set("extras", Json.extras(extras)));
    }

    @Override
    public void onOutputDeviceChange(ConnectionState state, OutputDeviceInfo device) {
      ObjectNode node = event("outputDeviceChange").put("state", state.name());
      node.set("outputDevice", Json.outputDevice(device));
      sink.accept(node);
    }

    @Override
    public void onCallMetadataChange(CallMetadata metadata) {
      sink.accept(event("callMetadataChange").set("callMetadata", Json.callMetadata(metadata)));
    }

    @Override
    public void onCallStateChange(AVCallState state) {
      sink.accept(event("callStateChange").set("callState", Json.callState(state)));
    }

    private ObjectNode event(String name) {
      return Json.object().put("event", name).put("sessionId", sessionId.get());
    }
  }
}
