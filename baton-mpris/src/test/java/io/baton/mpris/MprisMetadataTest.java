package io.baton.mpris;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.api.AVMetadata;
import java.util.List;
import java.util.Map;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.types.UInt64;
import org.freedesktop.dbus.types.Variant;
import org.junit.jupiter.api.Test;

/** Tests for {@link MprisMetadata}. */
class MprisMetadataTest {
  private static final AVMetadata FULL = AVMetadata.builder()
      .setAssetId("song-7")
      .setTitle("Morning Tone")
      .setArtist("Baton")
      .setAlbum("Tones")
      .setComposer("Sine")
      .setWriter("Lyricist")
      .setLyric("la la")
      .setDescription("a test tone")
      .setMediaImageUri("https://example.com/art.png")
      .setDurationMs(180_000L)
      .setPublishDateMs(1_700_000_000_000L)
      .build();

  @Test
  void toDBus_exportedMetadata_hasSpecificationTypes() {
    Map<String, Variant<?>> map = MprisMetadata.fromAVMetadata(FULL, 0).toDBus();

    assertThat(map.get("mpris:trackid").getValue()).isEqualTo(new DBusPath("/io/baton/track/song_2d7"));
    assertThat(map.get("mpris:trackid").getSig()).isEqualTo("o");
    assertThat(map.get("mpris:length").getValue()).isEqualTo(180_000_000L);
    assertThat(map.get("mpris:length").getSig()).isEqualTo("x");
    assertThat(map.get("xesam:artist").getSig()).isEqualTo("as");
    assertThat(map.get("xesam:artist").getValue()).isEqualTo(List.of("Baton"));
    assertThat(map.get("xesam:title").getValue()).isEqualTo("Morning Tone");
    assertThat(map.get("mpris:artUrl").getValue()).isEqualTo("https://example.com/art.png");
    assertThat(map.get("xesam:contentCreated").getValue()).isEqualTo("2023-11-14T22:13:20Z");
    assertThat(map).containsKeys("xesam:album", "xesam:composer", "xesam:lyricist", "xesam:asText",
        "xesam:comment");
  }

  @Test
  void fromAVMetadata_noDuration_usesThePlaybackStatesDuration() {
    AVMetadata withoutDuration = AVMetadata.builder().setAssetId("a").build();

    assertThat(MprisMetadata.fromAVMetadata(withoutDuration, 42_000).lengthUs()).isEqualTo(42_000_000L);
    assertThat(MprisMetadata.fromAVMetadata(withoutDuration, 0).lengthUs()).isNull();
  }

  @Test
  void roundTrip_exportThenImport_keepsEveryMappedField() {
    AVMetadata back = MprisMetadata.fromDBus(MprisMetadata.fromAVMetadata(FULL, 0).toDBus()).toAVMetadata();

    assertThat(back.assetId()).isEqualTo("/io/baton/track/song_2d7");
    assertThat(back).usingRecursiveComparison().ignoringFields("assetId").isEqualTo(FULL);
  }

  @Test
  void fromDBus_whatRealPlayersSend_isTolerated() {
    Map<String, Object> raw = Map.of(
        "mpris:trackid", new Variant<>("/0"),
        "mpris:length", new Variant<>(new UInt64(60_029_375L)),
        "xesam:artist", new Variant<>("Single String Artist"),
        "xesam:title", new Variant<>(42),
        "xesam:url", new Variant<>("file:///tmp/tone60.mp3"));

    MprisMetadata m = MprisMetadata.fromDBus(raw);

    assertThat(m.trackId()).isEqualTo("/0");
    assertThat(m.lengthUs()).isEqualTo(60_029_375L);
    assertThat(m.artists()).containsExactly("Single String Artist");
    assertThat(m.title()).isNull();
    assertThat(m.toAVMetadata().durationMs()).isEqualTo(60_029L);
  }

  @Test
  void toAVMetadata_noTrackId_usesTheUrlAsAssetId() {
    MprisMetadata m = MprisMetadata.fromDBus(Map.of("xesam:url", new Variant<>("file:///a.ogg")));

    assertThat(m.toAVMetadata().assetId()).isEqualTo("file:///a.ogg");
    assertThat(MprisMetadata.fromDBus(null).toAVMetadata().assetId()).isEqualTo(MprisNames.NO_TRACK);
  }

  @Test
  void toAVMetadata_artistListAndLongStrings_joinedAndCut() {
    MprisMetadata m = MprisMetadata.fromDBus(Map.of(
        "xesam:artist", new Variant<>(List.of("A", "B"), "as"),
        "xesam:asText", new Variant<>("x".repeat(50_000))));

    AVMetadata metadata = m.toAVMetadata();

    assertThat(metadata.artist()).isEqualTo("A, B");
    assertThat(metadata.lyric()).hasSize(MprisMetadata.MAX_IMPORTED_STRING_CHARS);
  }

  @Test
  void parseDate_isoForms() {
    assertThat(MprisMetadata.parseDate("2023-11-14T22:13:20Z")).isEqualTo(1_700_000_000_000L);
    assertThat(MprisMetadata.parseDate("2023-11-14T23:13:20+01:00")).isEqualTo(1_700_000_000_000L);
    assertThat(MprisMetadata.parseDate("2023-11-14")).isEqualTo(1_699_920_000_000L);
    assertThat(MprisMetadata.parseDate("yesterday")).isNull();
    assertThat(MprisMetadata.parseDate(null)).isNull();
  }
}
