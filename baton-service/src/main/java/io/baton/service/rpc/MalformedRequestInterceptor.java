package io.baton.service.rpc;

import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.protocol.ErrorMapping;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.StatusRuntimeException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers a request that does not parse as its protobuf message with 401 and Baton's error trailers, instead of
 * gRPC's bare {@code UNKNOWN: Application error processing RPC}: malformed input is a bad parameter like any other.
 *
 * <p>gRPC parses requests before any interceptor sees them, so {@link #wrap} gives every method a pass-through
 * request marshaller and parses requests itself, where a failure can be answered. Responses keep their original
 * marshaller: the hot path (events and replies) stays on protobuf's zero-copy serialization.
 */
final class MalformedRequestInterceptor {
  private static final MethodDescriptor.Marshaller<InputStream> RAW = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(InputStream value) {
      return value;
    }

    @Override
    public InputStream parse(InputStream stream) {
      return stream;
    }
  };

  private MalformedRequestInterceptor() {}

  /** {@code service}, parsing its requests where a malformed one can be answered with 401. */
  static ServerServiceDefinition wrap(ServerServiceDefinition service) {
    List<ServerMethodDefinition<InputStream, ?>> methods = new ArrayList<>();
    ServiceDescriptor original = service.getServiceDescriptor();
    ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(original.getName())
        .setSchemaDescriptor(original.getSchemaDescriptor());
    for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
      ServerMethodDefinition<InputStream, ?> wrapped = wrapMethod(method);
      methods.add(wrapped);
      descriptor.addMethod(wrapped.getMethodDescriptor());
    }
    ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(descriptor.build());
    methods.forEach(builder::addMethod);
    return builder.build();
  }

  private static <ReqT, RespT> ServerMethodDefinition<InputStream, RespT> wrapMethod(
      ServerMethodDefinition<ReqT, RespT> definition) {
    MethodDescriptor<ReqT, RespT> method = definition.getMethodDescriptor();
    MethodDescriptor<InputStream, RespT> raw = method.toBuilder(RAW, method.getResponseMarshaller()).build();
    ServerCallHandler<InputStream, RespT> handler = (call, headers) -> {
      ServerCall<ReqT, RespT> typed = new ForwardingServerCall<ReqT, RespT>() {
        @Override
        protected ServerCall<ReqT, RespT> delegate() {
          @SuppressWarnings("unchecked") // Only getMethodDescriptor differs, and it is overridden below.
          ServerCall<ReqT, RespT> cast = (ServerCall<ReqT, RespT>) (ServerCall<?, RespT>) call;
          return cast;
        }

        @Override
        public MethodDescriptor<ReqT, RespT> getMethodDescriptor() {
          return method;
        }
      };
      ServerCall.Listener<ReqT> listener = definition.getServerCallHandler().startCall(typed, headers);
      return new ServerCall.Listener<>() {
        private boolean failed;

        @Override
        public void onMessage(InputStream message) {
          if (failed) {
            return;
          }
          ReqT request;
          try {
            request = method.parseRequest(message);
          } catch (RuntimeException e) {
            failed = true;
            Throwable cause = e instanceof StatusRuntimeException && e.getCause() != null ? e.getCause() : e;
            StatusRuntimeException mapped = ErrorMapping.toStatusException(new AVSessionException(
                AVSessionErrorCode.INVALID_PARAMETER,
                "malformed " + method.getBareMethodName() + " request: " + cause.getMessage()));
            call.close(mapped.getStatus(), mapped.getTrailers());
            return;
          }
          listener.onMessage(request);
        }

        @Override
        public void onHalfClose() {
          if (!failed) {
            listener.onHalfClose();
          }
        }

        @Override
        public void onCancel() {
          listener.onCancel();
        }

        @Override
        public void onComplete() {
          listener.onComplete();
        }

        @Override
        public void onReady() {
          listener.onReady();
        }
      };
    };
    return ServerMethodDefinition.create(raw, handler);
  }
}
