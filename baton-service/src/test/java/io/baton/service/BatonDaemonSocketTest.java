package io.baton.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.baton.protocol.v1.ClientMessage;
import io.baton.protocol.v1.Hello;
import io.baton.protocol.v1.ServerMessage;
import io.baton.protocol.v1.SessionServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.stub.StreamObserver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests {@link BatonDaemon} on a real Unix socket: identity from SO_PEERCRED, health, socket hygiene. */
class BatonDaemonSocketTest {
  @TempDir Path dir;
  private EventLoopGroup loops;
  private ManagedChannel channel;

  @AfterEach
  void tearDown() throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
    }
    if (loops != null) {
      loops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }
  }

  private ManagedChannel connect(Path socket) {
    loops = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
        .channelType(EpollDomainSocketChannel.class)
        .eventLoopGroup(loops)
        .usePlaintext()
        .build();
    return channel;
  }

  @Test
  void connect_overUnixSocket_welcomeCarriesKernelPeerCredentials() throws Exception {
    Path socket = dir.resolve("run/baton.sock");
    try (BatonDaemon daemon = BatonDaemon.builder().socket(socket).stateDir(dir.resolve("state")).start()) {
      LinkedBlockingQueue<ServerMessage> received = new LinkedBlockingQueue<>();
      StreamObserver<ClientMessage> requests = SessionServiceGrpc.newStub(connect(socket)).connect(
          new StreamObserver<>() {
            @Override
            public void onNext(ServerMessage value) {
              received.add(value);
            }

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onCompleted() {}
          });
      requests.onNext(ClientMessage.newBuilder().setHello(Hello.newBuilder().setAppId("test.app")
          .setProtocolVersion(1)).build());

      ServerMessage welcome = received.poll(5, TimeUnit.SECONDS);

      assertThat(welcome).isNotNull();
      assertThat(welcome.getWelcome().getPid()).isEqualTo((int) ProcessHandle.current().pid());
      assertThat(welcome.getWelcome().getUid()).isEqualTo(BatonDaemon.currentUid());
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())))
          .isEqualTo("rwx------");
      requests.onCompleted();
    }
    assertThat(socket).doesNotExist();
  }

  @Test
  void health_whileServing_isServing() throws Exception {
    Path socket = dir.resolve("baton.sock");
    try (BatonDaemon daemon = BatonDaemon.builder().socket(socket).stateDir(dir.resolve("state")).start()) {
      HealthCheckResponse response = HealthGrpc.newBlockingStub(connect(socket))
          .check(HealthCheckRequest.newBuilder().build());

      assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }
  }

  @Test
  void start_secondDaemonOnSameSocket_refusesWithClearMessage() throws Exception {
    Path socket = dir.resolve("baton.sock");
    try (BatonDaemon first = BatonDaemon.builder().socket(socket).stateDir(dir.resolve("a")).start()) {
      assertThatThrownBy(() -> BatonDaemon.builder().socket(socket).stateDir(dir.resolve("b")).start())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already serving");
    }
  }

  @Test
  void start_socketFileDeletedUnderARunningDaemon_secondDaemonStillRefuses() throws Exception {
    Path socket = dir.resolve("baton.sock");
    try (BatonDaemon first = BatonDaemon.builder().socket(socket).stateDir(dir.resolve("a")).start()) {
      Files.delete(socket);

      assertThatThrownBy(() -> BatonDaemon.builder().socket(socket).stateDir(dir.resolve("b")).start())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already serving")
          .hasMessageContaining("pid " + ProcessHandle.current().pid());
    }
    try (BatonDaemon next = BatonDaemon.builder().socket(socket).stateDir(dir.resolve("c")).start()) {
      assertThat(next.socket()).isEqualTo(socket);
    }
  }

  @Test
  void start_staleSocketFile_isReclaimed() throws Exception {
    Path socket = dir.resolve("baton.sock");
    Files.createFile(socket);

    try (BatonDaemon daemon = BatonDaemon.builder().socket(socket).stateDir(dir.resolve("state")).start()) {
      assertThat(daemon.socket()).isEqualTo(socket);
    }
  }
}
