package io.baton.service.rpc;

import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.protocol.v1.ServerMessage;
import io.baton.service.session.Caller;
import io.baton.service.session.ClientHandle;
import io.baton.service.session.CommandRequest;
import io.baton.service.session.ControllerEvent;
import io.baton.service.session.ManagerEvent;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One client's connection: its identity and its outbox, a bounded queue drained onto the client's {@code Connect}
 * stream whenever the transport can take more (gRPC flow control). Offers never block, so a slow or stuck client
 * never delays anyone else, and its memory stays bounded:
 * <ul>
 *   <li>metadata and playback-state changes are <em>latest-state coalesced</em>: while one is waiting to be written
 *       for a controller, later changes for that controller merge into it (with the same merge rules as the
 *       daemon's state), so a client that falls behind gets the newest state in one event, never a backlog of stale
 *       ones, and costs at most one pending state of each kind per controller (metadata: per change of asset, which
 *       cannot be merged away; those take places in the queue like any other message);
 *   <li>every other message takes a place in the queue of {@code capacity}; when it is full, commands for the
 *       client's sessions are refused (the registry answers 6600107) and events are dropped and counted.
 * </ul>
 *
 * <p>Thread-safe: offers come from any thread (one controller's offers are serialized by its session's lock); writes
 * to the stream are serialized by a work-in-progress counter, so exactly one thread drains at a time and no offer is
 * ever stranded.
 */
final class ClientConnection implements ClientHandle {
  private final Caller caller;
  private final ServerCallStreamObserver<ServerMessage> stream;
  private final int capacity;
  /** Holds {@link ServerMessage}s and {@link PendingState}s, in offer order. */
  private final ConcurrentLinkedQueue<Object> outbox = new ConcurrentLinkedQueue<>();
  private final ConcurrentHashMap<Long, PendingState> pendingPlaybackStates = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, PendingState> pendingMetadata = new ConcurrentHashMap<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicInteger wip = new AtomicInteger();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder coalesced = new LongAdder();
  private volatile boolean managerEvents;
  private volatile boolean closed;
  // Set once the client has stopped reading while still sending requests; the draining thread then ends the call.
  private volatile boolean overrun;

  /**
   * A state change for some controllers, waiting in the outbox; later changes for the same controllers merge into it
   * until it is written.
   */
  private static final class PendingState {
    final long[] controllerIds;
    // Guarded by this.
    ControllerEvent event;
    boolean taken;

    PendingState(long[] controllerIds, ControllerEvent event) {
      this.controllerIds = controllerIds;
      this.event = event;
    }

    /**
     * Merges {@code next} into this pending change; false once the change has been taken for writing, or when
     * {@code next} is metadata of another asset. A receiver merges each metadata event into what it holds, and
     * metadata of another asset replaces it; one event cannot stand for a change of asset and back (A, then B, then
     * A again without a title: merged, the receiver would keep A's old title), so such changes queue separately.
     */
    synchronized boolean merge(long[] ids, ControllerEvent next) {
      if (taken || !Arrays.equals(ids, controllerIds)) {
        return false;
      }
      if (event.kind() == ControllerEvent.Kind.PLAYBACK_STATE_CHANGE) {
        event = ControllerEvent.playbackStateChange(((AVPlaybackState) event.payload())
            .overlay((AVPlaybackState) next.payload()));
        return true;
      }
      AVMetadata waiting = (AVMetadata) event.payload();
      AVMetadata update = (AVMetadata) next.payload();
      if (!Objects.equals(waiting.assetId(), update.assetId())) {
        return false;
      }
      event = ControllerEvent.metadataChange(waiting.overlay(update));
      return true;
    }

    synchronized ControllerEvent take() {
      taken = true;
      return event;
    }
  }

  ClientConnection(Caller caller, ServerCallStreamObserver<ServerMessage> stream, int capacity) {
    this.caller = caller;
    this.stream = stream;
    this.capacity = capacity;
  }

  @Override
  public Caller caller() {
    return caller;
  }

  void subscribeManagerEvents(boolean subscribe) {
    managerEvents = subscribe;
  }

  /** Sends a message ahead of the outbox bound (the Welcome). */
  void sendNow(ServerMessage message) {
    queued.incrementAndGet();
    outbox.add(message);
    drain();
  }

  /**
   * Queues the answer to a request the client made on its stream. Answers are never dropped or coalesced; a client
   * that keeps sending requests while not reading its stream is disconnected once twice the outbox capacity is
   * waiting, so that it cannot grow the daemon's memory without bound.
   */
  void offerResponse(ServerMessage response) {
    if (closed) {
      return;
    }
    if (queued.incrementAndGet() > 2 * capacity) {
      queued.decrementAndGet();
      overrun = true;
    } else {
      outbox.add(response);
    }
    drain();
  }

  @Override
  public boolean offerCommand(CommandRequest request) {
    return offer(WireEvents.command(request));
  }

  @Override
  public void offerControllerEvent(long[] controllerIds, ControllerEvent event) {
    ConcurrentHashMap<Long, PendingState> pending = pendingOf(event.kind());
    if (pending == null) {
      if (!offer(WireEvents.controllerEvent(controllerIds, event))) {
        dropped.add(controllerIds.length);
      }
      return;
    }
    // Keyed by the first controller: a session's changes go to the same controllers of this client each time.
    long key = controllerIds[0];
    PendingState waiting = pending.get(key);
    if (waiting != null && waiting.merge(controllerIds, event)) {
      coalesced.add(controllerIds.length);
      return;
    }
    PendingState state = new PendingState(controllerIds, event);
    pending.put(key, state);
    if (!offer(state)) {
      pending.remove(key, state);
      dropped.add(controllerIds.length);
    }
  }

  private ConcurrentHashMap<Long, PendingState> pendingOf(ControllerEvent.Kind kind) {
    switch (kind) {
      case PLAYBACK_STATE_CHANGE:
        return pendingPlaybackStates;
      case METADATA_CHANGE:
        return pendingMetadata;
      default:
        return null;
    }
  }

  @Override
  public void offerManagerEvent(ManagerEvent event) {
    if (managerEvents && !offer(WireEvents.managerEvent(event))) {
      dropped.increment();
    }
  }

  private boolean offer(Object entry) {
    if (closed) {
      return false;
    }
    if (queued.incrementAndGet() > capacity) {
      queued.decrementAndGet();
      return false;
    }
    outbox.add(entry);
    drain();
    return true;
  }

  /** Writes queued messages while the transport is ready; the stream's on-ready handler calls this too. */
  void drain() {
    if (wip.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    do {
      if (overrun && !closed) {
        closed = true;
        stream.onError(Status.RESOURCE_EXHAUSTED.withDescription("client " + caller.clientId()
            + " sent requests without reading their answers; " + queued.get() + " messages were waiting")
            .asRuntimeException());
      }
      while (!closed && stream.isReady()) {
        Object next = outbox.poll();
        if (next == null) {
          break;
        }
        queued.decrementAndGet();
        try {
          stream.onNext(next instanceof PendingState ? encode((PendingState) next) : (ServerMessage) next);
        } catch (RuntimeException e) {
          // The call was cancelled under us (client gone); the registry hears about it from the stream's listener.
          closed = true;
        }
      }
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }

  private ServerMessage encode(PendingState state) {
    ControllerEvent event = state.take();
    pendingOf(event.kind()).remove(state.controllerIds[0], state);
    return WireEvents.controllerEvent(state.controllerIds, event);
  }

  /** Stops sending and forgets what is queued. */
  void close() {
    closed = true;
    outbox.clear();
    pendingPlaybackStates.clear();
    pendingMetadata.clear();
    queued.set(0);
  }

  @Override
  public long droppedEvents() {
    return dropped.sum();
  }

  @Override
  public long coalescedEvents() {
    return coalesced.sum();
  }

  @Override
  public int queuedEvents() {
    return queued.get();
  }
}
