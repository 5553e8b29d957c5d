package io.baton.service.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.api.AVControlCommand;
import io.baton.api.AVPlaybackState;
import io.baton.api.PlaybackPosition;
import io.baton.protocol.v1.ServerMessage;
import io.baton.service.session.Caller;
import io.baton.service.session.CommandRequest;
import io.baton.service.session.ControllerEvent;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests for {@link ClientConnection}'s outbox: bounds, coalescing, order. */
class ClientConnectionTest {
  private final FakeStream stream = new FakeStream();
  private final ClientConnection connection =
      new ClientConnection(new Caller("c", "app", 1, 1, true), stream, 3);

  private static ControllerEvent position(long ms) {
    return ControllerEvent.playbackStateChange(
        AVPlaybackState.builder().setPosition(new PlaybackPosition(ms, 1)).build());
  }

  @Test
  void stateChanges_whileClientIsBehind_mergeIntoOneEventPerController() {
    stream.ready = false;
    for (int i = 1; i <= 100; i++) {
      connection.offerControllerEvent(new long[] {1}, position(i));
    }
    connection.offerControllerEvent(new long[] {2}, position(7));
    connection.offerControllerEvent(new long[] {1}, ControllerEvent.playbackStateChange(
        AVPlaybackState.builder().setVolume(5).build()));

    assertThat(connection.queuedEvents()).isEqualTo(2);
    stream.ready = true;
    connection.drain();

    assertThat(stream.sent).hasSize(2);
    var first = stream.sent.get(0).getControllerEvent();
    assertThat(first.getControllerIds(0)).isEqualTo(1);
    assertThat(first.getPlaybackStateChange().getPosition().getElapsedTimeMs()).isEqualTo(100);
    assertThat(first.getPlaybackStateChange().getVolume()).isEqualTo(5);
    assertThat(stream.sent.get(1).getControllerEvent().getControllerIds(0)).isEqualTo(2);
    assertThat(connection.coalescedEvents()).isEqualTo(100);
    assertThat(connection.droppedEvents()).isZero();
  }

  @Test
  void event_forManyControllers_isSentOnceWithEveryId() {
    connection.offerControllerEvent(new long[] {4, 5, 6}, ControllerEvent.activeStateChange(true));

    assertThat(stream.sent).hasSize(1);
    assertThat(stream.sent.get(0).getControllerEvent().getControllerIdsList()).containsExactly(4L, 5L, 6L);
  }

  @Test
  void stateChange_afterPreviousWasWritten_isAFreshEvent() {
    connection.offerControllerEvent(new long[] {1}, position(1));
    connection.offerControllerEvent(new long[] {1}, position(2));

    assertThat(stream.sent).hasSize(2);
    assertThat(connection.coalescedEvents()).isZero();
  }

  @Test
  void fullOutbox_dropsOtherEventsAndRefusesCommands() {
    stream.ready = false;
    for (int i = 0; i < 5; i++) {
      connection.offerControllerEvent(new long[] {1}, ControllerEvent.activeStateChange(i % 2 == 0));
    }

    boolean accepted = connection.offerCommand(new CommandRequest.Control(1, "S", AVControlCommand.play()));

    assertThat(accepted).isFalse();
    assertThat(connection.queuedEvents()).isEqualTo(3);
    assertThat(connection.droppedEvents()).isEqualTo(2);
  }

  @Test
  void responses_areNeverDropped_butAClientThatStopsReadingIsCutOffAtTwiceTheCapacity() {
    stream.ready = false;
    for (int i = 0; i < 6; i++) {
      connection.offerResponse(WireEvents.controllerResponse(i, null));
    }
    assertThat(connection.queuedEvents()).isEqualTo(6);
    assertThat(stream.error).isNull();

    connection.offerResponse(WireEvents.controllerResponse(6, null));

    assertThat(stream.error).hasMessageContaining("RESOURCE_EXHAUSTED").hasMessageContaining("without reading");
    assertThat(stream.sent).isEmpty();
  }

  /** A stream whose readiness the test controls, recording what is written. */
  private static final class FakeStream extends ServerCallStreamObserver<ServerMessage> {
    final List<ServerMessage> sent = new ArrayList<>();
    boolean ready = true;

    @Override
    public boolean isReady() {
      return ready;
    }

    @Override
    public void onNext(ServerMessage value) {
      sent.add(value);
    }

    Throwable error;

    @Override
    public void onError(Throwable t) {
      error = t;
    }

    @Override
    public void onCompleted() {}

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public void setOnCancelHandler(Runnable onCancelHandler) {}

    @Override
    public void setCompression(String compression) {}

    @Override
    public void setOnReadyHandler(Runnable onReadyHandler) {}

    @Override
    public void request(int count) {}

    @Override
    public void setMessageCompression(boolean enable) {}

    @Override
    public void disableAutoInboundFlowControl() {}
  }
}
