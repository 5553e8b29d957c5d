package io.baton.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import io.baton.protocol.ProtocolConstants;
import io.baton.protocol.v1.ClientMessage;
import io.baton.protocol.v1.CommandResult;
import io.baton.protocol.v1.Hello;
import io.baton.protocol.v1.ServerMessage;
import io.baton.protocol.v1.SessionServiceGrpc;
import io.baton.protocol.v1.Welcome;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One client of the in-process daemon, speaking the wire protocol at the byte level: its {@code Connect} stream
 * sends raw bytes (so that a fuzz target can send anything), and unary calls can be made with raw request bytes.
 *
 * <p>Like a session app's SDK, it answers every command the daemon forwards to its sessions with success (on the
 * daemon's app executor), unless told not to; every command it receives is recorded.
 */
final class WireClient implements AutoCloseable {
  /**
   * How long any single call or wait may take before the target fails: the daemon must never hang a call. Generous,
   * because a call runs inline on the caller's thread here, and the first calls of a run also load and (when
   * fuzzing) instrument the daemon's classes, which takes many seconds on a busy machine.
   */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

  static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
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

  private static final MethodDescriptor<byte[], ServerMessage> CONNECT = SessionServiceGrpc.getConnectMethod()
      .toBuilder(BYTES, SessionServiceGrpc.getConnectMethod().getResponseMarshaller())
      .build();

  private final Channel channel;
  private final Executor apps;
  private final StreamObserver<byte[]> requests;
  private final LinkedBlockingQueue<ServerMessage> received = new LinkedBlockingQueue<>();
  private final List<io.baton.protocol.v1.CommandRequest> commands = new CopyOnWriteArrayList<>();
  /** Completes when the stream ends: null when the daemon completed it, else the failure. */
  private final CompletableFuture<StatusRuntimeException> end = new CompletableFuture<>();
  private volatile boolean answerCommands = true;
  private String clientId = "";
  private volatile ClientCallStreamObserver<byte[]> flow;
  private boolean closed;

  WireClient(Channel channel, Executor apps) {
    this(channel, apps, false);
  }

  /**
   * A client; with {@code slow}, it reads one message (the Welcome) and then nothing until {@link #read} asks for
   * more, so that the daemon's outbox for it fills (gRPC flow control).
   */
  WireClient(Channel channel, Executor apps, boolean slow) {
    this.channel = channel;
    this.apps = apps;
    requests = ClientCalls.asyncBidiStreamingCall(channel.newCall(CONNECT, CallOptions.DEFAULT),
        new ClientResponseObserver<byte[], ServerMessage>() {
          @Override
          public void beforeStart(ClientCallStreamObserver<byte[]> stream) {
            if (slow) {
              stream.disableAutoRequestWithInitial(1);
            }
            flow = stream;
          }

          @Override
          public void onNext(ServerMessage message) {
            if (message.hasCommand()) {
              commands.add(message.getCommand());
              if (answerCommands) {
                long id = message.getCommand().getCommandId();
                apps.execute(() -> sendQuietly(ClientMessage.newBuilder()
                    .setCommandResult(CommandResult.newBuilder().setCommandId(id)).build()));
              }
            }
            received.add(message);
          }

          @Override
          public void onError(Throwable t) {
            end.complete(t instanceof StatusRuntimeException ? (StatusRuntimeException) t
                : io.grpc.Status.fromThrowable(t).asRuntimeException());
          }

          @Override
          public void onCompleted() {
            end.complete(null);
          }
        });
  }

  /** Sends Hello as {@code appId} and waits for the Welcome. */
  Welcome hello(String appId) {
    send(ClientMessage.newBuilder()
        .setHello(Hello.newBuilder().setAppId(appId).setProtocolVersion(ProtocolConstants.PROTOCOL_VERSION))
        .build());
    ServerMessage welcome = next(ServerMessage::hasWelcome);
    clientId = welcome.getWelcome().getClientId();
    return welcome.getWelcome();
  }

  String clientId() {
    return clientId;
  }

  /** Lets a slow client read {@code messages} more messages. */
  void read(int messages) {
    flow.request(messages);
  }

  /** Whether commands for this client's sessions are answered (with success) as they arrive. */
  void answerCommands(boolean answer) {
    answerCommands = answer;
  }

  /** Every command the daemon forwarded to this client's sessions, in order. */
  List<io.baton.protocol.v1.CommandRequest> commands() {
    return commands;
  }

  void send(ClientMessage message) {
    sendRaw(message.toByteArray());
  }

  synchronized void sendRaw(byte[] bytes) {
    requests.onNext(bytes);
  }

  private synchronized void sendQuietly(ClientMessage message) {
    if (closed || end.isDone()) {
      return;
    }
    try {
      requests.onNext(message.toByteArray());
    } catch (RuntimeException streamGone) {
      // The stream ended meanwhile; the daemon fails the command itself.
    }
  }

