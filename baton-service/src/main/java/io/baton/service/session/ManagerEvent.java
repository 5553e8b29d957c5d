package io.baton.service.session;

import io.baton.api.AVSessionDescriptor;

/**
 * An event for manager listeners.
 *
 * @param kind what happened
 * @param descriptor the session it happened to
 */
public record ManagerEvent(Kind kind, AVSessionDescriptor descriptor) {

  /** What happened. */
  public enum Kind {
    SESSION_CREATE,
    SESSION_DESTROY,
    TOP_SESSION_CHANGE
  }
}
