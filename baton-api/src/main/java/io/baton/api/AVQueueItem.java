package io.baton.api;

import java.util.Objects;

/**
 * One item of a session's queue.
 *
 * @param itemId the app's id for this item
 * @param description what the item is; its asset id must not be empty
 */
public record AVQueueItem(int itemId, AVMediaDescription description) {
  /** Checks that the description is present. */
  public AVQueueItem {
    Objects.requireNonNull(description, "description");
  }
}
