package io.baton.client;

import io.baton.api.BatonDevice;
import io.baton.api.DeviceManager;
import io.baton.protocol.v1.Ack;
import io.baton.protocol.v1.AllowPairingRequest;
import io.baton.protocol.v1.AllowPairingResponse;
import io.baton.protocol.v1.Device;
import io.baton.protocol.v1.DeviceServiceGrpc;
import io.baton.protocol.v1.DeviceServiceGrpc.DeviceServiceStub;
import io.baton.protocol.v1.GetLocalDeviceRequest;
import io.baton.protocol.v1.ListPairedDevicesRequest;
import io.baton.protocol.v1.ListPairedDevicesResponse;
import io.baton.protocol.v1.LocalDevice;
import io.baton.protocol.v1.MoveSessionRequest;
import io.baton.protocol.v1.PairRequest;
import io.baton.protocol.v1.UnpairRequest;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * The SDK's {@link DeviceManager}: {@code DeviceService} calls on its manager's connection.
 *
 * <h2>Threading</h2>
 * Thread-safe and stateless; futures complete on the manager's callback executor.
 */
/* package */ final class DeviceManagerImpl implements DeviceManager {
  private final ManagerImpl manager;

  /* package */ DeviceManagerImpl(ManagerImpl manager) {
    this.manager = manager;
  }

  private <T> CompletableFuture<T> call(BiConsumer<DeviceServiceStub, StreamObserver<T>> rpc) {
    manager.checkOpen();
    return manager.connection().call((stub, responses) ->
        rpc.accept(DeviceServiceGrpc.newStub(stub.getChannel()), responses));
  }

  /** Ids of the devices connected now (internal future: not yet on the callback executor). */
  /* package */ CompletableFuture<Set<String>> connectedDeviceIds() {
    return this.<ListPairedDevicesResponse>call((stub, out) ->
            stub.listPairedDevices(ListPairedDevicesRequest.getDefaultInstance(), out))
        .thenApply(r -> r.getDevicesList().stream().filter(Device::getConnected).map(Device::getDeviceId)
            .collect(Collectors.toUnmodifiableSet()));
  }

  @Override
  public CompletableFuture<BatonDevice> getLocalDevice() {
    return manager.deliver(this.<LocalDevice>call((stub, out) ->
            stub.getLocalDevice(GetLocalDeviceRequest.getDefaultInstance(), out))
        .thenApply(d -> new BatonDevice(d.getDeviceId(), d.getName(), d.getKeyFingerprint(), d.getListenAddress(),
            true, System.currentTimeMillis(), 0)));
  }

  @Override
  public CompletableFuture<List<BatonDevice>> getPairedDevices() {
    return manager.deliver(this.<ListPairedDevicesResponse>call((stub, out) ->
            stub.listPairedDevices(ListPairedDevicesRequest.getDefaultInstance(), out))
        .thenApply(r -> r.getDevicesList().stream().map(DeviceManagerImpl::fromProto).toList()));
  }

  @Override
  public CompletableFuture<List<BatonDevice>> getDiscoveredDevices() {
    return manager.deliver(this.<ListPairedDevicesResponse>call((stub, out) ->
            stub.listPairedDevices(ListPairedDevicesRequest.getDefaultInstance(), out))
        .thenApply(r -> r.getDiscoveredList().stream().map(DeviceManagerImpl::fromProto).toList()));
  }

  @Override
  public CompletableFuture<PairingCode> allowPairing() {
    return manager.deliver(this.<AllowPairingResponse>call((stub, out) ->
            stub.allowPairing(AllowPairingRequest.getDefaultInstance(), out))
        .thenApply(r -> new PairingCode(r.getCode(), r.getExpiresInSeconds())));
  }

  @Override
  public CompletableFuture<BatonDevice> pair(String address, String code) {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(code, "code");
    PairRequest request = PairRequest.newBuilder().setAddress(address).setCode(code).build();
    return manager.deliver(this.<Device>call((stub, out) -> stub.pair(request, out))
        .thenApply(DeviceManagerImpl::fromProto));
  }

  @Override
  public CompletableFuture<Void> unpair(String device) {
    Objects.requireNonNull(device, "device");
    UnpairRequest request = UnpairRequest.newBuilder().setDevice(device).build();
    return manager.deliver(this.<Ack>call((stub, out) -> stub.unpair(request, out)).thenApply(a -> null));
  }

  @Override
  public CompletableFuture<Void> moveSession(String sessionId, String device) {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(device, "device");
    MoveSessionRequest request = MoveSessionRequest.newBuilder().setSessionId(sessionId).setDevice(device).build();
    return manager.deliver(this.<Ack>call((stub, out) -> stub.moveSession(request, out)).thenApply(a -> null));
  }

  private static BatonDevice fromProto(Device d) {
    return new BatonDevice(d.getDeviceId(), d.getName(), d.getKeyFingerprint(), d.getAddress(), d.getConnected(),
        d.getLastSeenMs(), d.getRoundTripMicros());
  }
}
