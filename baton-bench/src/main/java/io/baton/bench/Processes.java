package io.baton.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts the benchmark's child processes (the daemon, session apps, controllers, the CLI, the floor's ping-pong
 * pair), talks to them over stdin/stdout lines, reads their resource use from {@code /proc}, and stops them.
 *
 * <h2>Lifecycle</h2>
 * Every process started here is tracked; {@link #close()} stops the ones still running, newest first, each by its own
 * PID (SIGCONT first, in case the benchmark froze it, then SIGTERM, then SIGKILL after a bounded wait) and reaps it.
 * Nothing is ever stopped by name.
 *
 * <h2>JVM flags</h2>
 * Every Java child runs with {@link #JVM_FLAGS}: the same flags for the floor's pair as for the daemon and the SDK
 * clients, so that the ratios compare like with like. They are the JVM's defaults, as {@code ./baton} runs Baton,
 * unless the system property {@code baton.bench.jvmFlags} (space-separated) says otherwise.
 */
final class Processes implements AutoCloseable {
  /** The JVM flags of every Java child process. */
  static final List<String> JVM_FLAGS = jvmFlags();

  static final Path JAVA = Paths.get(System.getProperty("java.home"), "bin", "java");
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final Path logDir;
  private final List<Child> started = new ArrayList<>();

  /** Processes whose stderr goes to files in {@code logDir}. */
  Processes(Path logDir) throws IOException {
    this.logDir = Files.createDirectories(logDir);
  }

  private static List<String> jvmFlags() {
    String flags = System.getProperty("baton.bench.jvmFlags", "").trim();
    return flags.isEmpty() ? List.of() : List.of(flags.split("\\s+"));
  }

  /** Starts {@code BenchMain role ROLE ARGS...} in a new JVM. */
  Child role(String name, String role, Object... args) throws IOException {
    List<String> all = new ArrayList<>(List.of("role", role));
    for (Object a : args) {
      all.add(String.valueOf(a));
    }
    return java(name, BenchMain.class.getName(), all);
  }

  /** Starts the {@code baton} command ({@code io.baton.cli.BatonCli ARGS...}) in a new JVM. */
  Child baton(String name, String... args) throws IOException {
    return java(name, "io.baton.cli.BatonCli", Arrays.asList(args));
  }

  /** Starts {@code mainClass ARGS...} in a new JVM with {@link #JVM_FLAGS} and this JVM's class path. */
  Child java(String name, String mainClass, List<String> args) throws IOException {
    return java(name, mainClass, args, JVM_FLAGS);
  }

  /** Starts {@code mainClass ARGS...} in a new JVM with {@code flags} and this JVM's class path. */
  Child java(String name, String mainClass, List<String> args, List<String> flags) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(JAVA.toString());
    command.addAll(flags);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    return start(name, command);
  }

  /** Starts any command; stdout lines are collected, stderr goes to {@code <logDir>/<name>.err}. */
  Child start(String name, List<String> command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
    // The children find the daemon by --socket only: an inherited BATON_SOCKET must not send them elsewhere.
    pb.environment().remove("BATON_SOCKET");
    Path err = logDir.resolve(name + ".err");
    pb.redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()));
    long startNanos = System.nanoTime();
    Child child = new Child(name, pb.start(), startNanos, err);
    synchronized (started) {
      started.add(child);
    }
    return child;
  }

  /** Stops every process still running, newest first. */
  @Override
  public void close() {
    List<Child> all;
    synchronized (started) {
      all = new ArrayList<>(started);
      started.clear();
    }
    for (int i = all.size() - 1; i >= 0; i--) {
      all.get(i).close();
    }
  }

  /** Stops every child in {@code children} (for cleanup paths; each close is bounded). */
  static void closeAll(List<Child> children) {
    for (int i = children.size() - 1; i >= 0; i--) {
      children.get(i).close();
    }
  }

  /** Sends {@code signal} (a name such as {@code STOP} or {@code CONT}) to {@code pid} with kill(1). */
  static void signal(long pid, String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
      kill.getInputStream().readAllBytes();
      kill.waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new IllegalStateException("kill -" + signal + " " + pid + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The resident set size of {@code pid} in KiB ({@code VmRSS} of {@code /proc/<pid>/status}), or -1. */
  static long rssKb(long pid) {
    return statusField(pid, "VmRSS:");
  }

  /** The number of threads of {@code pid} ({@code Threads} of {@code /proc/<pid>/status}), or -1. */
  static int threadCount(long pid) {
    return (int) statusField(pid, "Threads:");
  }

  /** The number in the {@code field} line of {@code /proc/<pid>/status}, or -1. */
  private static long statusField(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Paths.get("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Gone or unreadable: reported as -1 below.
    }
    return -1;
  }

  /** User plus system CPU time of {@code pid} in clock ticks ({@code /proc/<pid>/stat} fields 14 and 15). */
  static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Paths.get("/proc", Long.toString(pid), "stat"));
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis are plain.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** A heap or generation line of {@code GC.heap_info} (G1: one heap line; Serial and Parallel: one per generation). */
  private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

  /**
   * The Java heap of {@code pid} in use right after a full collection, in bytes, via {@code jcmd GC.run} and
   * {@code jcmd GC.heap_info}; -1 when jcmd is missing or fails (the caller then relies on RSS).
   */
  static long heapAfterGcBytes(long pid) {
    Path jcmd = Paths.get(System.getProperty("java.home"), "bin", "jcmd");
    if (!Files.isExecutable(jcmd)) {
      return -1;
    }
    Path commands = null;
    try {
      // One jcmd (one JVM start) for both commands: jcmd reads them from a file.
      commands = Files.createTempFile("baton-bench-jcmd", ".txt");
      Files.writeString(commands, "GC.run\nGC.heap_info\n");
      String info = run(List.of(jcmd.toString(), Long.toString(pid), "-f", commands.toString()),
          Duration.ofSeconds(60));
      Matcher m = HEAP_USED.matcher(info);
      long usedKb = -1;
      while (m.find()) {
        usedKb = Math.max(0, usedKb) + Long.parseLong(m.group(1));
      }
      return usedKb < 0 ? -1 : usedKb * 1024;
    } catch (IOException e) {
      return -1;
    } finally {
      if (commands != null) {
        try {
          Files.deleteIfExists(commands);
        } catch (IOException e) {
          // A leftover file in the temporary directory is harmless.
        }
      }
    }
  }

  /** Runs a short command to completion and returns its stdout and stderr. */
  static String run(List<String> command, Duration timeout) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      // Read before waiting: a full pipe would otherwise block the command forever.
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        throw new IOException(command + " did not finish within " + timeout);
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /**
   * One child process: its stdout lines (collected by a pump thread), its stdin (for commands), its stderr file.
   * {@link #close()} stops it by PID and reaps it; it is idempotent.
   */
  static final class Child implements AutoCloseable {
    private final String name;
    private final Process process;
    private final long startNanos;
    private final Path stderrFile;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Thread pump;
    private final Writer stdin;
    private volatile boolean frozen;

    private Child(String name, Process process, long startNanos, Path stderrFile) {
      this.name = name;
      this.process = process;
      this.startNanos = startNanos;
      this.stderrFile = stderrFile;
      this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      pump = new Thread(() -> {
        try (out) {
          for (String line; (line = out.readLine()) != null; ) {
            lines.add(line);
          }
        } catch (IOException e) {
          // The process ended; the lines read so far stay queued.
        }
      }, "pump-" + name);
      pump.setDaemon(true);
      pump.start();
    }

    long pid() {
      return process.pid();
    }

    String name() {
      return name;
    }

    /** {@link System#nanoTime()} just before the process was started. */
    long startNanos() {
      return startNanos;
    }

    boolean isAlive() {
      return process.isAlive();
    }

    /** Freezes the process (SIGSTOP): it stops reading its socket, like a hung client. */
    void freeze() {
      frozen = true;
      signal(pid(), "STOP");
    }

    /** Resumes a frozen process (SIGCONT). */
    void thaw() {
      signal(pid(), "CONT");
      frozen = false;
    }

    /** Writes one line to the child's stdin. */
    void send(String line) throws IOException {
      stdin.write(line);
      stdin.write('\n');
      stdin.flush();
    }

    /**
     * The next stdout line starting with {@code prefix} (other lines are skipped), waiting at most {@code timeout}.
     *
     * @throws IOException on timeout or when the process ended first, with the tail of its stderr
     */
    String awaitLine(String prefix, Duration timeout) throws IOException, InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        long left = deadline - System.nanoTime();
        String line = lines.poll(Math.max(0, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200))), TimeUnit.NANOSECONDS);
        if (line != null) {
          if (line.startsWith(prefix)) {
            return line;
          }
          continue;
        }
        if (!process.isAlive() && lines.isEmpty() && !pump.isAlive()) {
          throw new IOException(name + " (pid " + pid() + ") exited with " + process.exitValue() + " before printing '"
              + prefix + "'; stderr tail:\n" + stderrTail());
        }
        if (left <= 0) {
          throw new IOException(name + " (pid " + pid() + ") printed no '" + prefix + "' within " + timeout
              + "; stderr tail:\n" + stderrTail());
        }
      }
    }

    /** Sends {@code command} and waits for the reply line starting with {@code replyPrefix}. */
    String ask(String command, String replyPrefix, Duration timeout) throws IOException, InterruptedException {
      send(command);
      return awaitLine(replyPrefix, timeout);
    }

    /** Waits for the process to exit; @return its exit code. @throws IOException on timeout (the process is killed) */
    int waitFor(Duration timeout) throws IOException, InterruptedException {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        close();
        throw new IOException(name + " (pid " + pid() + ") still running after " + timeout + "; stopped");
      }
      pump.join(2000);
      return process.exitValue();
    }

    /** The last lines of the child's stderr file. */
    String stderrTail() {
      try {
        List<String> all = Files.readAllLines(stderrFile);
        return String.join("\n", all.subList(Math.max(0, all.size() - 20), all.size()));
      } catch (IOException e) {
        return "(no stderr: " + e.getMessage() + ")";
      }
    }

    /** Resumes (in case it was frozen), terminates, and after a bounded wait kills the process; reaps it. */
    @Override
    public void close() {
      if (!process.isAlive()) {
        return;
      }
      // A frozen process keeps SIGTERM pending forever: wake it first.
      if (frozen) {
        thaw();
      }
      process.destroy();
      try {
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
