package io.baton.mpris;

import io.baton.api.AVMetadata;
import io.baton.api.Nullable;
import io.baton.protocol.ProtocolConstants;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.types.Variant;

/**
 * The MPRIS {@code Metadata} property as a value: the keys the bridge maps, typed. Converts to and from Baton's
 * {@link AVMetadata} and to and from the D-Bus {@code a{sv}} map.
 *
 * <table>
 *   <caption>Keys and their AVMetadata fields</caption>
 *   <tr><th>MPRIS key</th><th>AVMetadata</th></tr>
 *   <tr><td>{@code mpris:trackid} (object path)</td><td>{@code assetId} (see {@link MprisNames#trackIdPath})</td></tr>
 *   <tr><td>{@code mpris:length} (µs)</td><td>{@code durationMs} × 1000</td></tr>
 *   <tr><td>{@code mpris:artUrl}</td><td>{@code mediaImageUri}</td></tr>
 *   <tr><td>{@code xesam:title}</td><td>{@code title}</td></tr>
 *   <tr><td>{@code xesam:artist} (list)</td><td>{@code artist} (one entry; imported lists are joined with ", ")</td></tr>
 *   <tr><td>{@code xesam:album}</td><td>{@code album}</td></tr>
 *   <tr><td>{@code xesam:composer} (list)</td><td>{@code composer}</td></tr>
 *   <tr><td>{@code xesam:lyricist} (list)</td><td>{@code writer}</td></tr>
 *   <tr><td>{@code xesam:asText}</td><td>{@code lyric}</td></tr>
 *   <tr><td>{@code xesam:comment} (list)</td><td>{@code description}</td></tr>
 *   <tr><td>{@code xesam:contentCreated} (ISO 8601)</td><td>{@code publishDateMs}</td></tr>
 * </table>
 *
 * <p>{@code xesam:url} has no AVMetadata field: it is kept for the session type and as the asset id of a track
 * without {@code mpris:trackid}.
 *
 * @param trackId the track's object path
 * @param lengthUs the track's length in microseconds, or null
 * @param url {@code xesam:url}, or null
 */
