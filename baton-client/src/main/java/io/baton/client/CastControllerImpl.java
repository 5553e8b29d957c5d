package io.baton.client;

import io.baton.api.AVCastControlCommand;
import io.baton.api.AVCastController;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVQueueItem;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.ConnectionState;
import io.baton.api.EventFilter;
import io.baton.protocol.CastConverters;
import io.baton.protocol.ErrorMapping;
import io.baton.protocol.ProtoConverters;
import io.baton.protocol.v1.Ack;
import io.baton.protocol.v1.CastCommandRequest;
import io.baton.protocol.v1.CastEvent;
import io.baton.protocol.v1.CastMediaRequest;
import io.baton.protocol.v1.CastState;
import io.baton.protocol.v1.SessionRef;
import io.baton.protocol.v1.SetCastEventFilterRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SDK's {@link AVCastController}: the cast service's controller calls for one session, and that session's cast
 * events from the manager's {@code WatchCast} stream.
 *
 * <h2>Threading</h2>
 * Thread-safe. Futures complete and listeners run on the manager's callback executor, in order.
 */
/* package */ final class CastControllerImpl implements AVCastController {
  private static final Logger logger = LoggerFactory.getLogger(CastControllerImpl.class);

  private final CastManagerImpl cast;
  private final String sessionId;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  // The last full state seen (getter, or events overlaid on it): what getRealPlaybackPosition extrapolates.
  private volatile AVPlaybackState lastState = AVPlaybackState.EMPTY;
  private volatile boolean released;

  /* package */ CastControllerImpl(CastManagerImpl cast, String sessionId) {
    this.cast = cast;
    this.sessionId = sessionId;
  }

  /* package */ boolean isReleased() {
    return released;
  }

  /* package */ void update(CastState state) {
    lastState = ProtoConverters.fromProto(state.getPlaybackState());
  }

  /** The cast (or the stream carrying its events) ended: the controller is released. */
  /* package */ void ended() {
    if (!released) {
      released = true;
      cast.forget(this);
      notifyListeners(Listener::onCastEnded);
    }
  }

  /* package */ void onEvent(CastEvent event) {
    switch (event.getKindCase()) {
      case PLAYBACK_STATE_CHANGE:
        AVPlaybackState delta = ProtoConverters.fromProto(event.getPlaybackStateChange());
        lastState = lastState.overlay(delta);
        notifyListeners(l -> l.onPlaybackStateChange(delta));
        break;
      case MEDIA_ITEM_CHANGE:
        AVQueueItem item = ProtoConverters.fromProto(event.getMediaItemChange());
        notifyListeners(l -> l.onMediaItemChange(item));
        break;
      case SEEK_DONE:
        long position = event.getSeekDone();
        // A seek is a discontinuity: extrapolate from the new position even if no state event follows.
        lastState = lastState.overlay(AVPlaybackState.builder()
            .setPosition(new io.baton.api.PlaybackPosition(position, System.currentTimeMillis())).build());
        notifyListeners(l -> l.onSeekDone(position));
        break;
      case END_OF_STREAM:
        notifyListeners(Listener::onEndOfStream);
        break;
      case VALID_COMMAND_CHANGE:
        List<String> commands = List.copyOf(event.getValidCommandChange().getValuesList());
        notifyListeners(l -> l.onValidCommandChange(commands));
        break;
      case ERROR:
        AVSessionException error = ErrorMapping.fromErrorInfo(event.getError());
        boolean io = error.code() >= 6612000 && error.code() < 6613000;
        notifyListeners(l -> {
          if (io) {
            l.onCastControlIoError(error);
          } else {
            l.onCastControlGenericError(error);
          }
        });
        break;
      case CONNECTION_CHANGE:
        if (ProtoConverters.fromProtoConnectionState(event.getConnectionChange().getState())
            == ConnectionState.DISCONNECTED) {
          ended();
        }
        break;
      default:
        logger.debug("Ignoring cast event {}", event.getKindCase());
        break;
    }
  }

  private void notifyListeners(Consumer<Listener> call) {
    cast.manager().dispatcher().execute(() -> {
      for (Listener l : listeners) {
        try {
          call.accept(l);
        } catch (RuntimeException e) {
          logger.warn("Cast controller listener threw", e);
        }
      }
    });
  }

  private <T> CompletableFuture<T> checked(CompletableFuture<T> internal) {
    return cast.manager().deliver(internal);
  }

  private AVSessionException releasedError() {
    return new AVSessionException(AVSessionErrorCode.CONTROLLER_NOT_EXIST,
        "the cast controller of session " + sessionId + " was released (or its cast ended)");
  }

  private SessionRef ref() {
    return SessionRef.newBuilder().setSessionId(sessionId).build();
  }

  private CompletableFuture<CastState> state() {
    if (released) {
      return CompletableFuture.failedFuture(releasedError());
    }
    SessionRef request = ref();
    return cast.<CastState>call((stub, out) -> stub.getCastState(request, out)).thenApply(s -> {
      update(s);
      return s;
    });
  }

  @Override
  public String getSessionId() {
    return sessionId;
  }

  @Override
  public CompletableFuture<Void> prepare(AVQueueItem item) {
    return load(item, false);
  }

  @Override
  public CompletableFuture<Void> start(AVQueueItem item) {
    return load(item, true);
  }

  private CompletableFuture<Void> load(AVQueueItem item, boolean play) {
    Objects.requireNonNull(item, "item");
    if (released) {
      return checked(CompletableFuture.failedFuture(releasedError()));
    }
    CastMediaRequest request = CastMediaRequest.newBuilder()
        .setSessionId(sessionId).setItem(ProtoConverters.toProto(item)).build();
    return checked(cast.<Ack>call((stub, out) -> {
      if (play) {
        stub.start(request, out);
      } else {
        stub.prepare(request, out);
      }
    }).thenApply(a -> null));
  }

  @Override
  public CompletableFuture<Void> sendControlCommand(AVCastControlCommand command) {
    Objects.requireNonNull(command, "command");
    if (released) {
      return checked(CompletableFuture.failedFuture(releasedError()));
    }
    CastCommandRequest request = CastCommandRequest.newBuilder()
        .setSessionId(sessionId).setCommand(CastConverters.toProto(command)).build();
    return checked(cast.<Ack>call((stub, out) -> stub.sendCastCommand(request, out)).thenApply(a -> null));
  }

  @Override
  public CompletableFuture<AVPlaybackState> getAVPlaybackState() {
    return checked(state().thenApply(s -> ProtoConverters.fromProto(s.getPlaybackState())));
  }

  @Override
  public CompletableFuture<Long> getDuration() {
    return checked(state().thenApply(s -> (long) s.getPlaybackState().getDurationMs()));
  }

  @Override
  public CompletableFuture<Optional<AVQueueItem>> getCurrentItem() {
    return checked(state().thenApply(s -> s.hasCurrentItem()
        ? Optional.of(ProtoConverters.fromProto(s.getCurrentItem())) : Optional.empty()));
  }

  @Override
  public CompletableFuture<List<String>> getValidCommands() {
    return checked(state().thenApply(s -> List.copyOf(s.getValidCommandsList())));
  }

  @Override
  public CompletableFuture<List<Double>> getSupportedPlaySpeeds() {
    return checked(state().thenApply(s -> List.copyOf(new ArrayList<>(s.getSupportedSpeedsList()))));
  }

  @Override
  public long getRealPlaybackPosition() {
    return lastState.extrapolatedPositionMs(System.currentTimeMillis(), 0);
  }

  @Override
  public CompletableFuture<Void> setPlaybackStateFilter(EventFilter filter) {
    Objects.requireNonNull(filter, "filter");
    if (released) {
      return checked(CompletableFuture.failedFuture(releasedError()));
    }
    SetCastEventFilterRequest request = SetCastEventFilterRequest.newBuilder()
        .setSessionId(sessionId).setAll(filter.all()).addAllKeys(filter.keys()).build();
    return checked(cast.<Ack>call((stub, out) -> stub.setCastEventFilter(request, out)).thenApply(a -> null));
  }

  @Override
  public void addListener(Listener listener) {
    Objects.requireNonNull(listener, "listener");
    if (!listeners.contains(listener)) {
      listeners.add(listener);
    }
  }

  @Override
  public void removeListener(Listener listener) {
    listeners.remove(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public CompletableFuture<Void> release() {
    if (released) {
      return cast.manager().dispatcher().completed(null);
    }
    released = true;
    cast.forget(this);
    SessionRef request = ref();
    return checked(cast.<Ack>call((stub, out) -> stub.releaseCastController(request, out)).thenApply(a -> null));
  }
}
