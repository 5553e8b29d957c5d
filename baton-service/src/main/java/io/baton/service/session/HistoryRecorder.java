package io.baton.service.session;

import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVSessionDescriptor;
import io.baton.api.AVSessionType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Where the registry records session history. Implementations must not block the caller: the registry calls
 * {@link #record} on the hot path of every state change.
 */
public interface HistoryRecorder {

  /** Records (or updates) the history entry of a session; latest wins. Non-blocking. */
  void record(HistoryEntry entry);

  /** Up to {@code max} entries, newest first, skipping {@code excludeSessionIds} (live sessions). */
  CompletableFuture<List<AVSessionDescriptor>> recent(int max, Set<String> excludeSessionIds);

  /** The recorder's health, for {@code baton dump}. */
  Map<String, Object> status();

  /**
   * One session's history entry.
   *
   * @param metadata the last metadata, without images
   */
  record HistoryEntry(String sessionId, String appId, String tag, AVSessionType type, AVMetadata metadata,
      AVPlaybackState playbackState, long lastSeenMs) {}

  /** Records nothing. */
  HistoryRecorder NONE = new HistoryRecorder() {
    @Override
    public void record(HistoryEntry entry) {}

    @Override
    public CompletableFuture<List<AVSessionDescriptor>> recent(int max, Set<String> excludeSessionIds) {
      return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public Map<String, Object> status() {
      return Map.of("enabled", false);
    }
  };
}
