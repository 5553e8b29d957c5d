package io.baton.service.rpc;

import io.baton.protocol.ProtocolConstants;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/** Copies the {@code baton-client-id} header into the call's {@link Context}. */
final class ClientIdInterceptor implements ServerInterceptor {
  static final Context.Key<String> CLIENT_ID = Context.key("baton-client-id");

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
      ServerCallHandler<ReqT, RespT> next) {
    String clientId = headers.get(ProtocolConstants.CLIENT_ID_KEY);
    if (clientId == null) {
      return next.startCall(call, headers);
    }
    return Contexts.interceptCall(Context.current().withValue(CLIENT_ID, clientId), call, headers, next);
  }
}
