package io.baton.service.rpc;

import io.baton.protocol.v1.ServerMessage;
import io.baton.service.session.Caller;
import io.baton.service.session.ClientHandle;
import io.baton.service.session.CommandRequest;
import io.baton.service.session.ControllerEvent;
import io.baton.service.session.ManagerEvent;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One client's connection: its identity and its outbox, a bounded queue drained onto the client's {@code Connect}
 * stream whenever the transport can take more (gRPC flow control). Offers never block: a full outbox refuses commands
 * (the registry answers 6600107) and drops events, counting them, so a slow or stuck client costs at most
 * {@code capacity} messages of memory and never delays anyone else.
 *
 * <p>Thread-safe: offers come from any thread; writes to the stream are serialized by a work-in-progress counter, so
 * exactly one thread drains at a time and no offer is ever stranded.
 */
final class ClientConnection implements ClientHandle {
  private final Caller caller;
  private final ServerCallStreamObserver<ServerMessage> stream;
  private final int capacity;
  private final ConcurrentLinkedQueue<ServerMessage> outbox = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicInteger wip = new AtomicInteger();
  private final LongAdder dropped = new LongAdder();
  private volatile boolean managerEvents;
  private volatile boolean closed;

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

  @Override
  public boolean offerCommand(CommandRequest request) {
    return offer(WireEvents.command(request));
  }

  @Override
  public void offerControllerEvent(long controllerId, ControllerEvent event) {
    if (!offer(WireEvents.controllerEvent(controllerId, event))) {
      dropped.increment();
    }
  }

  @Override
  public void offerManagerEvent(ManagerEvent event) {
    if (managerEvents && !offer(WireEvents.managerEvent(event))) {
      dropped.increment();
    }
  }

  private boolean offer(ServerMessage message) {
    if (closed) {
      return false;
    }
    if (queued.incrementAndGet() > capacity) {
      queued.decrementAndGet();
      return false;
    }
    outbox.add(message);
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
      while (!closed && stream.isReady()) {
        ServerMessage next = outbox.poll();
        if (next == null) {
          break;
        }
        queued.decrementAndGet();
        try {
          stream.onNext(next);
        } catch (RuntimeException e) {
          // The call was cancelled under us (client gone); the registry hears about it from the stream's listener.
          closed = true;
        }
      }
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }

  /** Stops sending and forgets what is queued. */
  void close() {
    closed = true;
    outbox.clear();
    queued.set(0);
  }

  @Override
  public long droppedEvents() {
    return dropped.sum();
  }

  @Override
  public int queuedEvents() {
    return queued.get();
  }
}
