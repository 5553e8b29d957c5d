package io.baton.mpris;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.api.AVSessionDescriptor;
import io.baton.protocol.ProtocolConstants;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Tests for {@link MprisNames}. */
class MprisNamesTest {
  /** The D-Bus rules for a well-known bus name. */
  private static final Pattern BUS_NAME =
      Pattern.compile("[A-Za-z_-][A-Za-z0-9_-]*(\\.[A-Za-z_-][A-Za-z0-9_-]*)+");
  private static final Pattern OBJECT_PATH = Pattern.compile("/|(/[A-Za-z0-9_]+)+");
  private static final String SESSION_ID = "6A3F0C9E1B27D4" + "0".repeat(50);

  @Test
  void exportBusName_appAndShortId_followsTheDocumentedForm() {
    assertThat(MprisNames.exportBusName("baton.cli", SESSION_ID))
        .isEqualTo("org.mpris.MediaPlayer2.baton.baton_cli_6A3F0C9E1B27");
  }

  @Test
  void exportBusName_appIdStartingWithDigitOrWithDashes_isAValidBusName() {
    String name = MprisNames.exportBusName("3d-player.x", SESSION_ID);

    assertThat(name).isEqualTo("org.mpris.MediaPlayer2.baton._3d_player_x_6A3F0C9E1B27").matches(BUS_NAME);
  }

  @Test
  void exportBusName_longestAppId_staysWithinTheBusNameLimit() {
    String name = MprisNames.exportBusName("a".repeat(128), SESSION_ID);

    assertThat(name.length()).isLessThanOrEqualTo(255);
    assertThat(name).matches(BUS_NAME).endsWith("_6A3F0C9E1B27");
  }

  @Test
  void isImportable_realPlayer_isImported() {
    assertThat(MprisNames.isImportable("org.mpris.MediaPlayer2.mpv")).isTrue();
    assertThat(MprisNames.isImportable("org.mpris.MediaPlayer2.vlc.instance4711")).isTrue();
  }

  @Test
  void isImportable_batonExportsOfAnyDaemon_areNeverImported() {
    assertThat(MprisNames.isImportable("org.mpris.MediaPlayer2.baton.baton_cli_6A3F0C9E1B27")).isFalse();
    assertThat(MprisNames.isImportable(MprisNames.exportBusName("com.example.app", SESSION_ID))).isFalse();
  }

  @Test
  void isImportable_proxiesAndOtherNames_areNotImported() {
    assertThat(MprisNames.isImportable("org.mpris.MediaPlayer2.playerctld")).isFalse();
    assertThat(MprisNames.isImportable("org.mpris.MediaPlayer2.")).isFalse();
    assertThat(MprisNames.isImportable("org.freedesktop.Notifications")).isFalse();
    assertThat(MprisNames.isImportable(":1.42")).isFalse();
  }

  @Test
  void isExportable_importedPlayersOfThisDevice_areNotExportedBack() {
    AVSessionDescriptor imported = AVSessionDescriptor.builder().setSessionId(SESSION_ID).setAppId("mpris.mpv")
        .build();
    AVSessionDescriptor remoteImported = imported.buildUpon().setRemote(true).build();
    AVSessionDescriptor app = imported.buildUpon().setAppId("baton.cli").build();

    assertThat(MprisNames.isExportable(imported)).isFalse();
    assertThat(MprisNames.isExportable(remoteImported)).isTrue();
    assertThat(MprisNames.isExportable(app)).isTrue();
  }

  @Test
  void importAppId_playerName_isAValidAppIdUnderMpris() {
    assertThat(MprisNames.importAppId("org.mpris.MediaPlayer2.vlc.instance4711")).isEqualTo("mpris.vlc.instance4711");
    assertThat(MprisNames.importAppId("org.mpris.MediaPlayer2." + "x".repeat(300)))
        .matches(ProtocolConstants.APP_ID_PATTERN);
  }

  @Test
  void trackIdPath_assetIds_becomeDistinctValidObjectPaths() {
    String a = MprisNames.trackIdPath("demo-1");
    String b = MprisNames.trackIdPath("demo_1");
    String unicode = MprisNames.trackIdPath("Café/ü 1");

    assertThat(a).isEqualTo("/io/baton/track/demo_2d1").matches(OBJECT_PATH);
    assertThat(b).isEqualTo("/io/baton/track/demo_5f1").isNotEqualTo(a);
    assertThat(unicode).matches(OBJECT_PATH);
  }

  @Test
  void trackIdPath_noAsset_isMprisNoTrack() {
    assertThat(MprisNames.trackIdPath(null)).isEqualTo("/org/mpris/MediaPlayer2/TrackList/NoTrack");
    assertThat(MprisNames.trackIdPath("")).isEqualTo(MprisNames.NO_TRACK);
  }
}