  /** The next message on the stream that matches, skipping others; fails after {@link #CALL_TIMEOUT}. */
  ServerMessage next(Predicate<ServerMessage> wanted) {
    long deadline = System.nanoTime() + CALL_TIMEOUT.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      ServerMessage m;
      try {
        m = left <= 0 ? null : received.poll(left, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
      if (m == null) {
        throw new AssertionError("no expected message on the Connect stream within " + CALL_TIMEOUT
            + (end.isDone() ? "; the stream ended: " + end.join() : ""));
      }
      if (wanted.test(m)) {
        return m;
      }
    }
  }

  /**
   * How the stream ended, waiting at most {@link #CALL_TIMEOUT}: null when the daemon completed it normally, else
   * the status it failed with. Fails when the stream does not end.
   */
  StatusRuntimeException awaitEnd() {
    try {
      return end.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("the Connect stream did not end within " + CALL_TIMEOUT, e);
    }
  }

  boolean ended() {
    return end.isDone();
  }

  /** A unary call with raw request bytes, carrying this client's id. */
  Outcome call(MethodDescriptor<?, ?> method, byte[] request) {
    return call(method, request, true);
  }

  /** A unary call with raw request bytes, with or without this client's id. */
  Outcome call(MethodDescriptor<?, ?> method, byte[] request, boolean withClientId) {
    MethodDescriptor<byte[], byte[]> raw = method.toBuilder(BYTES, BYTES).build();
    Channel target = channel;
    if (withClientId) {
      Metadata headers = new Metadata();
      headers.put(ProtocolConstants.CLIENT_ID_KEY, clientId);
      target = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    }
    try {
      byte[] response = ClientCalls.blockingUnaryCall(target, raw,
          CallOptions.DEFAULT.withDeadlineAfter(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), request);
      return new Outcome(method.getBareMethodName(), response, null);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == io.grpc.Status.Code.DEADLINE_EXCEEDED) {
        throw new AssertionError(method.getBareMethodName() + " did not answer within " + CALL_TIMEOUT
            + "; threads:\n" + threadDump(), e);
      }
      return new Outcome(method.getBareMethodName(), null, e);
    }
  }

  /** Every thread's stack, to show where a call hangs. */
  static String threadDump() {
    StringBuilder s = new StringBuilder();
    for (java.lang.management.ThreadInfo t : java.lang.management.ManagementFactory.getThreadMXBean()
        .dumpAllThreads(true, true)) {
      s.append('"').append(t.getThreadName()).append("\" ").append(t.getThreadState());
      if (t.getLockName() != null) {
        s.append(" on ").append(t.getLockName()).append(" owned by ").append(t.getLockOwnerName());
      }
      s.append('\n');
      for (StackTraceElement e : t.getStackTrace()) {
        s.append("    at ").append(e).append('\n');
      }
    }
    return s.toString();
  }

  /** A unary call with raw request bytes and this client's id, answered later (for calls that wait on an app). */
  CompletableFuture<Outcome> callAsync(MethodDescriptor<?, ?> method, byte[] request) {
    MethodDescriptor<byte[], byte[]> raw = method.toBuilder(BYTES, BYTES).build();
    Metadata headers = new Metadata();
    headers.put(ProtocolConstants.CLIENT_ID_KEY, clientId);
    Channel target = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    ClientCalls.asyncUnaryCall(target.newCall(raw,
        CallOptions.DEFAULT.withDeadlineAfter(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)), request,
        new StreamObserver<>() {
          private byte[] response;

          @Override
          public void onNext(byte[] value) {
            response = value;
          }

          @Override
          public void onError(Throwable t) {
            outcome.complete(new Outcome(method.getBareMethodName(), null, t instanceof StatusRuntimeException
                ? (StatusRuntimeException) t : io.grpc.Status.fromThrowable(t).asRuntimeException()));
          }

          @Override
          public void onCompleted() {
            outcome.complete(new Outcome(method.getBareMethodName(), response, null));
          }
        });
    return outcome;
  }

  /** A unary call that must succeed (scenario set-up), with its typed response. */
  <Q extends Message, R extends Message> R call(MethodDescriptor<Q, R> method, Q request) {
    Outcome outcome = call(method, request.toByteArray());
    assertThat(outcome.failure()).as("set-up call %s", method.getBareMethodName()).isNull();
    try {
      return method.getResponseMarshaller().parse(new ByteArrayInputStream(outcome.response()));
    } catch (RuntimeException e) {
      throw new AssertionError("unparsable " + method.getBareMethodName() + " response", e);
    }
  }

  /** Half-closes the stream (a client that exits cleanly) and waits until it ended. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (!end.isDone()) {
        try {
          requests.onCompleted();
        } catch (RuntimeException alreadyClosed) {
          // The daemon ended the stream first.
        }
      }
    }
    awaitEnd();
  }
}
