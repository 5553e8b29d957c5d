package io.baton.service.session;

/**
 * Who is calling: one client connection, identified by the daemon. What the caller may do follows from its uid and
 * the daemon's {@link io.baton.service.AccessPolicy}.
 *
 * @param clientId the id the daemon gave the connection
 * @param appId the app id the client declared
 * @param pid the client's process id, from the socket's peer credentials
 * @param uid the client's user id, from the socket's peer credentials
 * @param daemonUser whether the caller runs as the daemon's user or as root (a paired device acts as the daemon's
 *     user: pairing is the user's decision to trust it)
 * @param deviceId the paired device the call came from over a device link; empty for local callers
 */
public record Caller(String clientId, String appId, int pid, int uid, boolean daemonUser, String deviceId) {

  /** A local caller (on this device). */
  public Caller(String clientId, String appId, int pid, int uid, boolean daemonUser) {
    this(clientId, appId, pid, uid, daemonUser, "");
  }

  /** Whether the call came from another device. */
  public boolean remote() {
    return !deviceId.isEmpty();
  }
}
