package io.baton.service.rpc;

import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.service.session.ClientHandle;
import io.baton.service.session.SessionRegistry;

/**
 * Who is calling, for gRPC services that the daemon serves next to the session service (see
 * {@link io.baton.service.BatonDaemon.Builder#addService}). Those services get the same interceptors as the session
 * service, so a call carries the {@code baton-client-id} header and the connection's peer credentials.
 */
public final class CallContext {
  private CallContext() {}

  /**
   * The TLS certificate the peer of the current call presented, for calls on the network listener (see
   * {@link RpcServer#startOnNetwork}); empty for local calls. Call it on the thread that runs the call's handler.
   */
  public static java.util.Optional<java.security.cert.X509Certificate> peerCertificate() {
    return java.util.Optional.ofNullable(NetworkIdentityInterceptor.PEER_CERTIFICATE.get());
  }

  /** The IP address (no port) of the peer of the current call on the network listener; empty for local calls. */
  public static java.util.Optional<String> peerAddress() {
    return java.util.Optional.ofNullable(NetworkIdentityInterceptor.PEER_ADDRESS.get());
  }

  /** The paired device making the current call, or empty for a local caller or an unpaired peer. */
  public static java.util.Optional<String> peerDevice() {
    PeerIdentity peer = PeerIdentity.current();
    return peer == null || peer.deviceId().isEmpty() ? java.util.Optional.empty()
        : java.util.Optional.of(peer.deviceId());
  }

  /**
   * The client making the current call: the {@code baton-client-id} header must name a connected client of the
   * calling process. Call it on the thread that runs the call's handler.
   *
   * @throws AVSessionException 6600101 for a missing, unknown or foreign client id
   */
  public static ClientHandle currentClient(SessionRegistry registry) {
    String clientId = ClientIdInterceptor.CLIENT_ID.get();
    PeerIdentity peer = PeerIdentity.current();
    ClientHandle client = clientId == null ? null : registry.findClient(clientId).orElse(null);
    if (client == null || peer == null || !peer.owns(client.caller())) {
      throw new AVSessionException(AVSessionErrorCode.SERVICE_EXCEPTION,
          "unknown client id; open the Connect stream and use the client id it returns");
    }
    return client;
  }
}
