package io.baton.device;

import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.protocol.ErrorMapping;
import io.baton.protocol.v1.DeviceLinkGrpc;
import io.baton.protocol.v1.HeartbeatRequest;
import io.baton.protocol.v1.HeartbeatResponse;
import io.baton.protocol.v1.LinkPairRequest;
import io.baton.protocol.v1.LinkPairResponse;
import io.baton.service.DeviceCredentials;
import io.baton.service.rpc.CallContext;
import io.grpc.stub.StreamObserver;
import java.security.cert.X509Certificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device listener's {@code DeviceLink} service ({@code device_link.proto}): pairing with a device that proves it
 * knows the open window's code, and heartbeats from paired devices.
 *
 * <h2>Threading</h2>
 * Handlers run on the listener's event loop and never block (the trust store write is a short local SQLite insert).
 */
final class LinkService extends DeviceLinkGrpc.DeviceLinkImplBase {
  private static final Logger log = LoggerFactory.getLogger(LinkService.class);

  private final DeviceHub hub;

  LinkService(DeviceHub hub) {
    this.hub = hub;
  }

  @Override
  public void pair(LinkPairRequest request, StreamObserver<LinkPairResponse> out) {
    try {
      X509Certificate theirs = CallContext.peerCertificate().orElseThrow(() -> new AVSessionException(
          AVSessionErrorCode.DEVICE_CONNECTION_FAILED, "no client certificate"));
      String code = hub.pairingWindow().code();
      if (code == null) {
        throw new AVSessionException(AVSessionErrorCode.DEVICE_CONNECTION_FAILED, "no pairing window is open on "
            + hub.localName() + "; run `baton pair --allow` there and use the code it prints");
      }
      String mine = hub.credentials().certificate() == null ? "" : DeviceCredentials.keyFingerprint(
          hub.credentials().certificate());
      String theirFingerprint = DeviceCredentials.keyFingerprint(theirs);
      if (!PairingProof.matches(PairingProof.of(code, theirFingerprint, mine), request.getProof())) {
        hub.pairingWindow().failed();
        log.warn("pairing attempt from device {} with a wrong code", DeviceCredentials.deviceIdOf(theirs));
        throw new AVSessionException(AVSessionErrorCode.DEVICE_CONNECTION_FAILED,
            "wrong pairing code (three wrong codes close the window)");
      }
      hub.pairingWindow().close();
      hub.pairedByPeer(theirs, request.getName(), request.getListenAddress(), CallContext.peerAddress().orElse(""));
      out.onNext(LinkPairResponse.newBuilder()
          .setProof(PairingProof.of(code, mine, theirFingerprint))
          .setName(hub.localName())
          .build());
      out.onCompleted();
    } catch (AVSessionException e) {
      out.onError(ErrorMapping.toStatusException(e));
    }
  }

  @Override
  public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatResponse> out) {
    CallContext.peerDevice().ifPresent(id -> hub.heartbeatFrom(id, request.getName(), request.getListenAddress(),
        CallContext.peerAddress().orElse("")));
    out.onNext(HeartbeatResponse.newBuilder().setName(hub.localName()).build());
    out.onCompleted();
  }
}
