package io.baton.service.rpc;

import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.protocol.ErrorMapping;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.InputStream;

/**
 * Answers a request that does not parse as its protobuf message with 401 and Baton's error trailers, instead of
 * gRPC's bare {@code UNKNOWN: Application error processing RPC}: malformed input is a bad parameter like any other.
 *
 * <p>gRPC parses requests before any interceptor sees them, so {@link #wrap} moves parsing into the service (the
 * definition receives raw streams and parses them itself), where this interceptor can catch the failure.
 */
final class MalformedRequestInterceptor implements ServerInterceptor {

  /** {@code service}, parsing its requests where a malformed one can be answered with 401. */
  static ServerServiceDefinition wrap(ServerServiceDefinition service) {
    return ServerInterceptors.intercept(ServerInterceptors.useInputStreamMessages(service),
        new MalformedRequestInterceptor());
  }

  private MalformedRequestInterceptor() {}

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
      ServerCallHandler<ReqT, RespT> next) {
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
      private boolean failed;

      @Override
      public void onMessage(ReqT message) {
        if (failed) {
          return;
        }
        try {
          super.onMessage(message);
        } catch (StatusRuntimeException e) {
          if (e.getStatus().getCode() != Status.Code.INTERNAL || !(message instanceof InputStream)) {
            throw e;
          }
          failed = true;
          Throwable cause = e.getStatus().getCause();
          StatusRuntimeException mapped = ErrorMapping.toStatusException(new AVSessionException(
              AVSessionErrorCode.INVALID_PARAMETER, "malformed " + call.getMethodDescriptor().getBareMethodName()
                  + " request: " + (cause != null ? cause.getMessage() : e.getStatus().getDescription())));
          call.close(mapped.getStatus(), mapped.getTrailers());
        }
      }

      @Override
      public void onHalfClose() {
        if (!failed) {
          super.onHalfClose();
        }
      }
    };
  }
}
