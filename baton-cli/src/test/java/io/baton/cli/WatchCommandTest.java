package io.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.api.AVCallState;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVSessionDescriptor;
import io.baton.api.CallMetadata;
import io.baton.api.CallState;
import io.baton.api.ConnectionState;
import io.baton.api.OutputDeviceInfo;
import io.baton.api.PlaybackState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tests for {@link WatchCommand}'s event mapping. */
class WatchCommandTest {
  private static final String ID = "C".repeat(64);
  private static final AVSessionDescriptor DESCRIPTOR =
      AVSessionDescriptor.builder().setSessionId(ID).setTag("t").setAppId("app").build();

  private final List<ObjectNode> lines = new ArrayList<>();
  private final List<String> destroyed = new ArrayList<>();
  private final WatchCommand.ControllerEvents controllerEvents =
      new WatchCommand.ControllerEvents(() -> ID, lines::add, () -> destroyed.add("destroyed"));
  private final WatchCommand.ManagerEvents managerEvents = new WatchCommand.ManagerEvents(lines::add);

  @Test
  void managerEvents_sessionCreate_printsEventAndDescriptor() {
    managerEvents.onSessionCreate(DESCRIPTOR);

    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).get("event").asText()).isEqualTo("sessionCreate");
    assertThat(lines.get(0).get("session")).isEqualTo(Json.descriptor(DESCRIPTOR));
  }

  @Test
  void managerEvents_eachEvent_usesUpstreamEventNames() {
    managerEvents.onSessionCreate(DESCRIPTOR);
    managerEvents.onSessionDestroy(DESCRIPTOR);
    managerEvents.onTopSessionChange(DESCRIPTOR);
    managerEvents.onSessionServiceDie();

    assertThat(lines).extracting(line -> line.get("event").asText())
        .containsExactly("sessionCreate", "sessionDestroy", "topSessionChange", "sessionServiceDie");
    assertThat(Json.line(lines.get(3))).isEqualTo("{\"event\":\"sessionServiceDie\"}");
  }

  @Test
  void controllerEvents_metadataChange_printsEventSessionIdAndMetadata() {
    controllerEvents.onMetadataChange(AVMetadata.builder().setAssetId("a").setTitle("T").build());

    assertThat(Json.line(lines.get(0))).isEqualTo(
        "{\"event\":\"metadataChange\",\"sessionId\":\"" + ID + "\",\"metadata\":{\"assetId\":\"a\",\"title\":\"T\"}}");
  }

  @Test
  void controllerEvents_playbackStateChange_printsThePlaybackState() {
    controllerEvents.onPlaybackStateChange(AVPlaybackState.builder().setState(PlaybackState.PAUSE).build());

    assertThat(lines.get(0).get("playbackState").get("state").asText()).isEqualTo("PAUSE");
  }

  @Test
  void controllerEvents_everyEvent_hasEventAndSessionId() {
    controllerEvents.onMetadataChange(AVMetadata.EMPTY);
    controllerEvents.onPlaybackStateChange(AVPlaybackState.EMPTY);
    controllerEvents.onActiveStateChange(true);
    controllerEvents.onValidCommandChange(List.of("play"));
    controllerEvents.onSessionEvent("ping", Map.of("n", 1));
    controllerEvents.onQueueItemsChange(List.of());
    controllerEvents.onQueueTitleChange("Q");
    controllerEvents.onExtrasChange(Map.of());
    controllerEvents.onOutputDeviceChange(ConnectionState.CONNECTED, OutputDeviceInfo.LOCAL);
    controllerEvents.onCallMetadataChange(CallMetadata.builder().setName("Ann").build());
    controllerEvents.onCallStateChange(new AVCallState(CallState.ACTIVE, false));
    controllerEvents.onSessionDestroy(DESCRIPTOR);

    assertThat(lines).extracting(line -> line.get("event").asText()).containsExactly("metadataChange",
        "playbackStateChange", "activeStateChange", "validCommandChange", "sessionEvent", "queueItemsChange",
        "queueTitleChange", "extrasChange", "outputDeviceChange", "callMetadataChange", "callStateChange",
        "sessionDestroy");
    assertThat(lines).allSatisfy(line -> assertThat(line.get("sessionId").asText()).isEqualTo(ID));
  }

  @Test
  void controllerEvents_payloads_useTheDocumentedFieldNames() {
    controllerEvents.onActiveStateChange(false);
    controllerEvents.onValidCommandChange(List.of("play", "seek"));
    controllerEvents.onSessionEvent("ping", Map.of("n", 1));

    assertThat(lines.get(0).get("active").asBoolean()).isFalse();
    assertThat(Json.line(lines.get(1).get("commands"))).isEqualTo("[\"play\",\"seek\"]");
    assertThat(lines.get(2).get("name").asText()).isEqualTo("ping");
    assertThat(lines.get(2).get("args").get("n").asDouble()).isEqualTo(1.0);
  }

  @Test
  void controllerEvents_sessionDestroy_printsTheLineThenSignalsTheEnd() {
    controllerEvents.onSessionDestroy(DESCRIPTOR);

    assertThat(lines.get(0).get("session")).isEqualTo(Json.descriptor(DESCRIPTOR));
    assertThat(destroyed).containsExactly("destroyed");
  }

  @Test
  void controllerEvents_otherEvents_doNotSignalTheEnd() {
    controllerEvents.onActiveStateChange(false);

    assertThat(destroyed).isEmpty();
  }
}
