package io.baton.api;

import java.util.Objects;

/** Describes a session, as listed by the manager and carried by session events. */
public record AVSessionDescriptor(
    String sessionId,
    AVSessionType type,
    String tag,
    String appId,
    int pid,
    int uid,
    boolean active,
    boolean top,
    OutputDeviceInfo outputDevice,
    String deviceId,
    boolean remote,
    String title,
    long createdTimeMs,
    long lastSeenTimeMs) {
  /** Checks required values and copies collections and arrays, so instances are immutable. */
  public AVSessionDescriptor {
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(outputDevice, "outputDevice");
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(title, "title");
  }


  /** A new, empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised with this instance's values. */
  public Builder buildUpon() {
    return new Builder(this);
  }

  /** Builds {@link AVSessionDescriptor} instances. */
  public static final class Builder {
    private String sessionId = "";
    private AVSessionType type = AVSessionType.AUDIO;
    private String tag = "";
    private String appId = "";
    private int pid;
    private int uid;
    private boolean active;
    private boolean top;
    private OutputDeviceInfo outputDevice = OutputDeviceInfo.LOCAL;
    private String deviceId = "";
    private boolean remote;
    private String title = "";
    private long createdTimeMs;
    private long lastSeenTimeMs;

    private Builder() {}

    private Builder(AVSessionDescriptor from) {
      sessionId = from.sessionId;
      type = from.type;
      tag = from.tag;
      appId = from.appId;
      pid = from.pid;
      uid = from.uid;
      active = from.active;
      top = from.top;
      outputDevice = from.outputDevice;
      deviceId = from.deviceId;
      remote = from.remote;
      title = from.title;
      createdTimeMs = from.createdTimeMs;
      lastSeenTimeMs = from.lastSeenTimeMs;
    }

    /** 64 upper-case hex characters. */
    public Builder setSessionId(String sessionId) {
      this.sessionId = sessionId;
      return this;
    }

    /** Session type. */
    public Builder setType(AVSessionType type) {
      this.type = type;
      return this;
    }

    /** The tag the app gave the session. */
    public Builder setTag(String tag) {
      this.tag = tag;
      return this;
    }

    /** The owning app's id. */
    public Builder setAppId(String appId) {
      this.appId = appId;
      return this;
    }

    /** The owning process, from the socket's peer credentials. */
    public Builder setPid(int pid) {
      this.pid = pid;
      return this;
    }

    /** The owning user id. */
    public Builder setUid(int uid) {
      this.uid = uid;
      return this;
    }

    /** Whether the session is activated. */
    public Builder setActive(boolean active) {
      this.active = active;
      return this;
    }

    /** Whether this is the top session. */
    public Builder setTop(boolean top) {
      this.top = top;
      return this;
    }

    /** Where the session plays. */
    public Builder setOutputDevice(OutputDeviceInfo outputDevice) {
      this.outputDevice = outputDevice;
      return this;
    }

    /** The device that owns the session; empty for local sessions. */
    public Builder setDeviceId(String deviceId) {
      this.deviceId = deviceId;
      return this;
    }

    /** Whether the session lives on another device. */
    public Builder setRemote(boolean remote) {
      this.remote = remote;
      return this;
    }

    /** The metadata title, for listings. */
    public Builder setTitle(String title) {
      this.title = title;
      return this;
    }

    /** Creation time, ms since the epoch. */
    public Builder setCreatedTimeMs(long createdTimeMs) {
      this.createdTimeMs = createdTimeMs;
      return this;
    }

    /** Last change, ms since the epoch. */
    public Builder setLastSeenTimeMs(long lastSeenTimeMs) {
      this.lastSeenTimeMs = lastSeenTimeMs;
      return this;
    }

    /** The value built so far. */
    public AVSessionDescriptor build() {
      return new AVSessionDescriptor(sessionId, type, tag, appId, pid, uid, active, top, outputDevice, deviceId, remote, title, createdTimeMs, lastSeenTimeMs);
    }
  }
}
