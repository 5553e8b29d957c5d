package io.baton.cli;

import io.baton.web.WebBridge;
import io.baton.web.WebOptions;
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
 * Starts {@code baton daemon}'s web control center once the daemon is ready and announces it:
 * {@code baton daemon ready on …} comes first (the web server, about as costly to load as the daemon, never delays
 * it), then {@code baton web ready on …}, or the reason the page is not served (an address in use), after which the
 * daemon runs on without it.
 */
final class WebLauncher {
  private static final Logger log = LoggerFactory.getLogger(WebLauncher.class);

  private final CompletableFuture<WebBridge> started = new CompletableFuture<>();

  private WebLauncher() {}

  /**
   * Starts the web server on a background thread and returns at once.
   *
   * @param options where to listen, with the daemon's device set
   */
  static WebLauncher begin(Path socket, WebOptions.Builder options) {
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

}
