package io.baton.mpris;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.api.AVControlCommandType;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVSessionDescriptor;
import io.baton.api.AVSessionType;
import io.baton.api.LoopMode;
import io.baton.api.PlaybackPosition;
import io.baton.api.PlaybackState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tests for {@link MprisMapping}: every row of the README's mapping table. */
class MprisMappingTest {
  private static final long NOW = 1_800_000_000_000L;
  private static final AVSessionDescriptor DESCRIPTOR = AVSessionDescriptor.builder()
      .setSessionId("A".repeat(64)).setAppId("com.example").setTag("main").build();

  // ---------------------------------------------------------------- Status

  @ParameterizedTest
  @CsvSource({
      "PLAY, Playing", "FAST_FORWARD, Playing", "REWIND, Playing",
      "PAUSE, Paused", "PREPARE, Paused", "BUFFERING, Paused",
      "INITIAL, Stopped", "STOP, Stopped", "COMPLETED, Stopped", "RELEASED, Stopped", "ERROR, Stopped",
      "IDLE, Stopped"})
  void playbackStatus_everyState_mapsToTheDocumentedStatus(PlaybackState state, String status) {
    assertThat(MprisMapping.playbackStatus(state)).isEqualTo(status);
  }

  @Test
  void playbackStatus_noState_isStopped() {
    assertThat(MprisMapping.playbackStatus(null)).isEqualTo("Stopped");
  }

  @ParameterizedTest
  @CsvSource({"Playing, PLAY", "Paused, PAUSE", "Stopped, STOP", "Nonsense, STOP"})
  void playbackState_importedStatus_mapsToState(String status, PlaybackState state) {
    assertThat(MprisMapping.playbackState(status)).isEqualTo(state);
  }

  // ---------------------------------------------------------------- Loop and shuffle

  @ParameterizedTest
  @CsvSource({
      "SEQUENCE, None, false", "SINGLE, Track, false", "LIST, Playlist, false", "SHUFFLE, None, true",
      "CUSTOM, None, false"})
  void loopStatusAndShuffle_everyMode_mapsToTheDocumentedPair(LoopMode mode, String loopStatus, boolean shuffle) {
    assertThat(MprisMapping.loopStatus(mode)).isEqualTo(loopStatus);
    assertThat(MprisMapping.shuffle(mode)).isEqualTo(shuffle);
  }

  @ParameterizedTest
  @CsvSource({
      "None, false, SEQUENCE", "Track, false, SINGLE", "Playlist, false, LIST", "Track, true, SHUFFLE",
      "None, true, SHUFFLE"})
  void loopMode_importedPair_mapsToMode(String loopStatus, boolean shuffle, LoopMode mode) {
    assertThat(MprisMapping.loopMode(loopStatus, shuffle)).isEqualTo(mode);
  }

  @Test
  void loopModeForLoopStatus_validAndInvalidValues() {
    assertThat(MprisMapping.loopModeForLoopStatus("Track")).contains(LoopMode.SINGLE);
    assertThat(MprisMapping.loopModeForLoopStatus("Playlist")).contains(LoopMode.LIST);
    assertThat(MprisMapping.loopModeForLoopStatus("None")).contains(LoopMode.SEQUENCE);
    assertThat(MprisMapping.loopModeForLoopStatus("track")).isEmpty();
  }

  @Test
  void loopModeForShuffle_turnsShuffleOnAndOffOnlyWhenItChanges() {
    assertThat(MprisMapping.loopModeForShuffle(true, LoopMode.SINGLE)).contains(LoopMode.SHUFFLE);
    assertThat(MprisMapping.loopModeForShuffle(true, LoopMode.SHUFFLE)).isEmpty();
    assertThat(MprisMapping.loopModeForShuffle(false, LoopMode.SHUFFLE)).contains(LoopMode.SEQUENCE);
    assertThat(MprisMapping.loopModeForShuffle(false, LoopMode.LIST)).isEmpty();
  }

