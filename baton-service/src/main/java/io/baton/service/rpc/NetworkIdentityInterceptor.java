package io.baton.service.rpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Identifies calls on the network listener by the peer's TLS client certificate: a paired device gets a
 * {@link PeerIdentity} with its device id and the daemon's uid; an unpaired peer may call only the methods
 * {@link NetworkPeers#methodsOpenToUnpairedPeers} names.
 */
final class NetworkIdentityInterceptor implements ServerInterceptor {
  /** The certificate the calling peer presented, for services that need it (pairing). */
  static final Context.Key<X509Certificate> PEER_CERTIFICATE = Context.key("baton-peer-certificate");
  /** The calling peer's IP address (no port). */
  static final Context.Key<String> PEER_ADDRESS = Context.key("baton-peer-address");

  private final NetworkPeers peers;
  private final int daemonUid;

  NetworkIdentityInterceptor(NetworkPeers peers, int daemonUid) {
    this.peers = peers;
    this.daemonUid = daemonUid;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
      ServerCallHandler<ReqT, RespT> next) {
    X509Certificate certificate = peerCertificate(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
    if (certificate == null) {
      return refuse(call, Status.UNAUTHENTICATED.withDescription("a client certificate is required"));
    }
    Optional<String> device = peers.pairedDeviceId(certificate);
    Context context = Context.current().withValue(PEER_CERTIFICATE, certificate);
    if (call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR) instanceof InetSocketAddress remote
        && remote.getAddress() != null) {
      context = context.withValue(PEER_ADDRESS, remote.getAddress().getHostAddress());
    }
    if (device.isPresent()) {
      context = context.withValue(PeerIdentity.CONTEXT_KEY, new PeerIdentity(0, daemonUid, device.get()));
    } else if (!peers.methodsOpenToUnpairedPeers().contains(call.getMethodDescriptor().getFullMethodName())) {
      return refuse(call, Status.PERMISSION_DENIED.withDescription("this device is not paired; pair it first"));
    }
    return Contexts.interceptCall(context, call, headers, next);
  }

  private static X509Certificate peerCertificate(SSLSession session) {
    if (session == null) {
      return null;
    }
    try {
      Certificate[] chain = session.getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate x509 ? x509 : null;
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }

  private static <ReqT, RespT> ServerCall.Listener<ReqT> refuse(ServerCall<ReqT, RespT> call, Status status) {
    call.close(status, new Metadata());
    return new ServerCall.Listener<>() {};
  }
}
