package io.baton.cli;

import io.baton.api.Nullable;
import io.baton.protocol.SocketPaths;
import io.baton.service.DeviceIdentity;
import io.baton.web.WebBridge;
import io.baton.web.WebOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts {@code baton daemon}'s web control center alongside the daemon and announces it once the daemon is ready.
 *
 * <p>Why alongside, and why the daemon's ready line waits for it: loading the web server costs about as much CPU as
 * the daemon's own start. Started after the ready line, that work competed with the first clients the ready line had
 * just invited (on a busy two-core machine their first calls took seconds longer, past the SDK's 3 s retry window).
 * Started in parallel with the daemon, it mostly overlaps the daemon's own start, and {@link #awaitStarted} lets the
 * ready line wait for whatever is left, so that nothing of the start competes with the first clients. Then
 * {@code baton daemon ready on …} is printed, then {@code baton web ready on …}, or the reason the page is not served
 * (an address in use), after which the daemon runs on without it.
 */
final class WebLauncher {
  private static final Logger log = LoggerFactory.getLogger(WebLauncher.class);

  private final CompletableFuture<WebBridge> started = new CompletableFuture<>();

  private WebLauncher() {}

  /**
   * Starts the web server on a background thread and returns at once.
   *
   * @param options where to listen (device not set: taken from the state directory here)
   * @param stateDir the daemon's {@code --state-dir}, or null for the default
   */
  static WebLauncher begin(Path socket, WebOptions.Builder options, @Nullable Path stateDir) {
    try {
      // Read (or created) here, before the daemon starts, so that both never create it at the same time.
      DeviceIdentity device = DeviceIdentity.loadOrCreate(stateDir != null ? stateDir : SocketPaths.defaultStateDir());
      options.device(device.id(), device.name());
    } catch (IOException e) {
      log.debug("web control center: no device identity ({}); cards say \"this device\"", e.toString());
    }
    WebLauncher launcher = new WebLauncher();
    Thread thread = new Thread(() -> {
      try {
        launcher.started.complete(WebBridge.start(socket, options.build()));
      } catch (Exception | LinkageError e) {
        launcher.started.completeExceptionally(e);
      }
    }, "baton-web-start");
    thread.setDaemon(true);
    thread.start();
    return launcher;
  }

  /** Waits until the server has started or failed to, at most {@code timeout}. */
  void awaitStarted(Duration timeout) {
    try {
      started.handle((web, error) -> null).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      log.warn("the web control center is slow to start; the daemon is ready without waiting for it");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Waits for the server and, once it serves, prints {@code baton web ready on <URL with the token>} and hands it to
   * {@code bridges} (which closes it with the daemon); otherwise {@code bridges} reports why on stderr.
   */
  void announce(Bridges bridges, PrintWriter out) {
    boolean running = bridges.start("web", () -> {
      try {
        return started.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof BindException) {
          throw new BindException(e.getCause().getMessage() + "; choose another address with --web HOST:PORT, or "
              + "turn the web control center off with --no-web (the daemon runs on without it)");
        }
        throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
      }
    });
    if (running) {
      out.println("baton web ready on " + started.join().url());
      out.flush();
    }
  }

  /** The daemon did not start: closes the server if it did, silently. */
  void discard() {
    started.whenComplete((web, error) -> {
      if (web != null) {
        web.close();
      }
    });
  }
}
