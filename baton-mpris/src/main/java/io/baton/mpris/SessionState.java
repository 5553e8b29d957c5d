package io.baton.mpris;

import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVSessionDescriptor;
import java.util.List;
import java.util.Objects;

/**
 * What the bridge knows of an exported session, as its controller reported it: an immutable snapshot, replaced as a
 * whole on every event so that D-Bus threads can read it without locks.
 *
 * @param descriptor the session's descriptor (app id, tag, id)
 * @param metadata the merged metadata ({@link AVMetadata#mergeWith})
 * @param playbackState the merged playback state ({@link AVPlaybackState#overlay})
 * @param validCommands the session's valid commands, by upstream name
 * @param active whether the session is active
 * @param supportedSpeeds the speeds the session declared, empty for any
 */
/* package */ record SessionState(
    AVSessionDescriptor descriptor,
    AVMetadata metadata,
    AVPlaybackState playbackState,
    List<String> validCommands,
    boolean active,
    List<Double> supportedSpeeds) {

  /** Copies the lists. */
  SessionState {
    Objects.requireNonNull(descriptor, "descriptor");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(playbackState, "playbackState");
    validCommands = List.copyOf(validCommands);
    supportedSpeeds = List.copyOf(supportedSpeeds);
  }

  /** This state with {@code update} merged into the metadata by upstream's rule. */
  SessionState withMetadata(AVMetadata update) {
    return new SessionState(descriptor, metadata.mergeWith(update), playbackState, validCommands, active,
        supportedSpeeds);
  }

  /** This state with {@code update}'s fields overwriting the playback state. */
  SessionState withPlaybackState(AVPlaybackState update) {
    return new SessionState(descriptor, metadata, playbackState.overlay(update), validCommands, active,
        supportedSpeeds);
  }

  SessionState withValidCommands(List<String> commands) {
    return new SessionState(descriptor, metadata, playbackState, commands, active, supportedSpeeds);
  }

  SessionState withActive(boolean isActive) {
    return new SessionState(descriptor, metadata, playbackState, validCommands, isActive, supportedSpeeds);
  }

  /** The duration to clamp positions to when the playback state has none: the metadata's, or 0 for none. */
  long fallbackDurationMs() {
    return metadata.durationMs() == null ? 0 : metadata.durationMs();
  }

  /** The position now, extrapolated by the core's rule ({@link AVPlaybackState#extrapolatedPositionMs}). */
  long positionMs(long nowEpochMs) {
    return playbackState.extrapolatedPositionMs(nowEpochMs, fallbackDurationMs());
  }

  /** Whether {@code command} (an upstream name such as {@code "playNext"}) is a valid command. */
  boolean accepts(String command) {
    return validCommands.contains(command);
  }
}
