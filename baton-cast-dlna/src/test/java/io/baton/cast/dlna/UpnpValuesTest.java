package io.baton.cast.dlna;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.api.LoopMode;
import io.baton.api.PlaybackState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests for {@link UpnpValues}: times, states, speeds, play modes and LastChange events as renderers send them. */
final class UpnpValuesTest {

  @Test
  void parseTime_validAndInvalid() {
    assertThat(UpnpValues.parseTime("0:00:20")).isEqualTo(20_000);
    assertThat(UpnpValues.parseTime("1:02:03.5")).isEqualTo(3_723_500);
    assertThat(UpnpValues.parseTime("00:00:10.500")).isEqualTo(10_500);
    assertThat(UpnpValues.parseTime("NOT_IMPLEMENTED")).isEqualTo(-1);
    assertThat(UpnpValues.parseTime("")).isEqualTo(-1);
    assertThat(UpnpValues.parseTime(null)).isEqualTo(-1);
    assertThat(UpnpValues.parseTime("9:99:99")).isEqualTo(-1);
  }

  @Test
  void formatTime_wholeSeconds() {
    assertThat(UpnpValues.formatTime(20_999)).isEqualTo("0:00:20");
    assertThat(UpnpValues.formatTime(3_723_000)).isEqualTo("1:02:03");
  }

  @Test
  void playbackState_transportStates() {
    assertThat(UpnpValues.playbackState("PLAYING")).isEqualTo(PlaybackState.PLAY);
    assertThat(UpnpValues.playbackState("PAUSED_PLAYBACK")).isEqualTo(PlaybackState.PAUSE);
    assertThat(UpnpValues.playbackState("STOPPED")).isEqualTo(PlaybackState.STOP);
    assertThat(UpnpValues.playbackState("TRANSITIONING")).isEqualTo(PlaybackState.BUFFERING);
    assertThat(UpnpValues.playbackState("NO_MEDIA_PRESENT")).isEqualTo(PlaybackState.IDLE);
  }

  @Test
  void speeds_fractionsAndVendorValues() {
    assertThat(UpnpValues.parseSpeed("1/2")).isEqualTo(0.5);
    assertThat(UpnpValues.parseSpeed(" vendor-defined ")).isNull();
    assertThat(UpnpValues.speedValue(2.0, List.of("1", " vendor-defined "))).isNull();
    assertThat(UpnpValues.speedValue(0.5, List.of("1", "1/2"))).isEqualTo("1/2");
  }

  @Test
  void playModes_roundTrip() {
    for (LoopMode mode : List.of(LoopMode.SEQUENCE, LoopMode.SINGLE, LoopMode.LIST, LoopMode.SHUFFLE)) {
      assertThat(UpnpValues.loopMode(UpnpValues.playMode(mode))).isEqualTo(mode);
    }
    assertThat(UpnpValues.playMode(LoopMode.CUSTOM)).isNull();
  }

  @Test
  void parseLastChange_instanceZeroVariables() {
    String xml = "<Event xmlns=\"urn:schemas-upnp-org:metadata-1-0/AVT/\"><InstanceID val=\"0\">"
        + "<TransportState val=\"PLAYING\"/><CurrentTransportActions val=\"PAUSE,STOP,SEEK\"/></InstanceID>"
        + "<InstanceID val=\"1\"><TransportState val=\"STOPPED\"/></InstanceID></Event>";

    assertThat(UpnpValues.parseLastChange(xml)).containsEntry("TransportState", "PLAYING")
        .containsEntry("CurrentTransportActions", "PAUSE,STOP,SEEK").hasSize(2);
    assertThat(UpnpValues.parseLastChange("<not xml")).isEmpty();
    assertThat(UpnpValues.parseLastChange("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><Event/>"))
        .isEmpty();
  }
}
