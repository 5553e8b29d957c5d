package io.baton.bench;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;

/**
 * The floor: a raw 1-byte ping-pong over a Unix domain socket between two JVMs (java.nio {@link SocketChannel},
 * blocking), started with the same flags as Baton's processes. No Baton design can beat it on this machine: a command
 * round trip crosses at least that many thread wake-ups, so Baton's latencies are reported as multiples of it.
 */
final class FloorBench {
  private FloorBench() {}

  /** Runs {@code warmup} unrecorded then {@code n} recorded round trips. */
  static RoundTrips run(Processes processes, Path dir, int warmup, int n) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path socket = dir.resolve("floor.sock").toAbsolutePath();
    Path samples = dir.resolve("floor.samples");
    Duration timeout = Duration.ofSeconds(60 + (warmup + n) / 1000);
    try (Processes.Child server = processes.role("floor-server", "floor-server", socket)) {
      server.awaitLine("READY", Daemon.READY_TIMEOUT);
      try (Processes.Child client = processes.role("floor-client", "floor-client", socket, warmup, n, samples)) {
        client.awaitLine("DONE", timeout);
        client.waitFor(timeout);
      }
      server.waitFor(timeout);
    }
    return new RoundTrips(Stats.readSamples(samples));
  }

  /** {@code role floor-server SOCKET}: echoes every byte of one connection, then exits. */
  static void serverMain(String[] args) throws IOException {
    Path path = Paths.get(args[0]);
    Files.deleteIfExists(path);
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(path));
      RoleIo.say("READY");
      try (SocketChannel ch = server.accept()) {
        ByteBuffer buf = ByteBuffer.allocateDirect(1);
        while (true) {
          buf.clear();
          if (ch.read(buf) < 0) {
            break;
          }
          buf.flip();
          while (buf.hasRemaining()) {
            ch.write(buf);
          }
        }
      }
    } finally {
      Files.deleteIfExists(path);
    }
  }

  /** {@code role floor-client SOCKET WARMUP N SAMPLES_FILE}: times N round trips, writes them, prints DONE. */
  static void clientMain(String[] args) throws IOException {
    Path path = Paths.get(args[0]);
    int warmup = Integer.parseInt(args[1]);
    int n = Integer.parseInt(args[2]);
    long[] samples = new long[n];
    try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
      ByteBuffer buf = ByteBuffer.allocateDirect(1);
      for (int i = 0; i < warmup + n; i++) {
        long start = System.nanoTime();
        buf.clear();
        buf.put((byte) i).flip();
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        buf.clear();
        while (buf.position() == 0) {
          if (ch.read(buf) < 0) {
            throw new IOException("the floor server closed the connection");
          }
        }
        long elapsed = System.nanoTime() - start;
        if (i >= warmup) {
          samples[i - warmup] = elapsed;
        }
      }
    }
    Stats.writeSamples(Paths.get(args[3]), samples);
    RoleIo.say("DONE");
  }
}
