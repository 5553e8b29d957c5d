package io.baton.bench.jmh;

import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.EventFilter;
import io.baton.service.session.ChangeFilters;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The per-filter event delta ({@link ChangeFilters}): what a controller with a key filter receives after an update.
 * The daemon computes it once per distinct filter of a session's controllers, under the session's lock, so it bounds
 * how fast a session can publish. Keyed filters are measured (ALL returns the update as it is).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChangeFiltersBenchmark {
  private final EventFilter metadataFilter = EventFilter.of("title", "artist", "album", "duration", "mediaImage");
  private final EventFilter stateFilter = EventFilter.of("state", "position", "speed", "loopMode");
  private final AVMetadata metadataBefore = Fixtures.metadata();
  private final AVMetadata metadataUpdate = Fixtures.titleUpdate();
  private final AVMetadata metadataAfter = metadataBefore.mergeWith(metadataUpdate);
  private final AVPlaybackState stateBefore = Fixtures.playbackState();
  private final AVPlaybackState stateUpdate = Fixtures.positionUpdate();
  private final AVPlaybackState stateAfter = stateBefore.overlay(stateUpdate);

  /** The metadata delta for a five-key filter after a title change. */
  @Benchmark
  public AVMetadata metadataDelta() {
    return ChangeFilters.metadataDelta(metadataFilter, metadataBefore, metadataAfter, metadataUpdate);
  }

  /** The playback-state delta for a four-key filter after a position change. */
  @Benchmark
  public AVPlaybackState playbackStateDelta() {
    return ChangeFilters.playbackStateDelta(stateFilter, stateBefore, stateAfter, stateUpdate);
  }
}
