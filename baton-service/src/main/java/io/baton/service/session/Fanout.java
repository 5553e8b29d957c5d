package io.baton.service.session;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gathers the events of one change by receiving client, so that each client gets each distinct event once, addressed
 * to all of its controllers that receive it: a client holding 250 controllers of a session costs one message per
 * change, not 250. Used under the session's lock; {@link #send()} keeps the order in which events were added.
 */
final class Fanout {
  private final Map<ClientHandle, Map<ControllerEvent, Ids>> byClient = new LinkedHashMap<>();

  /** A growable list of controller ids. */
  private static final class Ids {
    long[] ids = new long[4];
    int size;

    void add(long id) {
      if (size == ids.length) {
        ids = Arrays.copyOf(ids, size * 2);
      }
      ids[size++] = id;
    }
  }

  /** Addresses {@code event} to controller {@code c}. */
  void add(ControllerRecord c, ControllerEvent event) {
    // Identity: events are shared objects, one per distinct payload, and equal payloads are built once per change.
    byClient.computeIfAbsent(c.owner, k -> new IdentityHashMap<>()).computeIfAbsent(event, k -> new Ids()).add(c.id);
  }

  /** Offers every gathered event to its client. */
  void send() {
    byClient.forEach((client, events) -> events.forEach(
        (event, ids) -> client.offerControllerEvent(Arrays.copyOf(ids.ids, ids.size), event)));
  }

  /** Sends {@code event} to every controller of {@code s}. Caller holds the session's lock. */
  static void toAll(SessionRecord s, ControllerEvent event) {
    Fanout fanout = new Fanout();
    for (ControllerRecord c : s.controllers.values()) {
      fanout.add(c, event);
    }
    fanout.send();
  }
}
