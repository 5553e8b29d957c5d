package io.baton.web;

import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVSessionController;
import io.baton.api.AVSessionDescriptor;
import io.baton.api.ConnectionState;
import io.baton.api.DeviceInfo;
import io.baton.api.LoopMode;
import io.baton.api.Nullable;
import io.baton.api.OutputDeviceInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * What the page shows for one session: its descriptor and the state its controller has seen, merged by the same
 * rules as the daemon ({@link AVMetadata#mergeWith}, {@link AVPlaybackState#overlay}).
 *
 * <h2>Threading</h2>
 * Confined to the hub thread ({@link SessionHub}); never shared with another thread.
 */
/* package */ final class SessionCard {
  AVSessionDescriptor descriptor;
  @Nullable AVSessionController controller;
  AVMetadata metadata = AVMetadata.EMPTY;
  AVPlaybackState playbackState = AVPlaybackState.EMPTY;
  List<String> validCommands = List.of();
  List<Double> supportedSpeeds = List.of();
  List<LoopMode> supportedLoopModes = List.of();
  /** Whether the initial state has arrived; only ready cards are shown. */
  boolean ready;
  /** Changes that arrived before the initial state was read, replayed over it. */
  final List<Runnable> earlyEvents = new ArrayList<>();
  /** Bumped when the metadata's image bytes change, so the page's artwork URL changes with them. */
  int artworkVersion;
  /** The renderer the session is being cast to, or null while it plays locally. */
  @Nullable DeviceInfo castDevice;
  /** How far the cast to {@link #castDevice} got: CONNECTING, then CONNECTED; null while it plays locally. */
  @Nullable ConnectionState castState;

  SessionCard(AVSessionDescriptor descriptor) {
    this.descriptor = descriptor;
  }

  String sessionId() {
    return descriptor.sessionId();
  }

  /**
   * Follows an output device change (an {@code outputDeviceChange} event, or the output device read or listed).
   *
   * @return whether what the card shows of its cast changed
   */
  boolean setOutput(ConnectionState state, OutputDeviceInfo output) {
    DeviceInfo device = output.devices().isEmpty() ? null : output.devices().get(0);
    boolean local = device == null || state == ConnectionState.DISCONNECTED || isLocal(device);
    DeviceInfo newDevice = local ? null : device;
    ConnectionState newState = local ? null
        : state == ConnectionState.CONNECTED ? ConnectionState.CONNECTED : ConnectionState.CONNECTING;
    boolean changed = newState != castState || !java.util.Objects.equals(newDevice, castDevice);
    castDevice = newDevice;
    castState = newState;
    return changed;
  }

  /**
   * Follows the output device of a listed descriptor, which names the renderer only once the cast is CONNECTED:
   * a local one ends a connected cast but not one still connecting.
   *
   * @return whether what the card shows of its cast changed
   */
  boolean setListedOutput(OutputDeviceInfo output) {
    boolean local = output.devices().isEmpty() || isLocal(output.devices().get(0));
    if (local && castState == ConnectionState.CONNECTING) {
      return false;
    }
    return setOutput(local ? ConnectionState.DISCONNECTED : ConnectionState.CONNECTED, output);
  }

  private static boolean isLocal(DeviceInfo device) {
    return device.castCategory() == 0 || device.deviceId().equals(DeviceInfo.LOCAL.deviceId());
  }

  /** The key of this session's events in a {@link BrowserStream}. */
  static String key(String sessionId) {
    return "session:" + sessionId;
  }
}
