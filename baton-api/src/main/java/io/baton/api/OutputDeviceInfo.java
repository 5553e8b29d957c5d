package io.baton.api;

import java.util.List;

/** Where a session plays: one or more devices. */
public record OutputDeviceInfo(List<DeviceInfo> devices) {
  /** The local device only: where every session starts. */
  public static final OutputDeviceInfo LOCAL = new OutputDeviceInfo(List.of(DeviceInfo.LOCAL));

  /** Copies the list, so instances are immutable. */
  public OutputDeviceInfo {
    devices = List.copyOf(devices);
  }
}
