package io.baton.cli;

import java.io.PrintStream;

/**
 * Makes SIGTERM and SIGINT a clean exit with status 0 for commands that run until killed ({@code daemon},
 * {@code watch}, {@code demo-player}).
 *
 * <p>The JVM runs shutdown hooks on those signals and then exits with 128 + the signal number; the hook installed here
 * runs the command's cleanup (set with {@link #onExit}, once there is something to clean up) and then halts the JVM
 * with status 0 instead. Install it first thing, so that a signal during start-up also exits with 0.
 * {@link #close()} removes the hook, so that a command that ends on its own exits with its own status.
 */
final class ExitOnSignal implements AutoCloseable {
  private final Thread hook;
  private volatile Runnable cleanup = () -> {};

  private ExitOnSignal(String name) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    hook = new Thread(() -> {
      try {
        cleanup.run();
      } catch (RuntimeException e) {
        // Shutting down anyway: report and go on to exit.
        err.println("baton: error during shutdown: " + e);
      } finally {
        out.flush();
        err.flush();
        Runtime.getRuntime().halt(0);
      }
    }, name + "-shutdown");
  }

  /** Installs the shutdown hook. */
  static ExitOnSignal install(String name) {
    ExitOnSignal exit = new ExitOnSignal(name);
    Runtime.getRuntime().addShutdownHook(exit.hook);
    return exit;
  }

  /** What to run on SIGTERM or SIGINT before exiting (replaces the previous cleanup). */
  void onExit(Runnable cleanup) {
    this.cleanup = cleanup;
  }

  /** Removes the hook; a no-op while the JVM is already shutting down (the hook is then running). */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Shutdown in progress: the hook runs the cleanup and exits.
    }
  }
}
