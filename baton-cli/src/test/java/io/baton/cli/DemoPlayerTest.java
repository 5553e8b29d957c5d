package io.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.api.AVControlCommand;
import io.baton.api.AVControlCommandType;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.LoopMode;
import io.baton.api.PlaybackPosition;
import io.baton.api.PlaybackState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tests for {@link DemoPlayer}. */
class DemoPlayerTest {
  private static final long START_MS = 1_700_000_000_000L;
  private static final long DURATION_MS = 180_000;

  private final FakeSession session = new FakeSession();
  private final FakeClock clock = new FakeClock(START_MS);
  private final List<ObjectNode> commandLog = new ArrayList<>();
  private DemoPlayer player;

  @BeforeEach
  void startPlayer() {
    player = newPlayer(DemoPlayer.DEFAULT_COMMANDS);
    player.start(/* activate= */ true).join();
  }

  @Test
  void start_activate_publishesTrackOnePausedAtZeroAndActivates() {
    assertThat(session.lastMetadata()).isEqualTo(AVMetadata.builder()
        .setAssetId("demo-1").setTitle("Tone").setArtist("Baton").setDurationMs(DURATION_MS).build());
    AVPlaybackState state = session.lastState();
    assertThat(state.state()).isEqualTo(PlaybackState.PAUSE);
    assertThat(state.position()).isEqualTo(new PlaybackPosition(0, START_MS));
    assertThat(state.speed()).isEqualTo(1.0);
    assertThat(state.loopMode()).isEqualTo(LoopMode.SEQUENCE);
    assertThat(state.favorite()).isFalse();
    assertThat(session.active).isTrue();
  }

  @Test
  void start_inactive_doesNotActivate() {
    FakeSession other = new FakeSession();

    new DemoPlayer(other, settings(DemoPlayer.DEFAULT_COMMANDS), clock, commandLog::add).start(false).join();

    assertThat(other.active).isFalse();
    assertThat(other.publishedStates).hasSize(1);
  }

  @Test
  void start_givenCommands_registersHandlersForExactlyThoseInOrder() {
    FakeSession other = new FakeSession();
    List<AVControlCommandType> commands = List.of(AVControlCommandType.SEEK, AVControlCommandType.PLAY);

    new DemoPlayer(other, settings(commands), clock, commandLog::add).start(true).join();

    assertThat(other.handlers.keySet()).containsExactly(AVControlCommandType.SEEK, AVControlCommandType.PLAY);
  }

  @Test
  void onCommand_playThenTimePasses_positionAdvances() {
    clock.advance(1_000);

    send(AVControlCommand.play());
    clock.advance(10_000);

    assertThat(session.lastState().state()).isEqualTo(PlaybackState.PLAY);
    assertThat(session.lastState().position()).isEqualTo(new PlaybackPosition(0, START_MS + 1_000));
    assertThat(player.positionNow()).isEqualTo(10_000);
  }

  @Test
  void onCommand_pauseAfterPlaying_publishesThePositionReached() {
    send(AVControlCommand.play());
    clock.advance(7_000);

    send(AVControlCommand.pause());
    clock.advance(60_000);

    assertThat(session.lastState().state()).isEqualTo(PlaybackState.PAUSE);
    assertThat(session.lastState().position()).isEqualTo(new PlaybackPosition(7_000, START_MS + 7_000));
    assertThat(player.positionNow()).isEqualTo(7_000);
  }

  @Test
  void onCommand_stop_stopsAtZero() {
    send(AVControlCommand.seek(50_000));

    send(AVControlCommand.stop());

    assertThat(session.lastState().state()).isEqualTo(PlaybackState.STOP);
    assertThat(session.lastState().position().elapsedTimeMs()).isZero();
  }

  @Test
  void onCommand_seekBeyondDuration_clampsToDuration() {
    send(AVControlCommand.seek(DURATION_MS + 5_000));

    assertThat(session.lastState().position().elapsedTimeMs()).isEqualTo(DURATION_MS);
  }

  @Test
  void onCommand_seekWhilePaused_keepsState() {
    send(AVControlCommand.seek(30_000));

    assertThat(session.lastState().state()).isEqualTo(PlaybackState.PAUSE);
    assertThat(session.lastState().position().elapsedTimeMs()).isEqualTo(30_000);
  }

  @Test
  void onCommand_fastForwardWithoutParameter_movesByDefaultSkip() {
    send(AVControlCommand.of(AVControlCommandType.FAST_FORWARD));

    assertThat(session.lastState().position().elapsedTimeMs()).isEqualTo(DemoPlayer.DEFAULT_SKIP_MS);
  }

