package io.baton.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.InRange;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import com.code_intelligence.jazzer.mutation.annotation.WithSize;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.protocol.ProtoConverters;
import io.baton.protocol.v1.ClientMessage;
import io.baton.protocol.v1.ControlCommand;
import io.baton.protocol.v1.ControllerEvent;
import io.baton.protocol.v1.ControllerRef;
import io.baton.protocol.v1.ControllerRequest;
import io.baton.protocol.v1.CreateControllerRequest;
import io.baton.protocol.v1.CreateControllerResponse;
import io.baton.protocol.v1.CreateSessionRequest;
import io.baton.protocol.v1.EventFilterKind;
import io.baton.protocol.v1.Metadata;
import io.baton.protocol.v1.PlaybackStateInfo;
import io.baton.protocol.v1.SendControlCommandRequest;
import io.baton.protocol.v1.ServerMessage;
import io.baton.protocol.v1.SessionServiceGrpc;
import io.baton.protocol.v1.SessionState;
import io.baton.protocol.v1.SetEventFilterRequest;
import io.baton.protocol.v1.UpdateSessionRequest;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzz target for the daemon's event coalescing: a controller that does not read its stream while the session's
 * metadata and playback state change must, once it reads again, arrive at exactly the state the daemon holds, by
 * applying the (possibly merged) events it gets with the SDK's rules ({@link AVMetadata#mergeWith},
 * {@link AVPlaybackState#overlay}). The outbox merges waiting state events (see {@code ClientConnection}); this
 * target checks that merging never changes where a controller ends up.
 *
 * <p>Input: up to 12 updates, each a playback state or metadata for one of three assets (so that tracks come back).
 * The first update is made before the controller attaches (it finds that state), the others while it does not read.
 */
class SlowControllerFuzzTest {
  private static final long PROBE_ID = 424242;
  private static InProcessDaemon daemon;

  @BeforeAll
  static void startDaemon() {
    daemon = InProcessDaemon.start();
  }

  @AfterAll
  static void stopDaemon() throws Exception {
    daemon.close();
  }

  /**
   * One update the app makes: a playback state, or metadata for asset {@code asset} (0: none, which the daemon
   * refuses) with the fields whose changes matter most (the title, and the duration that bounds the position).
   */
  record Update(boolean playback, @InRange(min = 0, max = 3) int asset, String title, Long durationMs,
      @NotNull PlaybackStateInfo playbackState) {}

  @Test
  void trackComesBackWhileNotReading_controllerEndsWithTheNewTrackOnly() {
    PlaybackStateInfo none = PlaybackStateInfo.getDefaultInstance();

    slowControllerConverges(List.of(
        new Update(false, 1, "First", 60_000L, none),
        new Update(false, 2, null, null, none),
        new Update(false, 1, null, null, none)));
  }

  @FuzzTest(maxDuration = "60s")
  void slowControllerConverges(@NotNull @WithSize(max = 12) List<@NotNull Update> updates) {
    try (WireClient app = daemon.connect("fuzz.app"); WireClient slow = daemon.connectSlow("fuzz.slow")) {
      String sessionId = app.call(SessionServiceGrpc.getCreateSessionMethod(),
          CreateSessionRequest.newBuilder().setTag("slow").build()).getSession().getSessionId();
      // The first update is the state the controller finds when it attaches; the others happen while it does not read.
      int accepted = 0;
      if (!updates.isEmpty()) {
        update(app, sessionId, updates.get(0));
      }
      CreateControllerResponse created = slow.call(SessionServiceGrpc.getCreateControllerMethod(),
          CreateControllerRequest.newBuilder().setSessionId(sessionId).build());
      long controllerId = created.getControllerId();
      for (EventFilterKind kind : List.of(EventFilterKind.EVENT_FILTER_KIND_METADATA,
          EventFilterKind.EVENT_FILTER_KIND_PLAYBACK_STATE)) {
        slow.call(SessionServiceGrpc.getSetEventFilterMethod(), SetEventFilterRequest.newBuilder()
            .setControllerId(controllerId).setKind(kind).setAll(true).build());
      }
      AVMetadata metadata = ProtoConverters.fromProto(created.getState().getMetadata());
      AVPlaybackState playbackState = ProtoConverters.fromProto(created.getState().getPlaybackState());
      for (Update u : updates.subList(Math.min(1, updates.size()), updates.size())) {
        // Refused updates (401) change nothing and send nothing; SessionRequestFuzzTest checks them.
        if (update(app, sessionId, u)) {
          accepted++;
        }
      }

      slow.read(Integer.MAX_VALUE);
      // The answer to a request on the stream is queued behind the events, so it arrives after all of them.
      slow.send(ClientMessage.newBuilder().setControllerRequest(ControllerRequest.newBuilder().setRequestId(PROBE_ID)
          .setSendControlCommand(SendControlCommandRequest.newBuilder().setControllerId(-1)
              .setCommand(ControlCommand.getDefaultInstance()))).build());
      int events = 0;
      while (true) {
        ServerMessage m = slow.next(x -> x.hasControllerEvent()
            || x.hasControllerResponse() && x.getControllerResponse().getRequestId() == PROBE_ID);
        if (m.hasControllerResponse()) {
          break;
        }
        ControllerEvent e = m.getControllerEvent();
        events++;
        if (e.hasMetadataChange()) {
          metadata = metadata.mergeWith(ProtoConverters.fromProto(e.getMetadataChange()));
        } else if (e.hasPlaybackStateChange()) {
          playbackState = playbackState.overlay(ProtoConverters.fromProto(e.getPlaybackStateChange()));
        }
      }

      SessionState truth = slow.call(SessionServiceGrpc.getGetSessionStateMethod(),
          ControllerRef.newBuilder().setControllerId(controllerId).build());
      assertThat(events).as("events for %s accepted updates", accepted).isLessThanOrEqualTo(accepted);
      assertThat(metadata).as("metadata the slow controller arrives at")
          .isEqualTo(ProtoConverters.fromProto(truth.getMetadata()));
      assertThat(playbackState).as("playback state the slow controller arrives at")
          .isEqualTo(ProtoConverters.fromProto(truth.getPlaybackState()));
    }
    daemon.assertNothingLeft();
  }

  /** Makes {@code u}; whether the daemon accepted it. */
  private static boolean update(WireClient app, String sessionId, Update u) {
    UpdateSessionRequest.Builder request = UpdateSessionRequest.newBuilder().setSessionId(sessionId);
    if (u.playback()) {
      request.setPlaybackState(u.playbackState());
    } else {
      Metadata.Builder m = Metadata.newBuilder();
      if (u.asset() > 0) {
        m.setAssetId("asset-" + u.asset());
      }
      if (u.title() != null) {
        m.setTitle(u.title());
      }
      if (u.durationMs() != null) {
        m.setDurationMs(u.durationMs());
      }
      request.setMetadata(m);
    }
    return app.call(SessionServiceGrpc.getUpdateSessionMethod(), request.build().toByteArray()).ok();
  }
}
