package io.baton.service.rpc;

import io.grpc.Attributes;
import io.grpc.Context;

/**
 * Who is on the other end of a connection: a local process, as the kernel reports it ({@code SO_PEERCRED}), or a
 * paired device, as its TLS certificate proves.
 *
 * @param pid the peer's process id; 0 for a device
 * @param uid the peer's user id; for a device, the daemon's own (a paired device acts as the daemon's user)
 * @param deviceId the paired device; empty for a local process
 */
public record PeerIdentity(int pid, int uid, String deviceId) {

  /** A local process. */
  public PeerIdentity(int pid, int uid) {
    this(pid, uid, "");
  }

  /** Whether {@code caller} is a client opened over this same peer (process or device). */
  boolean owns(io.baton.service.session.Caller caller) {
    return caller.pid() == pid && caller.deviceId().equals(deviceId);
  }

  /** Where the transport stores the identity of a connection. */
  static final Attributes.Key<PeerIdentity> TRANSPORT_ATTR = Attributes.Key.create("baton-peer-identity");
  /** Where a call finds the identity of its connection. */
  static final Context.Key<PeerIdentity> CONTEXT_KEY = Context.key("baton-peer-identity");

  /** The identity of the connection the current call came in on, or null outside a call. */
  static PeerIdentity current() {
    return CONTEXT_KEY.get();
  }
}
