package io.baton.service.rpc;

import io.grpc.Attributes;
import io.grpc.Context;

/**
 * The process on the other end of a connection, as the kernel reports it ({@code SO_PEERCRED}).
 *
 * @param pid the peer's process id
 * @param uid the peer's user id
 */
public record PeerIdentity(int pid, int uid) {
  /** Where the transport stores the identity of a connection. */
  static final Attributes.Key<PeerIdentity> TRANSPORT_ATTR = Attributes.Key.create("baton-peer-identity");
  /** Where a call finds the identity of its connection. */
  static final Context.Key<PeerIdentity> CONTEXT_KEY = Context.key("baton-peer-identity");

  /** The identity of the connection the current call came in on, or null outside a call. */
  static PeerIdentity current() {
    return CONTEXT_KEY.get();
  }
}
