package io.baton.api;

import java.util.Objects;

/** One output device of a session (the local device, or a cast or remote device). */
public record DeviceInfo(
    int castCategory,
    String deviceId,
    String deviceName,
    int deviceType,
    String manufacturer,
    String modelName,
    String networkId,
    String ipAddress,
    String providerId,
    int supportedProtocols,
    int authenticationStatus) {
  /** Checks required values and copies collections and arrays, so instances are immutable. */
  public DeviceInfo {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(deviceName, "deviceName");
    Objects.requireNonNull(manufacturer, "manufacturer");
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(networkId, "networkId");
    Objects.requireNonNull(ipAddress, "ipAddress");
    Objects.requireNonNull(providerId, "providerId");
  }

  /** The local device: category local, id "0", name "LocalDevice". */
  public static final DeviceInfo LOCAL = builder().setDeviceId("0").setDeviceName("LocalDevice").build();

  /** A new, empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised with this instance's values. */
  public Builder buildUpon() {
    return new Builder(this);
  }

  /** Builds {@link DeviceInfo} instances. */
  public static final class Builder {
    private int castCategory;
    private String deviceId = "";
    private String deviceName = "";
    private int deviceType;
    private String manufacturer = "";
    private String modelName = "";
    private String networkId = "";
    private String ipAddress = "";
    private String providerId = "";
    private int supportedProtocols;
    private int authenticationStatus;

    private Builder() {}

    private Builder(DeviceInfo from) {
      castCategory = from.castCategory;
      deviceId = from.deviceId;
      deviceName = from.deviceName;
      deviceType = from.deviceType;
      manufacturer = from.manufacturer;
      modelName = from.modelName;
      networkId = from.networkId;
      ipAddress = from.ipAddress;
      providerId = from.providerId;
      supportedProtocols = from.supportedProtocols;
      authenticationStatus = from.authenticationStatus;
    }

    /** 0 local, 1 remote. */
    public Builder setCastCategory(int castCategory) {
      this.castCategory = castCategory;
      return this;
    }

    /** Device id (0 for the local device). */
    public Builder setDeviceId(String deviceId) {
      this.deviceId = deviceId;
      return this;
    }

    /** Human-readable name. */
    public Builder setDeviceName(String deviceName) {
      this.deviceName = deviceName;
      return this;
    }

    /** DeviceType value (0 local, 2 TV, 3 speaker…). */
    public Builder setDeviceType(int deviceType) {
      this.deviceType = deviceType;
      return this;
    }

    /** Manufacturer. */
    public Builder setManufacturer(String manufacturer) {
      this.manufacturer = manufacturer;
      return this;
    }

    /** Model. */
    public Builder setModelName(String modelName) {
      this.modelName = modelName;
      return this;
    }

    /** Network id. */
    public Builder setNetworkId(String networkId) {
      this.networkId = networkId;
      return this;
    }

    /** IP address. */
    public Builder setIpAddress(String ipAddress) {
      this.ipAddress = ipAddress;
      return this;
    }

    /** Cast provider id. */
    public Builder setProviderId(String providerId) {
      this.providerId = providerId;
      return this;
    }

    /** ProtocolType bit flags. */
    public Builder setSupportedProtocols(int supportedProtocols) {
      this.supportedProtocols = supportedProtocols;
      return this;
    }

    /** 0 untrusted, 1 trusted. */
    public Builder setAuthenticationStatus(int authenticationStatus) {
      this.authenticationStatus = authenticationStatus;
      return this;
    }

    /** The value built so far. */
    public DeviceInfo build() {
      return new DeviceInfo(castCategory, deviceId, deviceName, deviceType, manufacturer, modelName, networkId, ipAddress, providerId, supportedProtocols, authenticationStatus);
    }
  }
}
