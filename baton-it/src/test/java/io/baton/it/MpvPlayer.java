package io.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real mpv (with the mpv-mpris plugin, loaded from {@code /etc/mpv/scripts}) playing a generated tone on a
 * {@link PrivateBus}, with no audio output. Its own state is read through its JSON IPC socket, a path independent of
 * MPRIS and of Baton. Stopped by its own PID.
 */
final class MpvPlayer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger REQUEST_IDS = new AtomicInteger();

  private final Process process;
  private final Path ipcSocket;

  private MpvPlayer(Process process, Path ipcSocket) {
    this.process = process;
    this.ipcSocket = ipcSocket;
  }

  /** A 60 s stereo sine tone in {@code dir}, made with sox (once per directory). */
  static Path tone(Path dir) throws IOException, InterruptedException {
    Path tone = dir.resolve("tone.wav");
    if (!Files.exists(tone)) {
      Process sox = new ProcessBuilder("sox", "-n", "-r", "44100", "-c", "2", tone.toString(), "synth", "60", "sine",
          "440", "vol", "0.3").redirectErrorStream(true).start();
      assertThat(sox.waitFor(30, TimeUnit.SECONDS)).as("sox finished").isTrue();
      assertThat(sox.exitValue()).as("sox exit code").isZero();
    }
    return tone;
  }

  /**
   * Starts mpv on {@code bus} playing {@code media}; {@code --idle=yes --keep-open=yes} keep it (and its bus name)
   * alive at the end of the file, as the test-environment notes require.
   */
  static MpvPlayer start(PrivateBus bus, Path dir, String name, Path media) throws IOException {
    Path ipc = dir.resolve(name + ".sock");
    Files.deleteIfExists(ipc);
    Process p = bus.spawn(name, List.of("mpv", "--no-video", "--ao=null", "--no-terminal", "--idle=yes",
        "--keep-open=yes", "--input-ipc-server=" + ipc, media.toString()));
    return new MpvPlayer(p, ipc);
  }

  /** A property through mpv's IPC ({@code get_property}). */
  JsonNode property(String name) throws IOException {
    JsonNode reply = command("get_property", name);
    assertThat(reply.get("error").asText()).as("mpv get_property %s", name).isEqualTo("success");
    return reply.get("data");
  }

  /** mpv's own playback position, in milliseconds. */
  long positionMs() throws IOException {
    return Math.round(property("time-pos").asDouble() * 1000);
  }

  /** Whether mpv is paused. */
  boolean paused() throws IOException {
    return property("pause").asBoolean();
  }

  /** Sends an IPC command and returns its reply (mpv's events on the same socket are skipped). */
  JsonNode command(Object... args) throws IOException {
    int id = REQUEST_IDS.incrementAndGet();
    String request = JSON.writeValueAsString(java.util.Map.of("command", List.of(args), "request_id", id)) + "\n";
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(ipcSocket));
      channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8)));
      BufferedReader reader = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
          StandardCharsets.UTF_8));
      for (String line; (line = reader.readLine()) != null; ) {
        JsonNode node = JSON.readTree(line);
        if (node.has("request_id") && node.get("request_id").asInt() == id) {
          return node;
        }
      }
    }
    throw new IOException("mpv closed its IPC socket without answering");
  }

  /** Whether the IPC socket accepts commands yet. */
  boolean ipcReady() {
    try {
      return Files.exists(ipcSocket) && command("get_property", "pid").has("data");
    } catch (IOException e) {
      return false;
    }
  }

  /** Quits mpv (SIGTERM), as a user closing the player would. */
  void quit() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      quit();
    }
  }
}
