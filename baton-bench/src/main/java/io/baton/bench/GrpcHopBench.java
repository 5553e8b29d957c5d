package io.baton.bench;

import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The transport's own cost: a 20-byte message echoed on one gRPC bidirectional stream between two JVMs over a Unix
 * domain socket, with the same transport settings as Baton (Netty epoll, one event loop, direct executor) and no
 * Baton code. A Baton command is two such hops (controller ↔ daemon ↔ session app), so this separates what gRPC
 * costs from what Baton adds.
 */
final class GrpcHopBench {
  private GrpcHopBench() {}

  private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  private static final MethodDescriptor<byte[], byte[]> ECHO = MethodDescriptor.<byte[], byte[]>newBuilder()
      .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
      .setFullMethodName("bench.Echo/Stream")
      .setRequestMarshaller(BYTES)
      .setResponseMarshaller(BYTES)
      .build();

  /** Runs {@code warmup} unrecorded then {@code n} recorded round trips. */
  static RoundTrips run(Processes processes, Path dir, int warmup, int n) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path socket = dir.resolve("grpc.sock").toAbsolutePath();
    Path samples = dir.resolve("grpc.samples");
    Duration timeout = Duration.ofSeconds(60 + (warmup + n) / 1000);
    try (Processes.Child server = processes.role("grpc-hop-server", "grpc-hop-server", socket)) {
      server.awaitLine("READY", Daemon.READY_TIMEOUT);
      try (Processes.Child client = processes.role("grpc-hop-client", "grpc-hop-client", socket, warmup, n,
          samples)) {
        client.awaitLine("DONE", timeout);
        client.waitFor(timeout);
      }
      server.send("stop");
      server.waitFor(timeout);
    }
    return new RoundTrips(Stats.readSamples(samples));
  }

  /** {@code role grpc-hop-server SOCKET}: echoes every message of every stream until told {@code stop}. */
  static void serverMain(String[] args) throws IOException, InterruptedException {
    Path path = Paths.get(args[0]);
    Files.deleteIfExists(path);
    EpollEventLoopGroup loop = new EpollEventLoopGroup(1);
    Server server = NettyServerBuilder.forAddress(new DomainSocketAddress(path.toString()))
        .channelType(EpollServerDomainSocketChannel.class)
        .bossEventLoopGroup(loop)
        .workerEventLoopGroup(loop)
        .directExecutor()
        .addService(ServerServiceDefinition.builder("bench.Echo")
            .addMethod(ECHO, ServerCalls.asyncBidiStreamingCall(out -> new StreamObserver<byte[]>() {
              @Override
              public void onNext(byte[] value) {
                out.onNext(value);
              }

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onCompleted() {
                out.onCompleted();
              }
            }))
            .build())
        .build()
        .start();
    try {
      RoleIo.say("READY");
      RoleIo.awaitStop();
    } finally {
      server.shutdownNow().awaitTermination();
      loop.shutdownGracefully();
      Files.deleteIfExists(path);
    }
  }

  /** {@code role grpc-hop-client SOCKET WARMUP N SAMPLES_FILE}: times N echoes, writes them, prints DONE. */
  static void clientMain(String[] args) throws IOException, InterruptedException {
    Path path = Paths.get(args[0]);
    int warmup = Integer.parseInt(args[1]);
    int n = Integer.parseInt(args[2]);
    long[] samples = new long[n];
    EpollEventLoopGroup loop = new EpollEventLoopGroup(1);
    ManagedChannel channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(path.toString()))
        .channelType(EpollDomainSocketChannel.class, DomainSocketAddress.class)
        .eventLoopGroup(loop)
        .directExecutor()
        .usePlaintext()
        .build();
    try {
      // Awaited like the SDK's futures in the command benchmark, so that both wait the same way.
      AtomicReference<CompletableFuture<byte[]>> echo = new AtomicReference<>();
      StreamObserver<byte[]> requests = ClientCalls.asyncBidiStreamingCall(
          channel.newCall(ECHO, io.grpc.CallOptions.DEFAULT), new StreamObserver<byte[]>() {
            @Override
            public void onNext(byte[] value) {
              echo.get().complete(value);
            }

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {}
          });
      byte[] message = new byte[20];
      for (int i = 0; i < warmup + n; i++) {
        long start = System.nanoTime();
        CompletableFuture<byte[]> next = new CompletableFuture<>();
        echo.set(next);
        requests.onNext(message);
        next.orTimeout(10, TimeUnit.SECONDS).join();
        long elapsed = System.nanoTime() - start;
        if (i >= warmup) {
          samples[i - warmup] = elapsed;
        }
      }
      requests.onCompleted();
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      loop.shutdownGracefully();
    }
    Stats.writeSamples(Paths.get(args[3]), samples);
    RoleIo.say("DONE");
  }
}
