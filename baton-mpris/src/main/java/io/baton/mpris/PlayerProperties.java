package io.baton.mpris;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.freedesktop.dbus.types.Variant;

/**
 * The properties of {@code org.mpris.MediaPlayer2.Player} an exported session shows, except Position (which is
 * computed when read and never announced): a value, so that what changed between two snapshots is what
 * {@code PropertiesChanged} announces.
 */
/* package */ record PlayerProperties(
    String playbackStatus,
    String loopStatus,
    double rate,
    boolean shuffle,
    MprisMetadata metadata,
    double volume,
    double minimumRate,
    double maximumRate,
    boolean canGoNext,
    boolean canGoPrevious,
    boolean canPlay,
    boolean canPause,
    boolean canSeek,
    boolean canControl) {

  /** Checks the components. */
  PlayerProperties {
    Objects.requireNonNull(playbackStatus, "playbackStatus");
    Objects.requireNonNull(loopStatus, "loopStatus");
    Objects.requireNonNull(metadata, "metadata");
  }

  /** Every property as D-Bus variants, in the specification's order. */
  Map<String, Variant<?>> toVariants() {
    Map<String, Variant<?>> map = new LinkedHashMap<>();
    map.put("PlaybackStatus", new Variant<>(playbackStatus));
    map.put("LoopStatus", new Variant<>(loopStatus));
    map.put("Rate", new Variant<>(rate));
    map.put("Shuffle", new Variant<>(shuffle));
    map.put("Metadata", new Variant<>(metadata.toDBus(), "a{sv}"));
    map.put("Volume", new Variant<>(volume));
    map.put("MinimumRate", new Variant<>(minimumRate));
    map.put("MaximumRate", new Variant<>(maximumRate));
    map.put("CanGoNext", new Variant<>(canGoNext));
    map.put("CanGoPrevious", new Variant<>(canGoPrevious));
    map.put("CanPlay", new Variant<>(canPlay));
    map.put("CanPause", new Variant<>(canPause));
    map.put("CanSeek", new Variant<>(canSeek));
    map.put("CanControl", new Variant<>(canControl));
    return map;
  }

  /** The properties whose value differs from {@code previous}, as D-Bus variants. */
  Map<String, Variant<?>> changedSince(PlayerProperties previous) {
    Map<String, Variant<?>> changed = new LinkedHashMap<>();
    toVariants().forEach((name, value) -> {
      if (!isSame(name, previous)) {
        changed.put(name, value);
      }
    });
    return changed;
  }

  private boolean isSame(String property, PlayerProperties other) {
    return switch (property) {
      case "PlaybackStatus" -> playbackStatus.equals(other.playbackStatus);
      case "LoopStatus" -> loopStatus.equals(other.loopStatus);
      case "Rate" -> rate == other.rate;
      case "Shuffle" -> shuffle == other.shuffle;
      case "Metadata" -> metadata.equals(other.metadata);
      case "Volume" -> volume == other.volume;
      case "MinimumRate" -> minimumRate == other.minimumRate;
      case "MaximumRate" -> maximumRate == other.maximumRate;
      case "CanGoNext" -> canGoNext == other.canGoNext;
      case "CanGoPrevious" -> canGoPrevious == other.canGoPrevious;
      case "CanPlay" -> canPlay == other.canPlay;
      case "CanPause" -> canPause == other.canPause;
      case "CanSeek" -> canSeek == other.canSeek;
      case "CanControl" -> canControl == other.canControl;
      default -> throw new IllegalArgumentException("unknown property " + property);
    };
  }
}
