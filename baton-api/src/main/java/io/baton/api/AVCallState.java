package io.baton.api;

import java.util.Objects;

/** The state of a call session. */
public record AVCallState(CallState state, boolean muted) {
  /** Checks that the state is present. */
  public AVCallState {
    Objects.requireNonNull(state, "state");
  }
}
