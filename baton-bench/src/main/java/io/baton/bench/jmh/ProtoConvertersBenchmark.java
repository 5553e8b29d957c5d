package io.baton.bench.jmh;

import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.protocol.ProtoConverters;
import io.baton.protocol.v1.Metadata;
import io.baton.protocol.v1.PlaybackStateInfo;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * API ↔ protobuf mapping ({@link ProtoConverters}) of a full metadata set and a full playback state: the SDK pays
 * {@code toProto} per update and {@code fromProto} per received event; the daemon pays both per update (once per
 * event, not per receiver: the encoding is cached).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ProtoConvertersBenchmark {
  private final AVMetadata metadata = Fixtures.metadata();
  private final Metadata metadataProto = ProtoConverters.toProto(metadata);
  private final AVPlaybackState state = Fixtures.playbackState();
  private final PlaybackStateInfo stateProto = ProtoConverters.toProto(state);

  /** Metadata to its wire message. */
  @Benchmark
  public Metadata metadataToProto() {
    return ProtoConverters.toProto(metadata);
  }

  /** A metadata wire message to the API value. */
  @Benchmark
  public AVMetadata metadataFromProto() {
    return ProtoConverters.fromProto(metadataProto);
  }

  /** A playback state to its wire message. */
  @Benchmark
  public PlaybackStateInfo playbackStateToProto() {
    return ProtoConverters.toProto(state);
  }

  /** A playback-state wire message to the API value. */
  @Benchmark
  public AVPlaybackState playbackStateFromProto() {
    return ProtoConverters.fromProto(stateProto);
  }
}