  @Test
  void loopTarget_importedCommand_setsLoopStatusAndShuffle() {
    assertThat(MprisMapping.loopTarget(LoopMode.SHUFFLE)).contains(new MprisMapping.LoopTarget(null, true));
    assertThat(MprisMapping.loopTarget(LoopMode.SINGLE)).contains(new MprisMapping.LoopTarget("Track", false));
    assertThat(MprisMapping.loopTarget(LoopMode.LIST)).contains(new MprisMapping.LoopTarget("Playlist", false));
    assertThat(MprisMapping.loopTarget(LoopMode.SEQUENCE)).contains(new MprisMapping.LoopTarget("None", false));
    assertThat(MprisMapping.loopTarget(LoopMode.CUSTOM)).isEmpty();
  }

  // ---------------------------------------------------------------- Rate and volume

  @Test
  void rateRange_declaredSpeeds_areTheRange() {
    assertThat(MprisMapping.rateRange(List.of(0.5, 1.0, 2.0), true, 1.0)).containsExactly(0.5, 2.0);
  }

  @Test
  void rateRange_setSpeedWithoutDeclaredSpeeds_isTheDefaultRange() {
    assertThat(MprisMapping.rateRange(List.of(), true, 1.0)).containsExactly(0.25, 4.0);
  }

  @Test
  void rateRange_noSetSpeed_isOneButIncludesTheCurrentRate() {
    assertThat(MprisMapping.rateRange(List.of(), false, 1.0)).containsExactly(1.0, 1.0);
    assertThat(MprisMapping.rateRange(List.of(), false, 1.5)).containsExactly(1.0, 1.5);
  }

  @Test
  void volume_sessionScales_mapToZeroToOne() {
    AVPlaybackState unset = AVPlaybackState.builder().setVolume(0).setMaxVolume(0).build();
    AVPlaybackState withMax = AVPlaybackState.builder().setVolume(50).setMaxVolume(200).build();
    AVPlaybackState withoutMax = AVPlaybackState.builder().setVolume(30).build();
    AVPlaybackState muted = AVPlaybackState.builder().setVolume(0).setMaxVolume(15).build();

    assertThat(MprisMapping.volume(AVPlaybackState.EMPTY)).isEqualTo(1.0);
    assertThat(MprisMapping.volume(unset)).isEqualTo(1.0);
    assertThat(MprisMapping.volume(withMax)).isEqualTo(0.25);
    assertThat(MprisMapping.volume(withoutMax)).isEqualTo(0.3);
    assertThat(MprisMapping.volume(muted)).isEqualTo(0.0);
  }

  @Test
  void sessionVolume_mprisVolume_isOnTheSessionsScale() {
    AVPlaybackState withMax = AVPlaybackState.builder().setMaxVolume(15).build();

    assertThat(MprisMapping.sessionVolume(0.5, AVPlaybackState.EMPTY)).isEqualTo(50);
    assertThat(MprisMapping.sessionVolume(1.0, withMax)).isEqualTo(15);
    assertThat(MprisMapping.sessionVolume(-1, withMax)).isZero();
    assertThat(MprisMapping.sessionVolume(Double.NaN, withMax)).isZero();
  }

  // ---------------------------------------------------------------- Export properties

  @Test
  void playerProperties_activeSession_canFollowsValidCommands() {
    SessionState state = state(List.of("play", "pause", "seek"), true, AVPlaybackState.EMPTY);

    PlayerProperties p = MprisMapping.playerProperties(state);

    assertThat(p.canPlay()).isTrue();
    assertThat(p.canPause()).isTrue();
    assertThat(p.canSeek()).isTrue();
    assertThat(p.canGoNext()).isFalse();
    assertThat(p.canGoPrevious()).isFalse();
    assertThat(p.canControl()).isTrue();
  }

  @Test
  void playerProperties_inactiveSession_canNothingButControl() {
    SessionState state = state(List.of("play", "pause", "seek", "playNext", "playPrevious"), false,
        AVPlaybackState.EMPTY);

    PlayerProperties p = MprisMapping.playerProperties(state);

    assertThat(List.of(p.canPlay(), p.canPause(), p.canSeek(), p.canGoNext(), p.canGoPrevious()))
        .containsOnly(false);
    assertThat(p.canControl()).isTrue();
  }