/* package */ record MprisMetadata(
    String trackId,
    @Nullable Long lengthUs,
    @Nullable String artUrl,
    @Nullable String title,
    List<String> artists,
    @Nullable String album,
    List<String> composers,
    List<String> lyricists,
    @Nullable String lyrics,
    List<String> comments,
    @Nullable String contentCreated,
    @Nullable String url) {

  /** Longest imported string, in characters: even at 4 UTF-8 bytes each it stays under the daemon's limit. */
  static final int MAX_IMPORTED_STRING_CHARS = (ProtocolConstants.MAX_STRING_BYTES - 1) / 4;

  /** Metadata of "no track". */
  static final MprisMetadata NO_TRACK = new MprisMetadata(MprisNames.NO_TRACK, null, null, null, List.of(), null,
      List.of(), List.of(), null, List.of(), null, null);

  /** Copies the lists. */
  MprisMetadata {
    Objects.requireNonNull(trackId, "trackId");
    artists = List.copyOf(artists);
    composers = List.copyOf(composers);
    lyricists = List.copyOf(lyricists);
    comments = List.copyOf(comments);
  }

  /**
   * The MPRIS metadata of a session (export).
   *
   * @param fallbackDurationMs the playback state's duration, used when the metadata has none (0 or less: none)
   */
  static MprisMetadata fromAVMetadata(AVMetadata m, long fallbackDurationMs) {
    Long durationMs = m.durationMs() != null && m.durationMs() > 0 ? m.durationMs()
        : fallbackDurationMs > 0 ? Long.valueOf(fallbackDurationMs) : null;
    return new MprisMetadata(
        MprisNames.trackIdPath(m.assetId()),
        durationMs == null ? null : durationMs * 1000,
        m.mediaImageUri(),
        m.title(),
        listOf(m.artist()),
        m.album(),
        listOf(m.composer()),
        listOf(m.writer()),
        m.lyric(),
        listOf(m.description()),
        m.publishDateMs() == null ? null : Instant.ofEpochMilli(m.publishDateMs()).toString(),
        null);
  }

  /**
   * Baton metadata for an imported player's track. The asset id is the track id, or the URL when the player gives no
   * track id; strings are cut to what the daemon accepts.
   */
  AVMetadata toAVMetadata() {
    String assetId = !trackId.equals(MprisNames.NO_TRACK) && !trackId.isEmpty() ? trackId
        : url != null && !url.isEmpty() ? url
        : MprisNames.NO_TRACK;
    return AVMetadata.builder()
        .setAssetId(cut(assetId))
        .setTitle(cut(title))
        .setArtist(cut(joined(artists)))
        .setAlbum(cut(album))
        .setComposer(cut(joined(composers)))
        .setWriter(cut(joined(lyricists)))
        .setLyric(cut(lyrics))
        .setDescription(cut(joined(comments)))
        .setMediaImageUri(cut(artUrl))
        .setDurationMs(lengthUs == null || lengthUs < 0 ? null : lengthUs / 1000)
        .setPublishDateMs(parseDate(contentCreated))
        .build();
  }

  /** The {@code a{sv}} map, with the keys that have a value; {@code mpris:trackid} always. */
  Map<String, Variant<?>> toDBus() {
    Map<String, Variant<?>> map = new LinkedHashMap<>();
    map.put("mpris:trackid", new Variant<>(new DBusPath(trackId)));
    if (lengthUs != null) {
      map.put("mpris:length", new Variant<>(lengthUs));
    }
    putString(map, "mpris:artUrl", artUrl);
    putString(map, "xesam:title", title);
    putList(map, "xesam:artist", artists);
    putString(map, "xesam:album", album);
    putList(map, "xesam:composer", composers);
    putList(map, "xesam:lyricist", lyricists);
    putString(map, "xesam:asText", lyrics);
    putList(map, "xesam:comment", comments);
    putString(map, "xesam:contentCreated", contentCreated);
    putString(map, "xesam:url", url);
    return map;
  }

  /**
   * Reads a player's {@code Metadata} (import). Tolerates what real players send besides the specification: a track id
   * as a string, a length as any integer type or a double, a single string where a list is expected. Unknown keys and
   * values of unexpected types are ignored.
   */
  static MprisMetadata fromDBus(@Nullable Map<?, ?> raw) {
    if (raw == null) {
      return NO_TRACK;
    }
    Object trackId = value(raw, "mpris:trackid");
    Object length = value(raw, "mpris:length");
    return new MprisMetadata(
        trackId instanceof DBusPath path ? path.getPath() : trackId instanceof String s ? s : MprisNames.NO_TRACK,
        length instanceof Number n ? Long.valueOf(n.longValue()) : null,
        string(value(raw, "mpris:artUrl")),
        string(value(raw, "xesam:title")),
        strings(value(raw, "xesam:artist")),
        string(value(raw, "xesam:album")),
        strings(value(raw, "xesam:composer")),
        strings(value(raw, "xesam:lyricist")),
        string(value(raw, "xesam:asText")),
        strings(value(raw, "xesam:comment")),
        string(value(raw, "xesam:contentCreated")),
        string(value(raw, "xesam:url")));
  }

  private static @Nullable Object value(Map<?, ?> raw, String key) {
    Object value = raw.get(key);
    return value instanceof Variant<?> v ? v.getValue() : value;
  }

  private static @Nullable String string(@Nullable Object value) {
    return value instanceof String s ? s : null;
  }

  private static List<String> strings(@Nullable Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof String s) {
      out.add(s);
    } else if (value instanceof Collection<?> c) {
      c.stream().filter(String.class::isInstance).map(String.class::cast).forEach(out::add);
    } else if (value instanceof Object[] array) {
      for (Object o : array) {
        if (o instanceof String s) {
          out.add(s);
        }
      }
    }
    return out;
  }

  private static List<String> listOf(@Nullable String value) {
    return value == null || value.isEmpty() ? List.of() : List.of(value);
  }

  private static @Nullable String joined(List<String> values) {
    return values.isEmpty() ? null : String.join(", ", values);
  }

  private static @Nullable String cut(@Nullable String value) {
    return value == null || value.length() <= MAX_IMPORTED_STRING_CHARS
        ? value
        : value.substring(0, MAX_IMPORTED_STRING_CHARS);
  }

  private static void putString(Map<String, Variant<?>> map, String key, @Nullable String value) {
    if (value != null) {
      map.put(key, new Variant<>(value));
    }
  }

  private static void putList(Map<String, Variant<?>> map, String key, List<String> values) {
    if (!values.isEmpty()) {
      map.put(key, new Variant<>(values, "as"));
    }
  }

  /** Milliseconds since the epoch of an ISO 8601 date or date-time (UTC when it has no offset), or null. */
  /* package */ static @Nullable Long parseDate(@Nullable String iso) {
    if (iso == null || iso.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
    } catch (DateTimeParseException notOffsetDateTime) {
      try {
        return Instant.parse(iso).toEpochMilli();
      } catch (DateTimeParseException notInstant) {
        try {
          return LocalDate.parse(iso.length() >= 10 ? iso.substring(0, 10) : iso)
              .atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } catch (DateTimeParseException notDate) {
          return null;
        }
      }
    }
  }
}
