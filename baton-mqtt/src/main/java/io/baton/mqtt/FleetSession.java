package io.baton.mqtt;

import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVSessionDescriptor;
import java.util.List;

/**
 * One session of one device, as its retained snapshot on the broker describes it (see {@link BatonFleet}).
 *
 * @param deviceId the daemon's device id
 * @param deviceName the daemon's display name (its host name by default)
 * @param online whether the device's status is {@code online}; false when it is {@code offline} (stopped, or died:
 *     the broker's last will) or unknown
 * @param descriptor the session's descriptor, with {@link AVSessionDescriptor#deviceId()} set and
 *     {@link AVSessionDescriptor#remote()} true
 * @param metadata the fields set (never image bytes)
 * @param playbackState the fields set; {@link AVPlaybackState#extrapolatedPositionMs} gives the position now
 * @param validCommands upstream command names ({@code play}, {@code seek} …)
 * @param updatedMs when the device published this snapshot, ms since the epoch (the device's clock)
 */
public record FleetSession(
    String deviceId,
    String deviceName,
    boolean online,
    AVSessionDescriptor descriptor,
    AVMetadata metadata,
    AVPlaybackState playbackState,
    List<String> validCommands,
    long updatedMs) {
  /** Copies the list. */
  public FleetSession {
    validCommands = List.copyOf(validCommands);
  }

  /** The session id. */
  public String sessionId() {
    return descriptor.sessionId();
  }
}
