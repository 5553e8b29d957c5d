package io.baton.api;

import java.util.List;
import java.util.Objects;

/**
 * A cast renderer Baton knows: found by SSDP discovery or added by address.
 *
 * @param info the device as an output device: category remote (1), id (the UPnP UDN), name, model, manufacturer,
 *     address, provider {@code "dlna"}, protocols {@link #TYPE_DLNA}
 * @param address the URL of its device description
 * @param source {@code "ssdp"} or {@code "added"}
 */
public record CastDevice(DeviceInfo info, String address, String source) {
  /** The ProtocolType bit of DLNA. */
  public static final int TYPE_DLNA = 4;

  /** Checks the components. */
  public CastDevice {
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(source, "source");
  }

  /** The device id ({@code uuid:…}). */
  public String deviceId() {
    return info.deviceId();
  }

  /** This device as the target of {@link AVCastManager#startCasting}. */
  public OutputDeviceInfo toOutputDeviceInfo() {
    return new OutputDeviceInfo(List.of(info));
  }
}
