package io.baton.service.rpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Puts the identity of the connection a call came in on into the call's {@link Context}. Calls on a Unix socket get
 * the kernel's peer credentials; calls on other transports (the in-process transport of tests) get
 * {@code fallback}, or are refused when there is none.
 */
final class CallerIdentityInterceptor implements ServerInterceptor {
  private final PeerIdentity fallback;

  /** An interceptor; {@code fallback} (may be null) is used for transports without peer credentials. */
  CallerIdentityInterceptor(PeerIdentity fallback) {
    this.fallback = fallback;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
      ServerCallHandler<ReqT, RespT> next) {
    PeerIdentity identity = call.getAttributes().get(PeerIdentity.TRANSPORT_ATTR);
    if (identity == null) {
      identity = fallback;
    }
    if (identity == null) {
      call.close(Status.UNAUTHENTICATED.withDescription("the daemon cannot identify this connection"),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return Contexts.interceptCall(Context.current().withValue(PeerIdentity.CONTEXT_KEY, identity), call, headers,
        next);
  }
}
