package io.baton.cli;

import io.baton.api.AVCallState;
import io.baton.api.AVControlCommand;
import io.baton.api.AVControlCommandType;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVQueueItem;
import io.baton.api.AVSession;
import io.baton.api.AVSessionController;
import io.baton.api.AVSessionType;
import io.baton.api.CallMetadata;
import io.baton.api.CommandInfo;
import io.baton.api.LoopMode;
import io.baton.api.OutputDeviceInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A session that records what its app publishes and lets a test deliver commands to the registered handlers. Calls a
 * demo player has no business making throw {@link UnsupportedOperationException}.
 */
final class FakeSession implements AVSession {
  final List<AVMetadata> publishedMetadata = new ArrayList<>();
  final List<AVPlaybackState> publishedStates = new ArrayList<>();
  final Map<AVControlCommandType, CommandHandler> handlers = new LinkedHashMap<>();
  boolean active;

  /** Delivers {@code command} to its handler as if app {@code callerAppId} had sent it. */
  void deliver(AVControlCommand command, String callerAppId) {
    CommandHandler handler = handlers.get(command.command());
    if (handler == null) {
      throw new AssertionError("no handler registered for " + command.command());
    }
    handler.onCommand(command.withCommandInfo(new CommandInfo(callerAppId, "", "", "app", 42)));
  }

  /** The last playback state published. */
  AVPlaybackState lastState() {
    if (publishedStates.isEmpty()) {
      throw new AssertionError("no playback state published");
    }
    return publishedStates.get(publishedStates.size() - 1);
  }

  /** The last metadata published. */
  AVMetadata lastMetadata() {
    if (publishedMetadata.isEmpty()) {
      throw new AssertionError("no metadata published");
    }
    return publishedMetadata.get(publishedMetadata.size() - 1);
  }

  @Override
  public String getSessionId() {
    return "F".repeat(64);
  }

  @Override
  public String getSessionTag() {
    return "demo";
  }

  @Override
  public AVSessionType getSessionType() {
    return AVSessionType.AUDIO;
  }

  @Override
  public CompletableFuture<Void> setAVMetadata(AVMetadata metadata) {
    publishedMetadata.add(metadata);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> setAVPlaybackState(AVPlaybackState state) {
    publishedStates.add(state);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> activate() {
    active = true;
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> deactivate() {
    active = false;
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public Registration addCommandHandler(AVControlCommandType type, CommandHandler handler) {
    handlers.put(type, handler);
    return () -> handlers.remove(type);
  }

  @Override
  public CompletableFuture<Void> setAVQueueItems(List<AVQueueItem> items) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletableFuture<Void> setAVQueueTitle(String title) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletableFuture<Void> setExtras(Map<String, Object> extras) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletableFuture<Void> dispatchSessionEvent(String event, Map<String, Object> args) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletableFuture<Void> setLaunchInfo(String uri) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletableFuture<Void> setCallMetadata(CallMetadata metadata) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletableFuture<Void> setAVCallState(AVCallState state) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletableFuture<Void> setSupportedPlaySpeeds(List<Double> speeds) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletableFuture<Void> setSupportedLoopModes(List<LoopMode> modes) {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletableFuture<Void> destroy() {
    throw new UnsupportedOperationException();
  }

  @Override
  public CompletableFuture<AVSessionController> getController() {
    throw new UnsupportedOperationException();
  }

  @Override
  public OutputDeviceInfo getOutputDevice() {
    throw new UnsupportedOperationException();
  }

  @Override
  public Registration setKeyEventHandler(KeyEventHandler handler) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void addCallback(Callback callback) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void removeCallback(Callback callback) {
    throw new UnsupportedOperationException();
  }
}
