package io.baton.service.session;

import io.baton.api.AVCallState;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.CallMetadata;
import io.baton.api.EventFilter;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Upstream's change-event filter rules, in one place.
 *
 * <p>With {@link EventFilter#ALL} every field present in the update is delivered. With a key list, only listed fields
 * whose value actually changed are delivered (metadata always carries its asset id); when nothing listed changed,
 * nothing is delivered. {@link EventFilter#NONE} delivers nothing. Filter keys are upstream's names (see
 * {@link EventFilter}); {@code mediaImage} and {@code avQueueImage} cover both the image and its URI.
 */
public final class ChangeFilters {

  private record Field<T, B>(String key, Function<T, Object> getter, BiConsumer<B, Object> setter) {}

  private static <T, B> Field<T, B> field(String key, Function<T, Object> getter, BiConsumer<B, Object> setter) {
    return new Field<>(key, getter, setter);
  }

  private static final List<Field<AVMetadata, AVMetadata.Builder>> METADATA_FIELDS = List.of(
      field("title", AVMetadata::title, (b, v) -> b.setTitle((String) v)),
      field("artist", AVMetadata::artist, (b, v) -> b.setArtist((String) v)),
      field("author", AVMetadata::author, (b, v) -> b.setAuthor((String) v)),
      field("avQueueName", AVMetadata::avQueueName, (b, v) -> b.setAvQueueName((String) v)),
      field("avQueueId", AVMetadata::avQueueId, (b, v) -> b.setAvQueueId((String) v)),
      field("avQueueImage", AVMetadata::avQueueImageUri, (b, v) -> b.setAvQueueImageUri((String) v)),
      field("avQueueImage", AVMetadata::avQueueImage, (b, v) -> b.setAvQueueImage((byte[]) v)),
      field("album", AVMetadata::album, (b, v) -> b.setAlbum((String) v)),
      field("writer", AVMetadata::writer, (b, v) -> b.setWriter((String) v)),
      field("composer", AVMetadata::composer, (b, v) -> b.setComposer((String) v)),
      field("duration", AVMetadata::durationMs, (b, v) -> b.setDurationMs((Long) v)),
      field("mediaImage", AVMetadata::mediaImageUri, (b, v) -> b.setMediaImageUri((String) v)),
      field("mediaImage", AVMetadata::mediaImage, (b, v) -> b.setMediaImage((byte[]) v)),
      field("publishDate", AVMetadata::publishDateMs, (b, v) -> b.setPublishDateMs((Long) v)),
      field("subtitle", AVMetadata::subtitle, (b, v) -> b.setSubtitle((String) v)),
      field("description", AVMetadata::description, (b, v) -> b.setDescription((String) v)),
      field("lyric", AVMetadata::lyric, (b, v) -> b.setLyric((String) v)),
      field("previousAssetId", AVMetadata::previousAssetId, (b, v) -> b.setPreviousAssetId((String) v)),
      field("nextAssetId", AVMetadata::nextAssetId, (b, v) -> b.setNextAssetId((String) v)),
      field("skipIntervals", AVMetadata::skipIntervals, (b, v) -> b.setSkipIntervals((Integer) v)),
      field("filter", AVMetadata::filter, (b, v) -> b.setFilter((Integer) v)),
      field("displayTags", AVMetadata::displayTags, (b, v) -> b.setDisplayTags((Integer) v)),
      field("drmSchemes", m -> m.drmSchemes(), (b, v) -> b.setDrmSchemes(castList(v))),
      field("singleLyricText", AVMetadata::singleLyricText, (b, v) -> b.setSingleLyricText((String) v)),
      field("fastForwardSkipIntervals", AVMetadata::fastForwardSkipIntervals,
          (b, v) -> b.setFastForwardSkipIntervals((Integer) v)),
      field("rewindSkipIntervals", AVMetadata::rewindSkipIntervals,
          (b, v) -> b.setRewindSkipIntervals((Integer) v)));

  private static final List<Field<AVPlaybackState, AVPlaybackState.Builder>> STATE_FIELDS = List.of(
      field("state", AVPlaybackState::state, (b, v) -> b.setState((io.baton.api.PlaybackState) v)),
      field("speed", AVPlaybackState::speed, (b, v) -> b.setSpeed((Double) v)),
      field("position", AVPlaybackState::position, (b, v) -> b.setPosition((io.baton.api.PlaybackPosition) v)),
      field("bufferedTime", AVPlaybackState::bufferedTimeMs, (b, v) -> b.setBufferedTimeMs((Long) v)),
      field("loopMode", AVPlaybackState::loopMode, (b, v) -> b.setLoopMode((io.baton.api.LoopMode) v)),
      field("isFavorite", AVPlaybackState::favorite, (b, v) -> b.setFavorite((Boolean) v)),
      field("activeItemId", AVPlaybackState::activeItemId, (b, v) -> b.setActiveItemId((Integer) v)),
      field("volume", AVPlaybackState::volume, (b, v) -> b.setVolume((Integer) v)),
      field("maxVolume", AVPlaybackState::maxVolume, (b, v) -> b.setMaxVolume((Integer) v)),
      field("muted", AVPlaybackState::muted, (b, v) -> b.setMuted((Boolean) v)),
      field("duration", AVPlaybackState::durationMs, (b, v) -> b.setDurationMs((Integer) v)),
      field("videoWidth", AVPlaybackState::videoWidth, (b, v) -> b.setVideoWidth((Integer) v)),
      field("videoHeight", AVPlaybackState::videoHeight, (b, v) -> b.setVideoHeight((Integer) v)),
      field("extras", s -> s.extras(), (b, v) -> b.setExtras(castMap(v))));

  private ChangeFilters() {}

  @SuppressWarnings("unchecked")
  private static List<String> castList(Object v) {
    return (List<String>) v;
  }

  @SuppressWarnings("unchecked")
  private static java.util.Map<String, Object> castMap(Object v) {
    return (java.util.Map<String, Object>) v;
  }

  /**
   * The metadata event a controller with {@code filter} receives when {@code update} turned {@code before} into
   * {@code after}, or null for none.
   */
  public static AVMetadata metadataDelta(EventFilter filter, AVMetadata before, AVMetadata after,
      AVMetadata update) {
    if (filter.all()) {
      return update;
    }
    if (filter.keys().isEmpty()) {
      return null;
    }
    AVMetadata.Builder delta = AVMetadata.builder().setAssetId(after.assetId());
    boolean changed = filter.keys().contains("assetId") && !Objects.equals(before.assetId(), after.assetId());
    for (Field<AVMetadata, AVMetadata.Builder> f : METADATA_FIELDS) {
      if (filter.keys().contains(f.key())) {
        Object now = f.getter().apply(after);
        if (!deepEquals(f.getter().apply(before), now)) {
          f.setter().accept(delta, now);
          changed = true;
        }
      }
    }
    return changed ? delta.build() : null;
  }

  /** The playback-state event for {@code filter} (see {@link #metadataDelta}), or null for none. */
  public static AVPlaybackState playbackStateDelta(EventFilter filter, AVPlaybackState before,
      AVPlaybackState after, AVPlaybackState update) {
    if (filter.all()) {
      return update;
    }
    if (filter.keys().isEmpty()) {
      return null;
    }
    AVPlaybackState.Builder delta = AVPlaybackState.builder();
    boolean changed = false;
    for (Field<AVPlaybackState, AVPlaybackState.Builder> f : STATE_FIELDS) {
      if (filter.keys().contains(f.key())) {
        Object now = f.getter().apply(after);
        if (!Objects.equals(f.getter().apply(before), now)) {
          f.setter().accept(delta, now);
          changed = true;
        }
      }
    }
    return changed ? delta.build() : null;
  }

  /** Whether a call-metadata change passes {@code filter} (keys {@code name}, {@code phoneNumber}, {@code avatar}). */
  public static boolean callMetadataPasses(EventFilter filter, CallMetadata before, CallMetadata after) {
    if (filter.all()) {
      return true;
    }
    return filter.keys().contains("name") && !Objects.equals(before.name(), after.name())
        || filter.keys().contains("phoneNumber") && !Objects.equals(before.phoneNumber(), after.phoneNumber())
        || filter.keys().contains("avatar") && !Arrays.equals(before.avatar(), after.avatar());
  }

  /** Whether a call-state change passes {@code filter} (keys {@code state}, {@code muted}). */
  public static boolean callStatePasses(EventFilter filter, AVCallState before, AVCallState after) {
    if (filter.all()) {
      return true;
    }
    return filter.keys().contains("state") && before.state() != after.state()
        || filter.keys().contains("muted") && before.muted() != after.muted();
  }

  private static boolean deepEquals(Object a, Object b) {
    return a instanceof byte[] && b instanceof byte[] ? Arrays.equals((byte[]) a, (byte[]) b) : Objects.equals(a, b);
  }
}
