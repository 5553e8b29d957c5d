package io.baton.service.rpc;

import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.Set;

/**
 * Decides who a peer on the network listener is, from the certificate it presented in the TLS handshake. Implemented
 * by the device layer, which knows the paired devices.
 *
 * <h2>Threading</h2>
 * Called on the transport's event loops for every call: implementations must be thread-safe and must not block.
 */
public interface NetworkPeers {

  /** The device id of a paired peer, or empty when {@code certificate} belongs to no paired device. */
  Optional<String> pairedDeviceId(X509Certificate certificate);

  /**
   * Full gRPC method names ({@code package.Service/Method}) a peer that is not paired may call: the pairing handshake.
   * Every other call from such a peer is refused with {@code PERMISSION_DENIED}.
   */
  Set<String> methodsOpenToUnpairedPeers();
}
