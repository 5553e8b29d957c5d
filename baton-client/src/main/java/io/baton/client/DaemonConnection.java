package io.baton.client;

import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.Nullable;
import io.baton.protocol.ErrorMapping;
import io.baton.protocol.ProtocolConstants;
import io.baton.protocol.v1.ClientMessage;
import io.baton.protocol.v1.ControllerRequest;
import io.baton.protocol.v1.ControllerResponse;
import io.baton.protocol.v1.Hello;
import io.baton.protocol.v1.ServerMessage;
import io.baton.protocol.v1.SessionServiceGrpc;
import io.baton.protocol.v1.SessionServiceGrpc.SessionServiceStub;
import io.baton.protocol.v1.Welcome;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection to the daemon: one gRPC channel, the client's {@code Connect} stream on it, and the unary calls that
 * carry the stream's client id.
 *
 * <h2>Lifecycle</h2>
 * {@link #start()} opens the first {@code Connect} stream. Each stream is a {@link Link}: it waits for the channel to
 * connect (pushing the channel to retry at a backoff of 50 ms doubling to 1 s), sends {@code Hello} and is usable once
 * {@code Welcome} arrives. When a welcomed link ends (the daemon died or dropped the client), the {@link Listener}
 * hears {@link Listener#onDisconnected()} and a new link is attempted after the same backoff, until {@link #close()}.
 * A link that gets no {@code Welcome} within {@value #WELCOME_TIMEOUT_MS} ms is cancelled and replaced. A link serves the application's calls only once the listener has finished
 * {@link Listener#onConnected recovering} on it. Before the first {@code Welcome}, a daemon that answers
 * {@code Hello} with an error (rather than not answering) fails {@link #awaitFirstConnection} at once.
 *
 * <h2>Calls</h2>
 * {@link #call} waits for a ready link for up to the retry timeout (measured from the call), and retries a call that
 * fails with a {@linkplain ErrorMapping#isTransportFailure transport failure} on the next link within the same
 * window; then it fails with 6600101 ("daemon unreachable for N ms"). Other failures are mapped by
 * {@link ErrorMapping#fromThrowable}. {@link #callOn} makes one attempt on a given link, for recovery.
 *
 * <h2>Threading</h2>
 * Thread-safe. The futures returned here complete on gRPC threads or on this connection's timer thread
 * ({@code baton-timer}), never on the application's: callers hand them to {@link CallbackDispatcher#relay}. The
 * listener is called on gRPC threads and must not block. Writes to a link's request stream are serialized by the
 * link. No lock is held while calling into gRPC's request streams or the listener, except that a link holds its own
 * monitor while writing to its request stream.
 */
/* package */ final class DaemonConnection {
  private static final Logger logger = LoggerFactory.getLogger(DaemonConnection.class);

  /** The first delay between connection attempts; it doubles after each failed attempt. */
  /* package */ static final long INITIAL_BACKOFF_MS = 50;
  /** The longest delay between connection attempts. */
  /* package */ static final long MAX_BACKOFF_MS = 1_000;
  /** How long a link waits (for the channel, then for {@code Welcome}) before it is replaced by a new one. */
  /* package */ static final long WELCOME_TIMEOUT_MS = 5_000;
  /** How long {@link #close()} waits for the channel to finish its calls before it cancels them. */
  /* package */ static final long SHUTDOWN_TIMEOUT_MS = 2_000;
  /** How long a first connection that is under way (connecting, or connected and awaiting Welcome) may take. */
  /* package */ static final long FIRST_CONNECTION_PATIENCE_MS = 30_000;
  private static final long PROGRESS_CHECK_MS = 100;

  /** Told about links; every method is called on a gRPC thread and must not block. */
  /* package */ interface Listener {
    /**
     * {@code link} was welcomed. The link serves calls once the returned future completes (normally or not):
     * recovery after a daemon restart runs in between, on the link, with {@link #callOn}.
     *
     * @param reconnected whether an earlier link had been welcomed (so this is a new daemon, or the same one after a
     *     broken stream)
     */
    CompletableFuture<Void> onConnected(Link link, boolean reconnected);

    /** A message other than {@code Welcome} arrived on the welcomed {@code link}. */
    void onServerMessage(Link link, ServerMessage message);

    /** The welcomed link ended; a new one is being attempted. */
    void onDisconnected();
  }

  /** Starts one unary call on a stub; the stub already carries the client id header. */
  @FunctionalInterface
  /* package */ interface Rpc<T> {
    void start(SessionServiceStub stub, StreamObserver<T> responses);
  }

  private final ManagedChannel channel;
  private final Runnable releaseTransport;
  private final String appId;
  private final Duration retryTimeout;
  private final Listener listener;
  private final ScheduledThreadPoolExecutor timer;
  private final CompletableFuture<Void> firstConnection = new CompletableFuture<>();

  private final Object lock = new Object();
  // @GuardedBy("lock")
  private boolean closed;
  // @GuardedBy("lock"): the link being attempted or connected; null between attempts.
  private @Nullable Link current;
  // @GuardedBy("lock"): the link that serves calls (welcomed and recovered); null while there is none.
  private @Nullable Link ready;
  // @GuardedBy("lock"): calls waiting for a ready link, in arrival order.
  private final Set<CompletableFuture<Link>> waiters = new LinkedHashSet<>();
  // @GuardedBy("lock")
  private long backoffMs = INITIAL_BACKOFF_MS;
  // @GuardedBy("lock")
  private boolean everConnected;
  // @GuardedBy("lock")
  private int linkCount;

  /**
   * A connection over {@code channel} (owned: {@link #close()} shuts it down, then runs {@code releaseTransport}).
   */
  /* package */ DaemonConnection(
      ManagedChannel channel, Runnable releaseTransport, String appId, Duration retryTimeout, Listener listener) {
    this.channel = channel;
    this.releaseTransport = releaseTransport;
    this.appId = appId;
    this.retryTimeout = retryTimeout;
    this.listener = listener;
    timer =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = Executors.defaultThreadFactory().newThread(runnable);
              thread.setName("baton-timer");
              thread.setDaemon(true);
              return thread;
            });
    // Waiters cancel their timeouts when a link arrives; don't keep thousands of dead tasks queued.
    timer.setRemoveOnCancelPolicy(true);
  }

  /** Opens the first link. */
  /* package */ void start() {
    startLink();
  }

  /**
   * Waits until the first link is ready: up to {@code wait} while the daemon cannot be reached, and up to
   * {@value #FIRST_CONNECTION_PATIENCE_MS} ms in all while a connection is being made or is made and waits for its
   * Welcome. A daemon that is absent fails fast; a crowded machine (a new JVM loading its classes, a busy daemon) is
   * not mistaken for an absent daemon.
   *
   * @throws AVSessionException 6600101 if that takes too long, or the connection closed meanwhile
   */
  /* package */ void awaitFirstConnection(Duration wait) {
    long start = System.nanoTime();
    long patienceNanos = Math.max(wait.toNanos(), TimeUnit.MILLISECONDS.toNanos(FIRST_CONNECTION_PATIENCE_MS));
    long waitNanos = wait.toNanos();
    try {
      while (true) {
        long elapsed = System.nanoTime() - start;
        long slice = elapsed < waitNanos ? waitNanos - elapsed : TimeUnit.MILLISECONDS.toNanos(PROGRESS_CHECK_MS);
        try {
          firstConnection.get(slice, TimeUnit.NANOSECONDS);
          return;
        } catch (TimeoutException e) {
          if (System.nanoTime() - start >= patienceNanos || !connectionInProgress()) {
            throw unreachable();
          }
        }
      }
    } catch (ExecutionException e) {
      throw ErrorMapping.fromThrowable(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AVSessionException(AVSessionErrorCode.SERVICE_EXCEPTION, "interrupted while connecting", e);
    }
  }

  /** Whether the channel is connecting or connected (as opposed to failing or idle between attempts). */
  private boolean connectionInProgress() {
    ConnectivityState state = channel.getState(false);
    return state == ConnectivityState.CONNECTING || state == ConnectivityState.READY;
  }

  /**
   * Makes a unary call on the ready link, waiting for one and retrying transport failures within the retry timeout.
   * The future fails with an {@link AVSessionException}.
   *
   * @throws IllegalStateException if the connection is closed
   */
  /* package */ <T> CompletableFuture<T> call(Rpc<T> rpc) {
    checkOpen();
    CompletableFuture<T> result = new CompletableFuture<>();
    attempt(rpc, /* exclude= */ null, System.nanoTime() + retryTimeout.toNanos(), result);
    return result;
  }

  /**
   * Sends a controller request on the ready link's {@code Connect} stream (cheaper than the equivalent unary call:
   * no HTTP/2 stream per command), waiting for a link and retrying on the next one when the link breaks, within the
   * retry timeout, like {@link #call}. {@code request} is given the request id to use. The future fails with an
   * {@link AVSessionException}.
   *
   * @throws IllegalStateException if the connection is closed
   */
  /* package */ CompletableFuture<Void> request(LongFunction<ControllerRequest> request) {
    checkOpen();
    CompletableFuture<Void> result = new CompletableFuture<>();
    attemptRequest(request, /* exclude= */ null, System.nanoTime() + retryTimeout.toNanos(), result);
    return result;
  }

  /** @throws IllegalStateException if the connection is closed */
  private void checkOpen() {
    synchronized (lock) {
      if (closed) {
        throw ManagerImpl.closedException();
      }
    }
  }

  /**
   * Makes one unary call on {@code link}, which need not be ready yet. The future fails with the raw gRPC failure, so
   * that the caller can tell {@linkplain ErrorMapping#isTransportFailure transport failures} apart.
   */
  /* package */ <T> CompletableFuture<T> callOn(Link link, Rpc<T> rpc) {
    CompletableFuture<T> result = new CompletableFuture<>();
    invoke(link, rpc, new UnaryObserver<>(result::complete, result::completeExceptionally));
    return result;
  }

  /** Sends {@code message} on the current welcomed link; false (and nothing sent) when there is none. */
  /* package */ boolean send(ClientMessage message) {
    Link link;
    synchronized (lock) {
      link = current;
    }
    return link != null && link.isWelcomed() && link.send(message);
  }

  /** Whether {@code link} is still the current link (it may not be ready yet). */
  /* package */ boolean isCurrent(Link link) {
    synchronized (lock) {
      return link == current;
    }
  }

  /** Whether {@link #close()} was called. */
  /* package */ boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  /**
   * Half-closes the current link (the daemon then destroys this client's sessions and controllers), fails waiting
   * calls, and shuts the channel down, waiting up to {@value #SHUTDOWN_TIMEOUT_MS} ms for calls in flight. Idempotent.
   */
  /* package */ void close() {
    Link link;
    List<CompletableFuture<Link>> pending;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      link = current;
      current = null;
      ready = null;
      pending = new ArrayList<>(waiters);
      waiters.clear();
    }
    AVSessionException error = closedWhileWaiting();
    pending.forEach(waiter -> waiter.completeExceptionally(error));
    firstConnection.completeExceptionally(error);
    if (link != null) {
      if (link.isWelcomed()) {
        link.halfClose();
      } else {
        link.cancel("closed before Welcome");
      }
    }
    timer.shutdownNow();
    channel.shutdown();
    try {
      if (!channel.awaitTermination(SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
        logger.debug("Channel still busy after {} ms; cancelling its calls", SHUTDOWN_TIMEOUT_MS);
        channel.shutdownNow();
        channel.awaitTermination(SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    } finally {
      releaseTransport.run();
    }
  }

  // ---------------------------------------------------------------- Unary calls

  private <T> void attempt(Rpc<T> rpc, @Nullable Link exclude, long deadlineNanos, CompletableFuture<T> result) {
    awaitReady(exclude, deadlineNanos)
        .whenComplete(
            (link, waitError) -> {
              if (waitError != null) {
                result.completeExceptionally(waitError);
                return;
              }
              invoke(
                  link,
                  rpc,
                  new UnaryObserver<>(
                      result::complete,
                      error -> {
                        if (isClosed()) {
                          result.completeExceptionally(closedWhileWaiting());
                        } else if (ErrorMapping.isTransportFailure(error)) {
                          logger.debug("Call failed on link {}, retrying on the next one: {}", link, error.toString());
                          attempt(rpc, link, deadlineNanos, result);
                        } else {
                          result.completeExceptionally(ErrorMapping.fromThrowable(error));
                        }
                      }));
            });
  }

  private void attemptRequest(
      LongFunction<ControllerRequest> request,
      @Nullable Link exclude,
      long deadlineNanos,
      CompletableFuture<Void> result) {
    awaitReady(exclude, deadlineNanos)
        .whenComplete(
            (link, waitError) -> {
              if (waitError != null) {
                result.completeExceptionally(waitError);
                return;
              }
              link.request(request)
                  .whenComplete(
                      (ignored, error) -> {
                        if (error == null) {
                          result.complete(null);
                        } else if (isClosed()) {
                          result.completeExceptionally(closedWhileWaiting());
                        } else if (error instanceof LinkEndedException) {
                          logger.debug("Request failed on link {}, retrying on the next one", link);
                          attemptRequest(request, link, deadlineNanos, result);
                        } else {
                          result.completeExceptionally(error);
                        }
                      });
            });
  }

  /** A request's link ended before its answer came: the request is retried on the next link. */
  private static final class LinkEndedException extends Exception {
    LinkEndedException() {
      super("link ended", null, false, false);
    }
  }

  /** A ready link other than {@code exclude}: now, or when one is ready, or failed at the deadline. */
  private CompletableFuture<Link> awaitReady(@Nullable Link exclude, long deadlineNanos) {
    CompletableFuture<Link> waiter = new CompletableFuture<>();
    synchronized (lock) {
      if (closed) {
        return CompletableFuture.failedFuture(closedWhileWaiting());
      }
      if (ready != null && ready != exclude) {
        return CompletableFuture.completedFuture(ready);
      }
      waiters.add(waiter);
    }
    long remainingNanos = deadlineNanos - System.nanoTime();
    if (remainingNanos <= 0) {
      waiter.completeExceptionally(unreachable());
    } else {
      try {
        ScheduledFuture<?> timeout =
            timer.schedule(() -> waiter.completeExceptionally(unreachable()), remainingNanos, TimeUnit.NANOSECONDS);
        waiter.whenComplete((link, error) -> timeout.cancel(false));
      } catch (RejectedExecutionException e) {
        waiter.completeExceptionally(closedWhileWaiting());
      }
    }
    waiter.whenComplete(
        (link, error) -> {
          synchronized (lock) {
            waiters.remove(waiter);
          }
        });
    return waiter;
  }

  private <T> void invoke(Link link, Rpc<T> rpc, UnaryObserver<T> observer) {
    SessionServiceStub stub = link.stub;
    if (stub == null) {
      observer.onError(new IllegalStateException("link " + link + " has no Welcome yet"));
      return;
    }
    try {
      rpc.start(stub, observer);
    } catch (RuntimeException e) {
      // The channel was shut down, or a request could not be built.
      observer.onError(e);
    }
  }

  private AVSessionException unreachable() {
    return new AVSessionException(
        AVSessionErrorCode.SERVICE_EXCEPTION, "daemon unreachable for " + retryTimeout.toMillis() + " ms");
  }

  /** The failure of a call that was still waiting or in flight when the manager closed. */
  private static AVSessionException closedWhileWaiting() {
    return new AVSessionException(AVSessionErrorCode.SERVICE_EXCEPTION, "manager closed");
  }

  // ---------------------------------------------------------------- Links

  private void startLink() {
    Link link;
    synchronized (lock) {
      if (closed) {
        return;
      }
      link = new Link(++linkCount);
      current = link;
    }
    try {
      // Wait for ready: the stream starts as soon as the channel connects, instead of failing while it retries.
      SessionServiceGrpc.newStub(channel).withWaitForReady().connect(link);
    } catch (RuntimeException e) {
      link.onError(e);
      return;
    }
    kickUntilWelcomed(link, INITIAL_BACKOFF_MS);
    link.send(
        ClientMessage.newBuilder()
            .setHello(Hello.newBuilder().setAppId(appId).setProtocolVersion(ProtocolConstants.PROTOCOL_VERSION))
            .build());
    try {
      link.welcomeTimeout =
          timer.schedule(
              () -> {
                if (!link.isWelcomed()) {
                  link.cancel("no Welcome within " + WELCOME_TIMEOUT_MS + " ms");
                }
              },
              WELCOME_TIMEOUT_MS,
              TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Closed meanwhile; close() ended the link.
    }
  }

  /**
   * While {@code link} waits for the channel, makes the channel retry its connection now and then again after a
   * backoff (doubling to {@value #MAX_BACKOFF_MS} ms): on its own it would back off from 1 s up to 2 minutes, far
   * longer than a daemon takes to restart.
   */
  private void kickUntilWelcomed(Link link, long delayMs) {
    channel.resetConnectBackoff();
    try {
      timer.schedule(
          () -> {
            if (!link.isWelcomed() && isCurrent(link)) {
              kickUntilWelcomed(link, Math.min(delayMs * 2, MAX_BACKOFF_MS));
            }
          },
          delayMs,
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Closed meanwhile.
    }
  }

  private void onWelcome(Link link, Welcome welcome) {
    boolean reconnected;
    synchronized (lock) {
      if (closed || link != current || link.isWelcomed()) {
        logger.debug("Ignoring Welcome on stale link {}", link);
        return;
      }
      Metadata headers = new Metadata();
      headers.put(ProtocolConstants.CLIENT_ID_KEY, welcome.getClientId());
      link.stub =
          SessionServiceGrpc.newStub(channel)
              .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
      link.clientId = welcome.getClientId();
      backoffMs = INITIAL_BACKOFF_MS;
      reconnected = everConnected;
      everConnected = true;
    }
    link.cancelWelcomeTimeout();
    logger.info(
        "{} to daemon {} (pid {}) as client {}, app {}",
        reconnected ? "Reconnected" : "Connected",
        welcome.getDaemonVersion(),
        welcome.getPid(),
        welcome.getClientId(),
        appId);
    if (welcome.getProtocolVersion() != ProtocolConstants.PROTOCOL_VERSION) {
      logger.info(
          "Daemon speaks protocol {}, this SDK {}", welcome.getProtocolVersion(), ProtocolConstants.PROTOCOL_VERSION);
    }
    CompletableFuture<Void> recovered;
    try {
      recovered = listener.onConnected(link, reconnected);
    } catch (RuntimeException e) {
      logger.warn("Recovery failed on link {}", link, e);
      recovered = CompletableFuture.completedFuture(null);
    }
    recovered.whenComplete(
        (ignored, error) -> {
          if (error != null) {
            logger.warn("Recovery failed on link {}", link, error);
          }
          markReady(link);
        });
  }

  private void markReady(Link link) {
    List<CompletableFuture<Link>> toComplete;
    synchronized (lock) {
      if (closed || link != current) {
        return;
      }
      ready = link;
      toComplete = new ArrayList<>(waiters);
      waiters.clear();
    }
    firstConnection.complete(null);
    toComplete.forEach(waiter -> waiter.complete(link));
  }

  private void onLinkEnded(Link link, @Nullable Throwable error) {
    link.markEnded();
    link.failPendingRequests();
    link.cancelWelcomeTimeout();
    boolean wasWelcomed;
    boolean refused;
    long delayMs;
    synchronized (lock) {
      if (link != current) {
        return;
      }
      current = null;
      if (ready == link) {
        ready = null;
      }
      if (closed) {
        return;
      }
      wasWelcomed = link.isWelcomed();
      // A daemon that answers Hello with an error (rather than not answering) will not welcome a retry either.
      refused =
          !everConnected
              && error != null
              && !link.cancelledByUs
              && !ErrorMapping.isTransportFailure(error);
      delayMs = backoffMs;
      backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
    }
    if (refused) {
      firstConnection.completeExceptionally(ErrorMapping.fromThrowable(error));
    }
    String why = error == null ? "stream completed by the daemon" : error.toString();
    if (wasWelcomed) {
      logger.warn("Lost the connection to the daemon ({}); reconnecting", why);
      try {
        listener.onDisconnected();
      } catch (RuntimeException e) {
        logger.warn("Disconnect handling failed", e);
      }
    } else {
      logger.debug("Link {} failed ({}); next attempt in {} ms", link, why, delayMs);
    }
    try {
      timer.schedule(this::startLink, delayMs, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Closed meanwhile.
    }
  }

  /**
   * One {@code Connect} stream. It is usable (has a {@link #stub} carrying its client id) once {@code Welcome} has
   * arrived. Writes to its request stream are serialized by its monitor.
   */
  /* package */ final class Link implements ClientResponseObserver<ClientMessage, ServerMessage> {
    private final int number;
    // @GuardedBy("this")
    private @Nullable ClientCallStreamObserver<ClientMessage> requests;
    // @GuardedBy("this"): half-closed, cancelled or ended; nothing may be written any more.
    private boolean requestsDone;
    private volatile @Nullable String clientId;
    private volatile @Nullable SessionServiceStub stub;
    private volatile @Nullable ScheduledFuture<?> welcomeTimeout;
    private volatile boolean cancelledByUs;
    private final AtomicLong nextRequestId = new AtomicLong();
    // Requests sent on this stream and not answered yet; failed with LinkEndedException when the stream ends.
    private final ConcurrentHashMap<Long, CompletableFuture<Void>> pendingRequests = new ConcurrentHashMap<>();

    private Link(int number) {
      this.number = number;
    }

    /* package */ boolean isWelcomed() {
      return clientId != null;
    }

    /** Writes {@code message} to the request stream; false when the stream is done. */
    /* package */ synchronized boolean send(ClientMessage message) {
      if (requestsDone || requests == null) {
        return false;
      }
      requests.onNext(message);
      return true;
    }

    /** Sends a controller request; the future completes with its answer, or fails when the link ends first. */
    private CompletableFuture<Void> request(LongFunction<ControllerRequest> request) {
      long id = nextRequestId.incrementAndGet();
      CompletableFuture<Void> answer = new CompletableFuture<>();
      pendingRequests.put(id, answer);
      ControllerRequest message;
      try {
        message = request.apply(id);
      } catch (RuntimeException e) {
        pendingRequests.remove(id);
        answer.completeExceptionally(ErrorMapping.fromThrowable(e));
        return answer;
      }
      // Registered before sending: a stream that ends after a successful send fails it in onLinkEnded.
      if (!send(ClientMessage.newBuilder().setControllerRequest(message).build())) {
        failPendingRequests();
      }
      return answer;
    }

    private void onControllerResponse(ControllerResponse response) {
      CompletableFuture<Void> answer = pendingRequests.remove(response.getRequestId());
      if (answer == null) {
        logger.warn("Ignoring an answer to unknown request {} on link {}", response.getRequestId(), this);
      } else if (response.hasError()) {
        answer.completeExceptionally(ErrorMapping.fromErrorInfo(response.getError()));
      } else {
        answer.complete(null);
      }
    }

    private void failPendingRequests() {
      for (Long id : pendingRequests.keySet()) {
        CompletableFuture<Void> answer = pendingRequests.remove(id);
        if (answer != null) {
          answer.completeExceptionally(new LinkEndedException());
        }
      }
    }

    private synchronized void halfClose() {
      if (!requestsDone && requests != null) {
        requestsDone = true;
        requests.onCompleted();
      }
    }

    private synchronized void cancel(String reason) {
      cancelledByUs = true;
      if (requests != null) {
        requestsDone = true;
        requests.cancel(reason, null);
      }
    }

    private synchronized void markEnded() {
      requestsDone = true;
    }

    private void cancelWelcomeTimeout() {
      ScheduledFuture<?> timeout = welcomeTimeout;
      if (timeout != null) {
        timeout.cancel(false);
      }
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<ClientMessage> requestStream) {
      synchronized (this) {
        requests = requestStream;
      }
    }

    @Override
    public void onNext(ServerMessage message) {
      if (message.hasWelcome()) {
        onWelcome(this, message.getWelcome());
      } else if (message.hasControllerResponse()) {
        onControllerResponse(message.getControllerResponse());
      } else if (isWelcomed()) {
        listener.onServerMessage(this, message);
      } else {
        logger.warn("Ignoring {} before Welcome on link {}", message.getKindCase(), this);
      }
    }

    @Override
    public void onError(Throwable t) {
      onLinkEnded(this, t);
    }

    @Override
    public void onCompleted() {
      onLinkEnded(this, null);
    }

    @Override
    public String toString() {
      String id = clientId;
      return "#" + number + (id == null ? "" : "/" + id);
    }
  }

  /** Collects the single response of a unary call. gRPC calls its methods one at a time. */
  private static final class UnaryObserver<T> implements StreamObserver<T> {
    private final Consumer<T> onValue;
    private final Consumer<Throwable> onFailure;
    private @Nullable T value;

    UnaryObserver(Consumer<T> onValue, Consumer<Throwable> onFailure) {
      this.onValue = onValue;
      this.onFailure = onFailure;
    }

    @Override
    public void onNext(T response) {
      value = response;
    }

    @Override
    public void onError(Throwable t) {
      onFailure.accept(t);
    }

    @Override
    public void onCompleted() {
      onValue.accept(value);
    }
  }

  /** How long calls wait for the daemon before failing with 6600101. */
  /* package */ Duration retryTimeout() {
    return retryTimeout;
  }
}
