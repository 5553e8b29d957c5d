package io.baton.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.google.protobuf.Struct;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVQueueItem;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.EventFilter;
import io.baton.api.PlaybackPosition;
import io.baton.api.PlaybackState;
import io.baton.protocol.ProtoConverters;
import io.baton.protocol.v1.Metadata;
import io.baton.protocol.v1.PlaybackStateInfo;
import io.baton.protocol.v1.QueueItems;
import io.baton.service.session.ChangeFilters;
import io.baton.service.session.Validation;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Fuzz targets for the value rules every part of Baton shares: metadata merge ({@link AVMetadata#mergeWith}),
 * playback-state overlay ({@link AVPlaybackState#overlay}), position extrapolation ({@link PlaybackPosition}), queue
 * and extras validation, the builders, and the converters to and from the wire. Inputs are structured (protobuf
 * messages and primitives, mutated by Jazzer's mutation framework).
 *
 * <p>Invariants: merging is idempotent and follows upstream's rule field by field; overlay is associative with
 * {@link AVPlaybackState#EMPTY} as identity; a value survives the wire unchanged; validation either passes or refuses
 * with 401 naming the field, never with another exception; an extrapolated position stays within [0, duration] and
 * never runs backwards while playing.
 */
class ValueRulesFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void metadataMerge(@NotNull Metadata storedMessage, @NotNull Metadata updateMessage) throws Exception {
    AVMetadata stored = ProtoConverters.fromProto(storedMessage);
    AVMetadata update = ProtoConverters.fromProto(updateMessage);

    assertThat(ProtoConverters.toProto(update)).as("wire round trip").isEqualTo(updateMessage);
    assertThat(update.buildUpon().build()).isEqualTo(update).hasSameHashCodeAs(update);
    AVMetadata merged = stored.mergeWith(update);
    if (Objects.equals(stored.assetId(), update.assetId())) {
      for (RecordComponent c : AVMetadata.class.getRecordComponents()) {
        Object set = c.getAccessor().invoke(update);
        Object expected = set != null ? set : c.getAccessor().invoke(stored);
        assertThat(Objects.deepEquals(c.getAccessor().invoke(merged), expected))
            .as("same asset: %s is the update's when set, else the stored one", c.getName()).isTrue();
      }
    } else {
      assertThat(merged).as("another asset replaces the metadata").isEqualTo(update);
    }
    assertThat(merged.mergeWith(update)).as("merging twice").isEqualTo(merged);
    assertThat(AVMetadata.EMPTY.overlay(update)).isEqualTo(update);
    assertThat(update.overlay(AVMetadata.EMPTY)).isEqualTo(update);
    assertThat(ChangeFilters.metadataDelta(EventFilter.ALL, stored, merged, update))
        .as("a controller without filter gets the update as sent").isEqualTo(update);
    assertValidOr401(() -> Validation.checkMetadata(update), "metadata");
  }

  @FuzzTest(maxDuration = "60s")
  void playbackStateOverlay(@NotNull PlaybackStateInfo first, @NotNull PlaybackStateInfo second,
      @NotNull PlaybackStateInfo third, long nowMs, long fallbackDurationMs) {
    AVPlaybackState a;
    AVPlaybackState b;
    AVPlaybackState c;
    try {
      a = ProtoConverters.fromProto(first);
      b = ProtoConverters.fromProto(second);
      c = ProtoConverters.fromProto(third);
    } catch (IllegalArgumentException unknownEnumNumber) {
      // Documented: the daemon answers 401 (SessionRequestFuzzTest covers that path).
      return;
    }

    assertThat(ProtoConverters.fromProto(ProtoConverters.toProto(b))).as("wire round trip").isEqualTo(b);
    assertThat(b.buildUpon().build()).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.overlay(b).overlay(c)).as("overlay is associative").isEqualTo(a.overlay(b.overlay(c)));
    assertThat(a.overlay(b).overlay(b)).as("overlaying twice").isEqualTo(a.overlay(b));
    assertThat(AVPlaybackState.EMPTY.overlay(b)).isEqualTo(b);
    assertThat(b.overlay(AVPlaybackState.EMPTY)).isEqualTo(b);
    assertThat(ChangeFilters.playbackStateDelta(EventFilter.ALL, a, a.overlay(b), b)).isEqualTo(b);
    assertValidOr401(() -> Validation.checkPlaybackState(b), "playbackState");

    long position = b.extrapolatedPositionMs(nowMs, fallbackDurationMs);
    long duration = b.durationMs() != null && b.durationMs() > 0 ? b.durationMs() : fallbackDurationMs;
    assertThat(position).as("extrapolated position of %s at %s", b, nowMs).isNotNegative();
    if (duration > 0) {
      assertThat(position).as("extrapolated position of %s at %s", b, nowMs).isLessThanOrEqualTo(duration);
    }
  }

  @FuzzTest(maxDuration = "60s")
  void positionExtrapolation(long elapsedMs, long updateMs, long nowMs, long laterMs, @NotNull PlaybackState state,
      double speed, long durationMs) {
    PlaybackPosition p = new PlaybackPosition(elapsedMs, updateMs);

    long now = p.extrapolate(nowMs, state, speed, durationMs);

    String what = p + " at " + nowMs + ", " + state + " x" + speed + ", duration " + durationMs;
    assertThat(now).as(what).isNotNegative();
    if (durationMs > 0) {
      assertThat(now).as(what).isLessThanOrEqualTo(durationMs);
    }
    long still = Math.max(0, durationMs > 0 ? Math.min(elapsedMs, durationMs) : elapsedMs);
    boolean advancing = state == PlaybackState.PLAY && updateMs > 0 && Double.isFinite(speed) && speed > 0;
    if (!advancing || nowMs <= updateMs) {
      assertThat(now).as("not advancing: " + what).isEqualTo(still);
    } else if (elapsedMs >= 0) {
      assertThat(now).as("a playing position never runs backwards: " + what).isGreaterThanOrEqualTo(still);
      if (laterMs >= nowMs) {
        assertThat(p.extrapolate(laterMs, state, speed, durationMs))
            .as("later (%s) is not earlier: %s", laterMs, what).isGreaterThanOrEqualTo(now);
      }
    }
  }

  @FuzzTest(maxDuration = "60s")
  void queueItems(@NotNull QueueItems message) {
    List<AVQueueItem> items = ProtoConverters.queueItemsFromProto(message.getItemsList());

    assertThat(ProtoConverters.queueItemsFromProto(ProtoConverters.queueItemsToProto(items)))
        .as("wire round trip").isEqualTo(items);
    for (AVQueueItem item : items) {
      assertThat(item.description().buildUpon().build()).isEqualTo(item.description());
    }
    assertValidOr401(() -> Validation.checkQueue(items), "queueItems");
  }

  @FuzzTest(maxDuration = "60s")
  void extras(@NotNull Struct struct) {
    Map<String, Object> extras = ProtoConverters.structToExtras(struct);

    assertThat(ProtoConverters.structToExtras(ProtoConverters.extrasToStruct(extras))).as("wire round trip")
        .isEqualTo(extras);
    assertValidOr401(() -> Validation.checkExtras("extras", extras), "extras");
  }

  /** {@code check} passes, or refuses with 401 and a detail that starts with the field's name. */
  private static void assertValidOr401(Runnable check, String field) {
    Throwable refused = catchThrowable(check::run);
    if (refused == null) {
      return;
    }
    assertThat(refused).as("validation of %s threw something else than 401", field)
        .isInstanceOf(AVSessionException.class);
    AVSessionException e = (AVSessionException) refused;
    assertThat(e.errorCode()).as(e.detail()).isEqualTo(AVSessionErrorCode.INVALID_PARAMETER);
    assertThat(e.detail()).startsWith(field);
  }
}
