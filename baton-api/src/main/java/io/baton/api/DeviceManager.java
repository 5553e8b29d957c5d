package io.baton.api;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Other Baton devices: pairing, the paired devices and their links, moving a session's output. Get it from
 * {@link AVSessionManager#getDeviceManager()}.
 *
 * <p>Pairing is symmetric and done once: the user runs {@link #allowPairing()} on one device (it must listen for
 * devices, {@code baton daemon --listen}) and passes the code to {@link #pair} on the other. Both then trust each
 * other's key and reconnect by themselves. Sessions of connected devices appear in
 * {@link AVSessionManager#getAllSessionDescriptors()} with {@code remote = true}, and controllers work on them as on
 * local ones.
 *
 * <p>Pairing, unpairing and moving are system operations (202 for other users' apps). Every method may fail with
 * 6600101 when the daemon is unreachable.
 *
 * <h2>Threading</h2>
 * Thread-safe; futures complete on the manager's callback executor.
 */
public interface DeviceManager {

  /** This device: id, name, key fingerprint, and the address it listens on (empty if it does not). */
  CompletableFuture<BatonDevice> getLocalDevice();

  /** The paired devices and the state of their links. */
  CompletableFuture<List<BatonDevice>> getPairedDevices();

  /**
   * Daemons that mDNS/DNS-SD found on the listener's network and that are not paired (their key fingerprint is empty:
   * an announcement proves nothing), to pair with by address. Empty when this daemon does not run discovery.
   */
  CompletableFuture<List<BatonDevice>> getDiscoveredDevices();

  /**
   * Opens a pairing window on this device: a one-time 6-digit code valid for 2 minutes. Errors: 6600101 when the
   * daemon does not listen for devices.
   */
  CompletableFuture<PairingCode> allowPairing();

  /**
   * Pairs with the device listening at {@code address} ("host:port") with the code its user got from
   * {@link #allowPairing()}. Errors: 401 (bad address or code), 6600108 (unreachable, refused, TLS failure, wrong or
   * expired code).
   */
  CompletableFuture<BatonDevice> pair(String address, String code);

  /** Forgets a paired device (id or name). Errors: 6600109 (no such device). */
  CompletableFuture<Void> unpair(String device);

  /**
   * Moves a local session's output to a connected device (id or name), like {@link AVSession#castAudio}; {@code
   * "local"} brings it back. Errors: 401, 6600102 (no such session), 6600109 (no link to the device), 6600104 (the
   * device failed to take it).
   */
  CompletableFuture<Void> moveSession(String sessionId, String device);

  /**
   * A pairing window's code.
   *
   * @param code six decimal digits
   * @param expiresInSeconds how long it stays valid
   */
  record PairingCode(String code, int expiresInSeconds) {}
}
