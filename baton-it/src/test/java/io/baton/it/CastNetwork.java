package io.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The cast tests' network: two network namespaces joined by a veth pair (renderer side and daemon side, addresses
 * 10.233.N.1 and 10.233.N.2), a real gmediarender in the first, and Baton daemons and a media server in the second.
 * Multicast stays inside the namespaces (a 224.0.0.0/4 route on each veth end); nothing touches the host's
 * interfaces. {@link #close()} stops every process it started, by PID, and deletes both namespaces.
 */
final class CastNetwork implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(60);
  static final String RENDERER_UUID = "b47057a1-2222-3333-4444-555555555555";
  static final String RENDERER_NAME = "baton-it-renderer";
  static final int RENDERER_PORT = 49494;
  private static final Path JAVA = Paths.get(System.getProperty("java.home"), "bin", "java");

  final String rendererNs;
  final String daemonNs;
  final String rendererAddress;
  final String daemonAddress;
  final Path dir;
  private final List<Proc> processes = new ArrayList<>();
  private final Map<String, Proc> daemons = new ConcurrentHashMap<>();
  private Proc renderer;

  /** Why these tests cannot run here, or null when they can. */
  static String missingPrerequisite() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "creating network namespaces needs root";
    }
    for (String tool : List.of("ip", "gmediarender", "sox")) {
      if (!onPath(tool)) {
        return tool + " is not installed (.ci/run installs it: apt-get install iproute2 gmediarender sox"
            + " gstreamer1.0-plugins-base gstreamer1.0-plugins-good)";
      }
    }
    return null;
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
  }

  CastNetwork(Path dir) throws Exception {
    this.dir = dir;
    int n = ThreadLocalRandom.current().nextInt(1, 250);
    String tag = Long.toString(ProcessHandle.current().pid() % 100000) + n;
    rendererNs = "baton-r" + tag;
    daemonNs = "baton-c" + tag;
    rendererAddress = "10.233." + n + ".1";
    daemonAddress = "10.233." + n + ".2";
    String rIf = "bvr" + tag;
    String cIf = "bvc" + tag;
    try {
      run("ip", "netns", "add", rendererNs);
      run("ip", "netns", "add", daemonNs);
      run("ip", "link", "add", rIf, "type", "veth", "peer", "name", cIf);
      run("ip", "link", "set", rIf, "netns", rendererNs);
      run("ip", "link", "set", cIf, "netns", daemonNs);
      inNs(rendererNs, "ip", "addr", "add", rendererAddress + "/24", "dev", rIf);
      inNs(daemonNs, "ip", "addr", "add", daemonAddress + "/24", "dev", cIf);
      for (String ns : List.of(rendererNs, daemonNs)) {
        inNs(ns, "ip", "link", "set", "lo", "up");
      }
      // No duplicate address detection: libupnp would fail to bind the link-local address for a second.
      inNs(rendererNs, "sysctl", "-q", "-w", "net.ipv6.conf." + rIf + ".accept_dad=0");
      inNs(rendererNs, "ip", "link", "set", rIf, "up");
      inNs(daemonNs, "ip", "link", "set", cIf, "up");
      // Multicast (SSDP) goes over the veth, inside the namespaces.
      inNs(rendererNs, "ip", "route", "add", "224.0.0.0/4", "dev", rIf);
      inNs(daemonNs, "ip", "route", "add", "224.0.0.0/4", "dev", cIf);
      startRenderer(rIf);
    } catch (Exception e) {
      close();
      throw e;
    }
  }

  String rendererDescriptionUrl() {
    return "http://" + rendererAddress + ":" + RENDERER_PORT + "/description.xml";
  }

  private void startRenderer(String iface) throws Exception {
    renderer = start(List.of("ip", "netns", "exec", rendererNs, "gmediarender", "-I", iface,
        "-p", Integer.toString(RENDERER_PORT), "-f", RENDERER_NAME, "-u", RENDERER_UUID,
        "--gstout-audiopipe", "audioconvert ! fakesink sync=true",
        "--logfile", dir.resolve("renderer.log").toString()));
    // Ready when its description answers (usually after 0.4 s; libupnp retries binding for a while).
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      Process probe = new ProcessBuilder("ip", "netns", "exec", daemonNs, "curl", "-s", "-m", "1", "-o",
          "/dev/null", "-w", "%{http_code}", rendererDescriptionUrl()).redirectErrorStream(true).start();
      String code = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      probe.waitFor(5, TimeUnit.SECONDS);
      if (code.equals("200")) {
        return;
      }
      if (System.nanoTime() > deadline || !renderer.process.isAlive()) {
        throw new AssertionError("gmediarender did not come up (alive: " + renderer.process.isAlive() + ")");
      }
      Thread.sleep(200);
    }
  }

  /** Sends {@code signal} (STOP, CONT) to the renderer, by its PID: a stopped renderer accepts but never answers. */
  void signalRenderer(String signal) throws Exception {
    run("kill", "-" + signal, Long.toString(renderer.process.pid()));
  }

  /** SIGKILLs the renderer, like a crash or a power cut. */
  void killRenderer() throws InterruptedException {
    renderer.process.destroyForcibly();
    renderer.process.waitFor(10, TimeUnit.SECONDS);
  }

  /** Starts a daemon with casting in the daemon namespace; returns its socket once it is ready. */
  Path startDaemon(String name, String... castOptions) throws Exception {
    Path socket = dir.resolve(name + "/run/baton.sock");
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", daemonNs, JAVA.toString(),
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        "io.baton.cli.BatonCli", "daemon", "--socket", socket.toString(),
        "--state-dir", dir.resolve(name + "/state").toString(), "--cast"));
    command.addAll(List.of(castOptions));
    Proc daemon = start(command);
    daemons.put(name, daemon);
    daemon.awaitLine("baton daemon ready on ", TIMEOUT);
    return socket;
  }

  /** What the daemon started as {@code name} logged so far. */
  String daemonLog(String name) {
    return daemons.get(name).stderr.toString();
  }

  /** Starts the test media server in the daemon namespace serving {@code files}; its URLs by file name. */
  Map<String, String> startMediaServer(Path... files) throws Exception {
    List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", daemonNs, JAVA.toString(),
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        "io.baton.cast.dlna.TestMediaServerMain", daemonAddress));
    for (Path f : files) {
      command.add(f.toString());
    }
    Proc server = start(command);
    Map<String, String> urls = new ConcurrentHashMap<>();
    while (true) {
      String line = server.awaitLine("", TIMEOUT);
      if (line.equals("READY")) {
        return urls;
      }
      String[] parts = line.split(" ");
      urls.put(parts[0].equals("SILENT") ? "SILENT" : parts[1], parts[parts.length - 1]);
    }
  }

  /** Makes a test tone with sox. */
  Path tone(String name, int seconds) throws Exception {
    Path file = dir.resolve(name);
    run("sox", "-n", "-r", "44100", "-c", "2", file.toString(), "synth", Integer.toString(seconds), "sine", "440",
        "vol", "0.3");
    return file;
  }

  private Proc start(List<String> command) throws IOException {
    Proc p = new Proc(new ProcessBuilder(command).start());
    processes.add(p);
    return p;
  }

  private static void inNs(String ns, String... command) throws Exception {
    List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", ns));
    all.addAll(List.of(command));
    run(all.toArray(new String[0]));
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish");
    }
    assertThat(p.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
  }

  @Override
  public void close() {
    for (int i = processes.size() - 1; i >= 0; i--) {
      processes.get(i).stop();
    }
    for (String ns : new String[] {rendererNs, daemonNs}) {
      try {
        new ProcessBuilder("ip", "netns", "del", ns).redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        // The next namespace still gets deleted.
      }
    }
  }

  /** A started process: stdout lines queued, stderr kept; stopped by its own PID. */
  static final class Proc {
    final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuffer stderr = new StringBuffer();

    Proc(Process process) {
      this.process = process;
      pump(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), true);
      pump(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)), false);
    }

    private void pump(BufferedReader reader, boolean out) {
      Thread t = new Thread(() -> {
        try (reader) {
          for (String line; (line = reader.readLine()) != null; ) {
            if (out) {
              lines.add(line);
            } else {
              stderr.append(line).append('\n');
            }
          }
        } catch (IOException ignored) {
          // The process ended.
        }
      }, "pump-" + process.pid());
      t.setDaemon(true);
      t.start();
    }

    String awaitLine(String prefix, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        long left = deadline - System.nanoTime();
        String line = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
        if (line == null) {
          throw new AssertionError("no line starting with '" + prefix + "' within " + timeout + " (alive: "
              + process.isAlive() + "); stderr:\n" + stderr);
        }
        if (line.startsWith(prefix)) {
          return line;
        }
      }
    }

    void stop() {
      try {
        process.getOutputStream().close();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      } catch (Exception e) {
        process.destroyForcibly();
      }
    }
  }
}