  @Test
  void onCommand_fastForwardPastTheEnd_clampsToDuration() {
    send(AVControlCommand.seek(DURATION_MS - 1_000));

    send(AVControlCommand.fastForward(10_000));

    assertThat(session.lastState().position().elapsedTimeMs()).isEqualTo(DURATION_MS);
  }

  @Test
  void onCommand_rewindBelowZero_clampsToZero() {
    send(AVControlCommand.seek(3_000));

    send(AVControlCommand.rewind(10_000));

    assertThat(session.lastState().position().elapsedTimeMs()).isZero();
  }

  @Test
  void onCommand_setSpeedWhilePlaying_scalesTheAdvance() {
    send(AVControlCommand.setSpeed(2.0));
    send(AVControlCommand.play());

    clock.advance(5_000);

    assertThat(session.lastState().speed()).isEqualTo(2.0);
    assertThat(player.positionNow()).isEqualTo(10_000);
  }

  @Test
  void onCommand_setLoopMode_publishesTheMode() {
    send(AVControlCommand.setLoopMode(LoopMode.SHUFFLE));

    assertThat(session.lastState().loopMode()).isEqualTo(LoopMode.SHUFFLE);
  }

  @Test
  void onCommand_toggleFavoriteTwice_flipsBack() {
    send(AVControlCommand.toggleFavorite("demo-1"));
    boolean afterFirst = session.lastState().favorite();

    send(AVControlCommand.toggleFavorite("demo-1"));

    assertThat(afterFirst).isTrue();
    assertThat(session.lastState().favorite()).isFalse();
  }

  @Test
  void onCommand_playNext_switchesToTrackTwoAtZero() {
    send(AVControlCommand.seek(40_000));

    send(AVControlCommand.playNext());

    assertThat(session.lastMetadata().assetId()).isEqualTo("demo-2");
    assertThat(session.lastMetadata().title()).isEqualTo("Tone #2");
    assertThat(session.lastMetadata().durationMs()).isEqualTo(DURATION_MS);
    assertThat(session.lastState().position().elapsedTimeMs()).isZero();
  }

  @Test
  void onCommand_playPreviousAfterTwoNexts_returnsToTrackTwo() {
    send(AVControlCommand.playNext());
    send(AVControlCommand.playNext());

    send(AVControlCommand.playPrevious());

    assertThat(session.lastMetadata().assetId()).isEqualTo("demo-2");
  }

  @Test
  void onCommand_playPreviousOnTrackOne_restartsTrackOne() {
    send(AVControlCommand.seek(40_000));

    send(AVControlCommand.playPrevious());

    assertThat(session.lastMetadata().assetId()).isEqualTo("demo-1");
    assertThat(session.lastState().position().elapsedTimeMs()).isZero();
  }

  @Test
  void onCommand_notChangingTheTrack_publishesNoMetadata() {
    int before = session.publishedMetadata.size();

    send(AVControlCommand.play());
    send(AVControlCommand.seek(1_000));

    assertThat(session.publishedMetadata).hasSize(before);
  }

  @Test
  void onCommand_any_logsNameParameterAndCaller() {
    send(AVControlCommand.seek(5_000));
    send(AVControlCommand.play());

    assertThat(commandLog).extracting(Json::line).containsExactly(
        "{\"command\":\"seek\",\"parameter\":5000,\"caller\":\"test.app\"}",
        "{\"command\":\"play\",\"parameter\":null,\"caller\":\"test.app\"}");
  }

  @Test
  void settings_zeroDuration_throwsIllegalArgumentException() {
    assertThatThrownBy(() -> new DemoPlayer.Settings("t", "a", 0, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("durationMs");
  }

  private DemoPlayer newPlayer(List<AVControlCommandType> commands) {
    return new DemoPlayer(session, settings(commands), clock, commandLog::add);
  }

  private static DemoPlayer.Settings settings(List<AVControlCommandType> commands) {
    return new DemoPlayer.Settings("Tone", "Baton", DURATION_MS, commands);
  }

  private void send(AVControlCommand command) {
    session.deliver(command, "test.app");
  }

  /** Wall-clock time that moves only when told to. */
  private static final class FakeClock implements LongSupplier {
    private long nowMs;

    FakeClock(long nowMs) {
      this.nowMs = nowMs;
    }

    void advance(long ms) {
      nowMs += ms;
    }

    @Override
    public long getAsLong() {
      return nowMs;
    }
  }
}