  @Test
  void playerProperties_stateAndMetadata_mapToStatusRateLengthAndTrack() {
    AVPlaybackState playback = AVPlaybackState.builder().setState(PlaybackState.PLAY).setSpeed(1.5)
        .setLoopMode(LoopMode.LIST).build();
    SessionState state = new SessionState(DESCRIPTOR,
        AVMetadata.builder().setAssetId("a1").setTitle("T").setDurationMs(5000L).build(), playback, List.of(),
        true, List.of());

    PlayerProperties p = MprisMapping.playerProperties(state);

    assertThat(p.playbackStatus()).isEqualTo("Playing");
    assertThat(p.rate()).isEqualTo(1.5);
    assertThat(p.loopStatus()).isEqualTo("Playlist");
    assertThat(p.metadata().lengthUs()).isEqualTo(5_000_000L);
    assertThat(p.metadata().trackId()).isEqualTo("/io/baton/track/a1");
    assertThat(p.metadata().title()).isEqualTo("T");
  }

  // ---------------------------------------------------------------- Seeked

  @Test
  void isJump_continuousPlaybackOrPauseAtTheExpectedPlace_isNoJump() {
    SessionState playing = withPosition(PlaybackState.PLAY, 10_000, NOW - 2_000);
    // Paused now at 12 s: exactly where playing from 10 s two seconds ago leads.
    SessionState paused = withPosition(PlaybackState.PAUSE, 12_000, NOW);

    assertThat(MprisMapping.isJump(playing, paused, NOW, false)).isFalse();
  }

  @Test
  void isJump_positionElsewhere_isAJump() {
    SessionState playing = withPosition(PlaybackState.PLAY, 10_000, NOW - 2_000);
    SessionState seeked = withPosition(PlaybackState.PLAY, 60_000, NOW);

    assertThat(MprisMapping.isJump(playing, seeked, NOW, false)).isTrue();
  }

  @Test
  void isJump_newTrackFromItsStart_isNoJump_butFromElsewhereIs() {
    SessionState playing = withPosition(PlaybackState.PLAY, 100_000, NOW - 2_000);

    assertThat(MprisMapping.isJump(playing, withPosition(PlaybackState.PLAY, 0, NOW), NOW, true)).isFalse();
    assertThat(MprisMapping.isJump(playing, withPosition(PlaybackState.PLAY, 30_000, NOW), NOW, true)).isTrue();
  }

  @Test
  void isJump_withinTolerance_isNoJump() {
    SessionState playing = withPosition(PlaybackState.PLAY, 10_000, NOW - 2_000);

    assertThat(MprisMapping.isJump(playing, withPosition(PlaybackState.PLAY, 12_400, NOW), NOW, false)).isFalse();
  }

  @Test
  void seekTargetMs_offsetInMicroseconds_neverBelowZero() {
    assertThat(MprisMapping.seekTargetMs(10_000, 5_000_000)).isEqualTo(15_000);
    assertThat(MprisMapping.seekTargetMs(10_000, -20_000_000)).isZero();
  }

  // ---------------------------------------------------------------- Import

  @Test
  void validCommands_fullPlayer_allCommandsInOrder() {
    Map<String, Object> player = mpvLike();
    Map<String, Object> root = Map.of("SupportedUriSchemes", List.of("file", "http"));

    assertThat(MprisMapping.validCommands(player, root)).containsExactly(
        AVControlCommandType.PLAY, AVControlCommandType.PAUSE, AVControlCommandType.STOP,
        AVControlCommandType.PLAY_NEXT, AVControlCommandType.PLAY_PREVIOUS, AVControlCommandType.SEEK,
        AVControlCommandType.FAST_FORWARD, AVControlCommandType.REWIND, AVControlCommandType.SET_SPEED,
        AVControlCommandType.SET_LOOP_MODE, AVControlCommandType.PLAY_WITH_ASSET_ID);
  }

