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
   * The client making the current call: the {@code baton-client-id} header must name a connected client of the
   * calling process. Call it on the thread that runs the call's handler.
   *
   * @throws AVSessionException 6600101 for a missing, unknown or foreign client id
   */
  public static ClientHandle currentClient(SessionRegistry registry) {
    String clientId = ClientIdInterceptor.CLIENT_ID.get();
    PeerIdentity peer = PeerIdentity.current();
    ClientHandle client = clientId == null ? null : registry.findClient(clientId).orElse(null);
    if (client == null || peer == null || client.caller().pid() != peer.pid()) {
      throw new AVSessionException(AVSessionErrorCode.SERVICE_EXCEPTION,
          "unknown client id; open the Connect stream and use the client id it returns");
    }
    return client;
  }
}
