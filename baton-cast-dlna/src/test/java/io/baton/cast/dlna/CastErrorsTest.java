package io.baton.cast.dlna;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.api.AVSessionErrorCode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tests for {@link CastErrors}: the UPnP fault table of the issue, and 501 faults named by their description. */
final class CastErrorsTest {

  @Test
  void forUpnpCode_everyMappedFault_hasItsCode() {
    Map<Integer, Integer> table = Map.ofEntries(Map.entry(701, 6611108), Map.entry(705, 6611100),
        Map.entry(710, 6611101), Map.entry(711, 6611102), Map.entry(712, 6611103), Map.entry(717, 6611104),
        Map.entry(725, 6611105), Map.entry(402, 6611106), Map.entry(600, 6611106), Map.entry(603, 6611107),
        Map.entry(702, 6612100), Map.entry(703, 6612101), Map.entry(715, 6612102), Map.entry(720, 6612103),
        Map.entry(721, 6612104), Map.entry(722, 6612105), Map.entry(723, 6612106), Map.entry(714, 6612003),
        Map.entry(716, 6612005));

    table.forEach((upnp, code) -> assertThat(CastErrors.forUpnpCode(upnp).code()).as("UPnP " + upnp).isEqualTo(code));
  }

  @Test
  void forUpnpCode_unmappedFault_isRemoteError() {
    assertThat(CastErrors.forUpnpCode(704)).isEqualTo(AVSessionErrorCode.ERR_CODE_REMOTE_ERROR);
    assertThat(CastErrors.forUpnpCode(501)).isEqualTo(AVSessionErrorCode.ERR_CODE_REMOTE_ERROR);
    assertThat(CastErrors.forUpnpCode(0)).isEqualTo(AVSessionErrorCode.ERR_CODE_REMOTE_ERROR);
  }

  @Test
  void fromFault_gmediarender501Transition_isOperationNotAllowed() {
    var e = CastErrors.fromFault("Pause", 501, "Transition to PAUSE not allowed; allowed=PLAY,SEEK");

    assertThat(e.code()).isEqualTo(6611108);
    assertThat(e.detail()).contains("Pause").contains("501").contains("Transition to PAUSE");
  }

  @Test
  void fromFault_501PlayingFailed_isRemoteError() {
    assertThat(CastErrors.fromFault("Play", 501, "Playing failed").code()).isEqualTo(6611001);
  }

  @Test
  void fromFault_501WithTellingDescriptions_areNamed() {
    assertThat(CastErrors.fromFault("Seek", 501, "Illegal seek target").code()).isEqualTo(6611102);
    assertThat(CastErrors.fromFault("Seek", 501, "Seek mode not supported").code()).isEqualTo(6611101);
    assertThat(CastErrors.fromFault("Play", 501, "Play speed not supported").code()).isEqualTo(6611104);
    assertThat(CastErrors.fromFault("SetPlayMode", 501, "Action Failed").code()).isEqualTo(6611103);
    assertThat(CastErrors.fromFault("SetAVTransportURI", 501, "Illegal MIME-type").code()).isEqualTo(6612003);
    assertThat(CastErrors.fromFault("SetAVTransportURI", 501, "Resource not found").code()).isEqualTo(6612005);
  }

  @Test
  void fromFault_mappedCode_winsOverDescription() {
    assertThat(CastErrors.fromFault("Seek", 711, "Transition not allowed").code()).isEqualTo(6611102);
  }

  @Test
  void fromTransport_timeoutRefusedAndBroken_areTimeoutDeviceAndRemote() {
    Duration deadline = Duration.ofSeconds(5);

    assertThat(CastErrors.fromTransport("Play", new HttpTimeoutException("timed out"), deadline).code())
        .isEqualTo(6611003);
    assertThat(CastErrors.fromTransport("Play", new ConnectException("refused"), deadline).code())
        .isEqualTo(6600108);
    assertThat(CastErrors.fromTransport("Play", new IOException("header parser received no bytes"), deadline).code())
        .isEqualTo(6611001);
  }

  @Test
  void isIoError_splitsTheChannels() {
    assertThat(CastErrors.isIoError(6612000)).isTrue();
    assertThat(CastErrors.isIoError(6612107)).isTrue();
    assertThat(CastErrors.isIoError(6611001)).isFalse();
  }
}