  @Test
  void validCommands_withoutCanControl_none() {
    Map<String, Object> player = mpvLike();
    player.put("CanControl", false);

    assertThat(MprisMapping.validCommands(player, Map.of())).isEmpty();
  }

  @Test
  void validCommands_partialPlayer_onlyWhatItCan() {
    Map<String, Object> player = new HashMap<>(Map.of("CanControl", true, "CanPlay", true, "CanSeek", false,
        "MinimumRate", 1.0, "MaximumRate", 1.0));

    assertThat(MprisMapping.validCommands(player, Map.of("SupportedUriSchemes", List.of())))
        .containsExactly(AVControlCommandType.PLAY, AVControlCommandType.STOP);
  }

  @Test
  void supportedLoopModes_followLoopStatusAndShuffle() {
    assertThat(MprisMapping.supportedLoopModes(mpvLike()))
        .containsExactly(LoopMode.SEQUENCE, LoopMode.SINGLE, LoopMode.LIST, LoopMode.SHUFFLE);
    assertThat(MprisMapping.supportedLoopModes(Map.of("Shuffle", false)))
        .containsExactly(LoopMode.SEQUENCE, LoopMode.SHUFFLE);
    assertThat(MprisMapping.supportedLoopModes(Map.of())).isEmpty();
  }

  @Test
  void sessionType_trackExtensionFirst_thenPlayerName() {
    assertThat(MprisMapping.sessionType("org.mpris.MediaPlayer2.mpv", "mpv", "file:///tmp/tone.wav"))
        .isEqualTo(AVSessionType.AUDIO);
    assertThat(MprisMapping.sessionType("org.mpris.MediaPlayer2.spotify", "Spotify", "https://x/clip.mp4?t=1"))
        .isEqualTo(AVSessionType.VIDEO);
    assertThat(MprisMapping.sessionType("org.mpris.MediaPlayer2.vlc.instance1", "VLC media player", null))
        .isEqualTo(AVSessionType.VIDEO);
    assertThat(MprisMapping.sessionType("org.mpris.MediaPlayer2.firefox.instance_1_42", "Mozilla Firefox", null))
        .isEqualTo(AVSessionType.VIDEO);
    assertThat(MprisMapping.sessionType("org.mpris.MediaPlayer2.spotify", "Spotify", null))
        .isEqualTo(AVSessionType.AUDIO);
  }

  @Test
  void extension_urlsAndPaths() {
    assertThat(MprisMapping.extension("file:///a/b/Song.FLAC")).isEqualTo("flac");
    assertThat(MprisMapping.extension("https://h/v.webm?x=a.mp3#t")).isEqualTo("webm");
    assertThat(MprisMapping.extension("https://h/watch")).isEmpty();
    assertThat(MprisMapping.extension(null)).isEmpty();
  }

  // ---------------------------------------------------------------- Helpers

  private static SessionState state(List<String> commands, boolean active, AVPlaybackState playback) {
    return new SessionState(DESCRIPTOR, AVMetadata.EMPTY, playback, commands, active, List.of());
  }

  private static SessionState withPosition(PlaybackState state, long positionMs, long atMs) {
    AVPlaybackState playback = AVPlaybackState.builder().setState(state).setSpeed(1.0)
        .setPosition(new PlaybackPosition(positionMs, atMs)).build();
    return new SessionState(DESCRIPTOR, AVMetadata.builder().setAssetId("a").setDurationMs(600_000L).build(),
        playback, List.of(), true, List.of());
  }

  private static Map<String, Object> mpvLike() {
    Map<String, Object> player = new HashMap<>();
    player.put("CanControl", true);
    player.put("CanPlay", true);
    player.put("CanPause", true);
    player.put("CanGoNext", true);
    player.put("CanGoPrevious", true);
    player.put("CanSeek", true);
    player.put("MinimumRate", 0.01);
    player.put("MaximumRate", 100.0);
    player.put("LoopStatus", "None");
    player.put("Shuffle", false);
    return player;
  }
}
