package io.baton.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.api.AVControlCommand;
import io.baton.api.AVControlCommandType;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVSessionDescriptor;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.AVSessionType;
import io.baton.api.LoopMode;
import io.baton.api.PlaybackPosition;
import io.baton.api.PlaybackState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tests for {@link Payloads}: the JSON of snapshots, commands and results, both ways. */
class PayloadsTest {
  private static final String DEVICE = "0123456789abcdef0123456789abcdef";
  private static final String SESSION = "A".repeat(64);

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void snapshot_roundTrip_keepsDescriptorMetadataStateAndCommands_butNoImageBytes() throws Exception {
    AVSessionDescriptor descriptor = AVSessionDescriptor.builder().setSessionId(SESSION).setType(AVSessionType.VIDEO)
        .setTag("main").setAppId("com.example").setPid(42).setActive(true).setTop(true).setTitle("old")
        .setCreatedTimeMs(1000).build();
    AVMetadata metadata = AVMetadata.builder().setAssetId("7").setTitle("Song").setArtist("Band")
        .setDurationMs(180_000L).setDrmSchemes(List.of("w")).setMediaImage(new byte[] {1, 2, 3}).build();
    AVPlaybackState state = AVPlaybackState.builder().setState(PlaybackState.PLAY).setSpeed(1.5)
        .setPosition(new PlaybackPosition(5000, 99)).setLoopMode(LoopMode.SHUFFLE).setFavorite(true)
        .setVolume(3).setExtras(Map.of("k", "v")).build();

    byte[] payload = Payloads.snapshot(DEVICE, "kitchen", descriptor, metadata, state, List.of("play", "seek"), 5);
    JsonNode json = Payloads.MAPPER.readTree(payload);
    FleetSession back = Payloads.parseSnapshot(DEVICE, payload, true);

    assertThat(json.path("metadata").has("mediaImage")).isFalse();
    assertThat(json.path("descriptor").path("title").asText()).as("the title follows the metadata").isEqualTo("Song");
    assertThat(json.path("playbackState").path("isFavorite").asBoolean()).isTrue();
    assertThat(back.deviceName()).isEqualTo("kitchen");
    assertThat(back.online()).isTrue();
    assertThat(back.descriptor()).isEqualTo(descriptor.buildUpon().setDeviceId(DEVICE).setRemote(true)
        .setTitle("Song").setLastSeenTimeMs(5).build());
    assertThat(back.metadata()).isEqualTo(metadata.buildUpon().setMediaImage(null).build());
    assertThat(back.playbackState()).isEqualTo(state);
    assertThat(back.validCommands()).containsExactly("play", "seek");
    assertThat(back.updatedMs()).isEqualTo(5);
  }

  @Test
  void command_roundTrip_everyParameterType() {
    for (AVControlCommand command : List.of(AVControlCommand.play(), AVControlCommand.seek(60_000),
        AVControlCommand.setSpeed(1.25), AVControlCommand.setLoopMode(LoopMode.SINGLE),
        AVControlCommand.toggleFavorite("a1"), AVControlCommand.playFromAssetId(7),
        AVControlCommand.of(AVControlCommandType.FAST_FORWARD))) {
      Payloads.Command back = Payloads.parseCommand(Payloads.command(command, "id-1"));

      assertThat(back.requestId()).isEqualTo("id-1");
      assertThat(back.command()).isEqualTo(command);
    }
  }

  @Test
  void parseCommand_issueExample() {
    Payloads.Command c = Payloads.parseCommand(utf8("{\"command\":\"pause\",\"requestId\":\"r\"}"));

    assertThat(c.command()).isEqualTo(AVControlCommand.pause());
    assertThat(c.requestId()).isEqualTo("r");
  }

  @Test
  void parseCommand_badInput_401NamingTheProblem_or6600105ForAnUnknownCommand() {
    assertError("not json", AVSessionErrorCode.INVALID_PARAMETER, "not JSON");
    assertError("[1]", AVSessionErrorCode.INVALID_PARAMETER, "JSON object");
    assertError("{\"requestId\":\"r\"}", AVSessionErrorCode.INVALID_PARAMETER, "\"command\"");
    assertError("{\"command\":\"dance\"}", AVSessionErrorCode.COMMAND_INVALID, "dance");
    assertError("{\"command\":\"seek\"}", AVSessionErrorCode.INVALID_PARAMETER, "needs an \"arg\"");
    assertError("{\"command\":\"seek\",\"arg\":1.5}", AVSessionErrorCode.INVALID_PARAMETER, "whole number");
    assertError("{\"command\":\"setSpeed\",\"arg\":\"fast\"}", AVSessionErrorCode.INVALID_PARAMETER, "number");
    assertError("{\"command\":\"setLoopMode\",\"arg\":\"forever\"}", AVSessionErrorCode.INVALID_PARAMETER,
        "SHUFFLE");
    assertError("{\"command\":\"pause\",\"arg\":3}", AVSessionErrorCode.INVALID_PARAMETER, "takes no");
    assertThat(Payloads.requestIdOf(utf8("{\"command\":7,\"requestId\":\"x\"}"))).isEqualTo("x");
    assertThat(Payloads.requestIdOf(utf8("garbage"))).isNull();
  }

  private static void assertError(String payload, AVSessionErrorCode code, String detail) {
    assertThatThrownBy(() -> Payloads.parseCommand(utf8(payload)))
        .isInstanceOfSatisfying(AVSessionException.class, e -> {
          assertThat(e.errorCode()).isEqualTo(code);
          assertThat(e.detail()).contains(detail);
        });
  }

  @Test
  void results_okAndError_haveTheIssuesShape_andReadBack() throws Exception {
    assertThat(Payloads.MAPPER.readTree(Payloads.resultOk("r1")))
        .isEqualTo(Payloads.MAPPER.readTree("{\"requestId\":\"r1\",\"ok\":true}"));
    byte[] error = Payloads.resultError("r2", new AVSessionException(AVSessionErrorCode.SESSION_INACTIVE, "why"));
    JsonNode json = Payloads.MAPPER.readTree(error);
    assertThat(json.path("error").path("code").asInt()).isEqualTo(6600106);
    assertThat(json.path("error").path("message").asText()).isEqualTo("The session is not activated.");

    Payloads.Result back = Payloads.parseResult(error);
    assertThat(back.requestId()).isEqualTo("r2");
    assertThat(back.error().errorCode()).isEqualTo(AVSessionErrorCode.SESSION_INACTIVE);
    assertThat(back.error().detail()).isEqualTo("why");
    assertThat(Payloads.parseResult(Payloads.resultOk("r1")).error()).isNull();
  }
}
