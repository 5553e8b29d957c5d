package io.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.api.AVControlCommand;
import io.baton.api.AVMediaDescription;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVQueueItem;
import io.baton.api.AVSessionDescriptor;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.AVSessionType;
import io.baton.api.LoopMode;
import io.baton.api.PlaybackPosition;
import io.baton.api.PlaybackState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tests for {@link Json}. */
class JsonTest {
  private static final AVSessionDescriptor DESCRIPTOR = AVSessionDescriptor.builder()
      .setSessionId("AB".repeat(32))
      .setType(AVSessionType.VIDEO_CALL)
      .setTag("main")
      .setAppId("com.example.player")
      .setPid(1234)
      .setUid(1000)
      .setActive(true)
      .setTop(false)
      .setTitle("Song")
      .setCreatedTimeMs(5)
      .setLastSeenTimeMs(99)
      .build();

  @Test
  void descriptor_anyDescriptor_hasExactlyTheListedFields() {
    ObjectNode node = Json.descriptor(DESCRIPTOR);

    assertThat(Json.line(node)).isEqualTo("{\"sessionId\":\"" + "AB".repeat(32) + "\",\"tag\":\"main\","
        + "\"type\":\"video_call\",\"appId\":\"com.example.player\",\"pid\":1234,\"active\":true,\"top\":false,"
        + "\"deviceId\":\"\",\"remote\":false,\"title\":\"Song\"}");
  }

  @Test
  void historyEntry_anyDescriptor_addsLastSeenTimeMs() {
    ObjectNode node = Json.historyEntry(DESCRIPTOR);

    assertThat(node.get("lastSeenTimeMs").asLong()).isEqualTo(99);
    assertThat(node.size()).isEqualTo(Json.descriptor(DESCRIPTOR).size() + 1);
  }

  @Test
  void metadata_someFieldsSet_containsOnlyThose() {
    AVMetadata metadata = AVMetadata.builder().setAssetId("a1").setTitle("T").setDurationMs(1000L).build();

    assertThat(Json.line(Json.metadata(metadata)))
        .isEqualTo("{\"assetId\":\"a1\",\"title\":\"T\",\"durationMs\":1000}");
  }

  @Test
  void metadata_imagesSet_areByteCounts() {
    AVMetadata metadata = AVMetadata.builder()
        .setAssetId("a1").setMediaImage(new byte[3]).setAvQueueImage(new byte[5]).build();

    ObjectNode node = Json.metadata(metadata);

    assertThat(node.get("mediaImageBytes").asInt()).isEqualTo(3);
    assertThat(node.get("avQueueImageBytes").asInt()).isEqualTo(5);
    assertThat(node.has("mediaImage")).isFalse();
  }

  @Test
  void metadata_empty_isEmptyObject() {
    assertThat(Json.metadata(AVMetadata.EMPTY).isEmpty()).isTrue();
  }

  @Test
  void playbackState_fieldsSet_usesUpstreamNamesAndEnumNames() {
    AVPlaybackState state = AVPlaybackState.builder()
        .setState(PlaybackState.PLAY)
        .setSpeed(1.5)
        .setPosition(new PlaybackPosition(1200, 1_700_000_000_000L))
        .setLoopMode(LoopMode.SHUFFLE)
        .setFavorite(true)
        .setDurationMs(180_000)
        .build();

    assertThat(Json.line(Json.playbackState(state))).isEqualTo("{\"state\":\"PLAY\",\"speed\":1.5,"
        + "\"position\":{\"elapsedTime\":1200,\"updateTime\":1700000000000},\"loopMode\":\"SHUFFLE\","
        + "\"isFavorite\":true,\"duration\":180000}");
  }

  @Test
  void playbackState_empty_isEmptyObject() {
    assertThat(Json.playbackState(AVPlaybackState.EMPTY).isEmpty()).isTrue();
  }

  @Test
  void playbackState_extras_keptAsJson() {
    AVPlaybackState state = AVPlaybackState.builder().setExtras(Map.of("k", List.of("v", true))).build();

    assertThat(Json.line(Json.playbackState(state))).isEqualTo("{\"extras\":{\"k\":[\"v\",true]}}");
  }

  @Test
  void queueItem_anyItem_hasTheSixListedFields() {
    AVQueueItem item = new AVQueueItem(7, AVMediaDescription.builder()
        .setAssetId("a7").setTitle("Seven").setArtist("Band").setMediaUri("file:///7.mp3").setDurationMs(7000)
        .setAlbumTitle("not printed").build());

    assertThat(Json.line(Json.queueItem(item))).isEqualTo("{\"itemId\":7,\"assetId\":\"a7\",\"title\":\"Seven\","
        + "\"artist\":\"Band\",\"mediaUri\":\"file:///7.mp3\",\"durationMs\":7000}");
  }

  @Test
  void error_withDetail_carriesCodeSeedMessageAndDetail() {
    AVSessionException e = AVSessionErrorCode.SESSION_NOT_EXIST.toException("no session X");

    assertThat(Json.line(Json.error(e))).isEqualTo("{\"error\":{\"code\":6600102,"
        + "\"message\":\"The session does not exist.\",\"detail\":\"no session X\"}}");
  }

  @Test
  void error_withoutDetail_hasEmptyDetail() {
    AVSessionException e = AVSessionErrorCode.SESSION_INACTIVE.toException("");

    assertThat(Json.error(e).at("/error/detail").asText()).isEmpty();
  }

  @Test
  void parameter_eachKind_mapsToTheMatchingJsonValue() {
    assertThat(Json.parameter(AVControlCommand.play()).isNull()).isTrue();
    assertThat(Json.parameter(AVControlCommand.seek(5)).asLong()).isEqualTo(5);
    assertThat(Json.parameter(AVControlCommand.setSpeed(2.0)).asDouble()).isEqualTo(2.0);
    assertThat(Json.parameter(AVControlCommand.toggleFavorite("a")).asText()).isEqualTo("a");
    assertThat(Json.parameter(AVControlCommand.setLoopMode(LoopMode.SINGLE)).asText()).isEqualTo("SINGLE");
  }

  @Test
  void text_nestedObjectsAndArrays_rendersIndentedLines() {
    ObjectNode node = Json.object().put("title", "Song").put("empty", "");
    node.putObject("position").put("elapsedTime", 5);
    node.set("commands", Json.strings(List.of("play", "pause")));
    node.set("queue", Json.MAPPER.createArrayNode());
    node.putArray("items").addObject().put("itemId", 1).put("title", "A");

    assertThat(Json.text(node)).isEqualTo(String.join("\n",
        "title: Song",
        "empty: -",
        "position:",
        "  elapsedTime: 5",
        "commands: play, pause",
        "queue: -",
        "items:",
        "  - itemId=1 title=A",
        ""));
  }

  @Test
  void line_anyNode_isOneLine() {
    JsonNode node = Json.descriptor(DESCRIPTOR);

    assertThat(Json.line(node)).doesNotContain("\n");
    assertThat(Json.pretty(node)).contains("\n");
  }
}
