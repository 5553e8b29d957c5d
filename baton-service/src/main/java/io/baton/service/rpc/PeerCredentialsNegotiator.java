package io.baton.service.rpc;

import io.grpc.Attributes;
import io.grpc.ChannelLogger;
import io.grpc.netty.shaded.io.grpc.netty.GrpcHttp2ConnectionHandler;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiationEvent;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiator;
import io.grpc.netty.shaded.io.grpc.netty.InternalProtocolNegotiators;
import io.grpc.netty.shaded.io.grpc.netty.ProtocolNegotiationEvent;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandler;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.PeerCredentials;
import io.grpc.netty.shaded.io.netty.util.AsciiString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A plaintext server negotiator that reads the peer's credentials ({@code SO_PEERCRED}: pid and uid) from each new
 * Unix-socket connection and stores them as a transport attribute, where {@link CallerIdentityInterceptor} finds
 * them.
 *
 * <p>gRPC offers no public hook for this, so this class uses grpc-netty's {@code Internal*} accessors (the approach
 * grpc's own documentation points to for custom negotiation). They are pinned by the grpc version in the build; the
 * integration tests fail loudly if an upgrade breaks them, because every client would then be refused.
 */
final class PeerCredentialsNegotiator implements InternalProtocolNegotiator.ProtocolNegotiator {
  private static final Logger log = LoggerFactory.getLogger(PeerCredentialsNegotiator.class);
  private static final AsciiString SCHEME = AsciiString.of("http");

  @Override
  public AsciiString scheme() {
    return SCHEME;
  }

  @Override
  public ChannelHandler newHandler(GrpcHttp2ConnectionHandler grpcHandler) {
    ChannelLogger logger = grpcHandler.getNegotiationLogger();
    ChannelHandler grpc = InternalProtocolNegotiators.grpcNegotiationHandler(grpcHandler);
    return InternalProtocolNegotiators.waitUntilActiveHandler(new PeerCredentialsHandler(grpc, logger), logger);
  }

  @Override
  public void close() {}

  /** Adds the peer's identity to the negotiation event's attributes, then hands over to gRPC. */
  private static final class PeerCredentialsHandler
      extends InternalProtocolNegotiators.ProtocolNegotiationHandler {

    PeerCredentialsHandler(ChannelHandler next, ChannelLogger logger) {
      super(next, "baton-peer-credentials", logger);
    }

    @Override
    protected void protocolNegotiationEventTriggered(ChannelHandlerContext ctx) {
      if (ctx.channel() instanceof EpollDomainSocketChannel) {
        try {
          PeerCredentials creds = ((EpollDomainSocketChannel) ctx.channel()).peerCredentials();
          ProtocolNegotiationEvent event = getProtocolNegotiationEvent();
          Attributes attrs = InternalProtocolNegotiationEvent.getAttributes(event).toBuilder()
              .set(PeerIdentity.TRANSPORT_ATTR, new PeerIdentity(creds.pid(), creds.uid()))
              .build();
          replaceProtocolNegotiationEvent(InternalProtocolNegotiationEvent.withAttributes(event, attrs));
        } catch (Exception e) {
          // Without an identity the interceptor refuses every call of this connection: say why here.
          log.error("cannot read the peer credentials of a new connection", e);
        }
      }
      fireProtocolNegotiationEvent(ctx);
    }
  }
}
