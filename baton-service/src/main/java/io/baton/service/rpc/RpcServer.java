package io.baton.service.rpc;

import io.baton.protocol.ProtocolConstants;
import io.baton.protocol.v1.SessionServiceGrpc;
import io.baton.service.session.SessionRegistry;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.InternalNettyServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's gRPC server: the session service (with caller identification), the standard health service and
 * server reflection, on a Unix domain socket (or, for tests, in process).
 *
 * <p>Calls run directly on the Netty event loops ({@code directExecutor}): the service never blocks, and skipping the
 * executor hop saves a thread wake-up on every call, the largest cost of a local round trip.
 */
public final class RpcServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RpcServer.class);

  /**
   * At most this many calls may be open at once on one connection (HTTP/2 {@code SETTINGS_MAX_CONCURRENT_STREAMS});
   * the daemon refuses further streams with {@code REFUSED_STREAM}. A client needs one {@code Connect} stream plus its
   * unary calls in flight (gRPC clients queue calls beyond the limit themselves); without a bound, one connection
   * could open streams until the daemon runs out of memory.
   */
  public static final int MAX_CONCURRENT_CALLS_PER_CONNECTION = 1000;

  private final Server server;
  private final HealthStatusManager health;
  private final SessionServiceImpl service;
  private final EventLoopGroup eventLoops;

  private RpcServer(Server server, HealthStatusManager health, SessionServiceImpl service, EventLoopGroup loops) {
    this.server = server;
    this.health = health;
    this.service = service;
    this.eventLoops = loops;
  }

  /** Starts serving {@code registry} on the Unix socket {@code path}; callers are identified by SO_PEERCRED. */
  public static RpcServer startOnSocket(Path path, SessionRegistry registry, int outboxCapacity, int daemonUid,
      String version) throws IOException {
    return startOnSocket(path, registry, outboxCapacity, daemonUid, version, List.of());
  }

  /**
   * Starts serving {@code registry} and the {@code extra} services on the Unix socket {@code path}. Extra services get
   * the session service's interceptors (malformed requests answer 401, the client id header, SO_PEERCRED identity),
   * so they can find their caller with {@link CallContext#currentClient}; like it, they must never block.
   */
  public static RpcServer startOnSocket(Path path, SessionRegistry registry, int outboxCapacity, int daemonUid,
      String version, List<BindableService> extra) throws IOException {
    SessionServiceImpl service = new SessionServiceImpl(registry, outboxCapacity, daemonUid, version);
    HealthStatusManager health = new HealthStatusManager();
    // Two event loops: one per core of the target machines; the service itself never blocks them.
    EventLoopGroup loops = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
    NettyServerBuilder builder = NettyServerBuilder
        .forAddress(new DomainSocketAddress(path.toString()),
            InternalNettyServerCredentials.create(new PeerCredentialsNegotiator()))
        .channelType(EpollServerDomainSocketChannel.class)
        .bossEventLoopGroup(loops)
        .workerEventLoopGroup(loops)
        .directExecutor()
        .maxInboundMessageSize(ProtocolConstants.MAX_MESSAGE_BYTES)
        .maxConcurrentCallsPerConnection(MAX_CONCURRENT_CALLS_PER_CONNECTION)
        .addService(MalformedRequestInterceptor.wrap(ServerInterceptors.intercept(service,
            new ClientIdInterceptor(), new CallerIdentityInterceptor(null))))
        .addService(health.getHealthService())
        .addService(ProtoReflectionServiceV1.newInstance());
    for (BindableService extraService : extra) {
      builder.addService(MalformedRequestInterceptor.wrap(ServerInterceptors.intercept(extraService,
          new ClientIdInterceptor(), new CallerIdentityInterceptor(null))));
    }
    Server server = builder.build();
    try {
      server.start();
    } catch (IOException | RuntimeException e) {
      loops.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw e;
    }
    health.setStatus("", io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING);
    health.setStatus(SessionServiceGrpc.SERVICE_NAME, io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING);
    for (BindableService extraService : extra) {
      health.setStatus(extraService.bindService().getServiceDescriptor().getName(),
          io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING);
    }
    return new RpcServer(server, health, service, loops);
  }

  /**
   * Starts serving {@code registry} to paired devices on the TCP {@code address}, over TLS with {@code credentials}
   * (which must require client certificates). Calls are identified by {@link NetworkPeers}: a paired device acts as
   * the daemon's user with its device id; an unpaired peer reaches only the methods it allows (pairing, in
   * {@code extra}). No reflection: the network surface is only what devices need.
   */
  public static RpcServer startOnNetwork(InetSocketAddress address, ServerCredentials credentials, NetworkPeers peers,
      SessionRegistry registry, int outboxCapacity, int daemonUid, String version, List<BindableService> extra)
      throws IOException {
    SessionServiceImpl service = new SessionServiceImpl(registry, outboxCapacity, daemonUid, version);
    HealthStatusManager health = new HealthStatusManager();
    EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    NetworkIdentityInterceptor identity = new NetworkIdentityInterceptor(peers, daemonUid);
    NettyServerBuilder builder = NettyServerBuilder.forAddress(address, credentials)
        .channelType(EpollServerSocketChannel.class)
        .bossEventLoopGroup(loops)
        .workerEventLoopGroup(loops)
        .directExecutor()
        .maxInboundMessageSize(ProtocolConstants.MAX_MESSAGE_BYTES)
        .maxConcurrentCallsPerConnection(MAX_CONCURRENT_CALLS_PER_CONNECTION)
        // Peers ping every second so that a dead link is noticed within the 3 s the device layer promises.
        .permitKeepAliveTime(500, TimeUnit.MILLISECONDS)
        .permitKeepAliveWithoutCalls(true)
        .handshakeTimeout(5, TimeUnit.SECONDS)
        .addService(MalformedRequestInterceptor.wrap(ServerInterceptors.intercept(service,
            new ClientIdInterceptor(), identity)))
        .addService(ServerInterceptors.intercept(health.getHealthService(), identity));
    for (BindableService extraService : extra) {
      builder.addService(MalformedRequestInterceptor.wrap(ServerInterceptors.intercept(extraService,
          new ClientIdInterceptor(), identity)));
    }
    Server server = builder.build();
    try {
      server.start();
    } catch (IOException | RuntimeException e) {
      loops.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw e;
    }
    health.setStatus("", io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING);
    return new RpcServer(server, health, service, loops);
  }

  /** The port the server listens on (for a network server started on port 0). */
  public int port() {
    return ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
  }

  /**
   * Starts serving {@code registry} in process under {@code name}; every caller has the identity {@code identity}
   * (the in-process transport has no peer credentials). For tests.
   */
  public static RpcServer startInProcess(String name, SessionRegistry registry, int outboxCapacity,
      PeerIdentity identity, int daemonUid) throws IOException {
    SessionServiceImpl service = new SessionServiceImpl(registry, outboxCapacity, daemonUid, "test");
    HealthStatusManager health = new HealthStatusManager();
    Server server = InProcessServerBuilder.forName(name)
        .directExecutor()
        .addService(MalformedRequestInterceptor.wrap(ServerInterceptors.intercept(service,
            new ClientIdInterceptor(), new CallerIdentityInterceptor(identity))))
        .addService(health.getHealthService())
        .build()
        .start();
    return new RpcServer(server, health, service, null);
  }

  /** Clients currently connected. */
  public int connectedClients() {
    return service.connectedClients();
  }

  /** Blocks until the server has terminated. */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /** Stops accepting calls and ends every open call, waiting at most 2 s. Idempotent. */
  @Override
  public void close() {
    health.enterTerminalState();
    server.shutdownNow();
    try {
      if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
        log.warn("gRPC server did not terminate within 2 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (eventLoops != null) {
      eventLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }
}
