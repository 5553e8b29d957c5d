package io.baton.service.session;

/**
 * The daemon's side of one client connection, as the session rules see it: who the client is, and its outbox.
 *
 * <p>Implemented by the transport ({@code io.baton.service.rpc}). Every {@code offer*} method is non-blocking and may
 * be called under a session lock; implementations must never call back into the registry from it.
 */
public interface ClientHandle {

  /** Who the client is. */
  Caller caller();

  /**
   * Queues work for one of this client's sessions.
   *
   * @return false when the client's outbox is full (the command is then refused with 6600107)
   */
  boolean offerCommand(CommandRequest request);

  /**
   * Queues one event for some of this client's controllers (sent once, whatever their number); dropped and counted
   * when the outbox is full. Metadata and playback-state changes may be merged into one still waiting for the same
   * controllers.
   */
  void offerControllerEvent(long[] controllerIds, ControllerEvent event);

  /** Queues a manager event if the client subscribed to them; dropped and counted when the outbox is full. */
  void offerManagerEvent(ManagerEvent event);

  /** Events dropped so far because the outbox was full. */
  long droppedEvents();

  /** State-change events merged into a waiting one so far, because the client was behind. */
  long coalescedEvents();

  /** Events currently queued. */
  int queuedEvents();
}
