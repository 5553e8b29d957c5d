package io.baton.service.session;

import io.baton.api.EventFilter;

/** The daemon's record of one controller: its owner, its session and its event filters. */
final class ControllerRecord {
  final long id;
  final ClientHandle owner;
  final SessionRecord session;
  volatile boolean destroyed;
  volatile EventFilter metadataFilter = EventFilter.NONE;
  volatile EventFilter playbackStateFilter = EventFilter.NONE;
  volatile EventFilter callMetadataFilter = EventFilter.NONE;
  volatile EventFilter callStateFilter = EventFilter.NONE;

  ControllerRecord(long id, ClientHandle owner, SessionRecord session) {
    this.id = id;
    this.owner = owner;
    this.session = session;
  }
}
