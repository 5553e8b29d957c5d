package io.baton.web;

import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVSessionController;
import io.baton.api.AVSessionDescriptor;
import io.baton.api.LoopMode;
import io.baton.api.Nullable;
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

  SessionCard(AVSessionDescriptor descriptor) {
    this.descriptor = descriptor;
  }

  String sessionId() {
    return descriptor.sessionId();
  }

  /** The key of this session's events in a {@link BrowserStream}. */
  static String key(String sessionId) {
    return "session:" + sessionId;
  }
}
