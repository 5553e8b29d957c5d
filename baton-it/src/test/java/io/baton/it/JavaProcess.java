package io.baton.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started by a test with the test's own class path (so it runs this build's {@code baton} CLI), whose stdout
 * lines are collected as they arrive. Stopped only by its own PID; {@link #close()} always reaps it.
 */
final class JavaProcess implements AutoCloseable {
  private static final Path JAVA = Paths.get(System.getProperty("java.home"), "bin", "java");

  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final StringBuilder stderr = new StringBuilder();
  private final Thread stdoutReader;
  private final Thread stderrReader;

  private JavaProcess(Process process) {
    this.process = process;
    this.stdoutReader = pump(new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8)), lines::add, "stdout");
    this.stderrReader = pump(new BufferedReader(new InputStreamReader(process.getErrorStream(),
        StandardCharsets.UTF_8)), line -> {
          synchronized (stderr) {
            stderr.append(line).append('\n');
          }
        }, "stderr");
  }

  private interface LineSink {
    void accept(String line);
  }

  private Thread pump(BufferedReader reader, LineSink sink, String name) {
    Thread t = new Thread(() -> {
      try (reader) {
        for (String line; (line = reader.readLine()) != null; ) {
          sink.accept(line);
        }
      } catch (IOException ignored) {
        // The process ended; what it wrote so far is kept.
      }
    }, "pump-" + name + "-" + process.pid());
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Starts {@code baton ARGS...} in a new JVM. */
  static JavaProcess baton(List<String> args) throws IOException {
    return baton(List.of(), System.getProperty("java.class.path"), args);
  }

  /**
   * Starts {@code PREFIX... java ... baton ARGS...} with {@code classPath}: the prefix runs the JVM under another
   * identity, e.g. {@code setpriv --reuid=65534 ...}.
   */
  static JavaProcess baton(List<String> prefix, String classPath, List<String> args) throws IOException {
    List<String> command = new ArrayList<>(prefix);
    command.add(JAVA.toString());
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(classPath);
    command.add("io.baton.cli.BatonCli");
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().remove("BATON_SOCKET");
    return new JavaProcess(pb.start());
  }

  long pid() {
    return process.pid();
  }

  /** The next stdout line, waiting at most {@code timeout}. @throws AssertionError on timeout or exit */
  String nextLine(Duration timeout) throws InterruptedException {
    String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (line == null) {
      throw new AssertionError("no output line within " + timeout + " (alive: " + process.isAlive()
          + "); stderr:\n" + stderr());
    }
    return line;
  }

  /** Waits for a stdout line starting with {@code prefix}, skipping others. */
  String awaitLineStartingWith(String prefix, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no line starting with '" + prefix + "' within " + timeout + "; stderr:\n"
            + stderr());
      }
      String line = lines.poll(left, TimeUnit.NANOSECONDS);
      if (line != null && line.startsWith(prefix)) {
        return line;
      }
    }
  }

  /** Waits for the process to exit; @return its exit code. @throws AssertionError on timeout */
  int waitFor(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("process " + pid() + " still running after " + timeout);
    }
    stdoutReader.join(2000);
    stderrReader.join(2000);
    return process.exitValue();
  }

  /** Every stdout line received so far that was not taken by nextLine/awaitLine. */
  List<String> drainLines() {
    List<String> out = new ArrayList<>();
    lines.drainTo(out);
    return out;
  }

  String stderr() {
    synchronized (stderr) {
      return stderr.toString();
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL, like a crash. */
  void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM, then SIGKILL after 10 s. */
  void terminate() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      kill9();
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      terminate();
    }
  }
}
