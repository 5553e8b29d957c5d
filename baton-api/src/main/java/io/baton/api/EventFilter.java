package io.baton.api;

import java.util.Set;

/**
 * Which fields a controller wants in metadata or playback-state change events.
 *
 * <p>{@link #ALL}: every field present in an update is delivered. Otherwise only the listed keys, and only when their
 * value actually changed; {@link #NONE} (the initial filter) delivers nothing. Metadata events always carry the asset
 * id. Unknown key names are ignored. Metadata keys are the {@link AVMetadata} component names ({@code "title"},
 * {@code "mediaImage"} …); playback-state keys are {@code state, speed, position, bufferedTime, loopMode, isFavorite,
 * activeItemId, volume, maxVolume, muted, duration, videoWidth, videoHeight, extras}.
 *
 * @param all whether every field is wanted
 * @param keys the wanted keys when {@code all} is false
 */
public record EventFilter(boolean all, Set<String> keys) {
  /** Every field. */
  public static final EventFilter ALL = new EventFilter(true, Set.of());
  /** Nothing: no change events of that kind. */
  public static final EventFilter NONE = new EventFilter(false, Set.of());

  /** Copies the key set. */
  public EventFilter {
    keys = Set.copyOf(keys);
  }

  /** A filter for these keys. */
  public static EventFilter of(String... keys) {
    return new EventFilter(false, Set.of(keys));
  }
}
