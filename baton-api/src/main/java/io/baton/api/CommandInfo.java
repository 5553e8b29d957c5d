package io.baton.api;

import java.util.Objects;

/**
 * Who sent a command. The daemon fills it in from the sender's connection (never from what the sender claims), except
 * {@link #callerModuleName()}, which the sender may set.
 *
 * @param callerAppId the sending client's app id
 * @param callerModuleName free text chosen by the sender
 * @param callerDeviceId the sending device; empty for this device
 * @param callerType {@code "app"}, {@code "cast"}, {@code "bluetooth"} or {@code "nearlink"}
 * @param callerPid the sending process, from the socket's peer credentials; 0 when unknown
 */
public record CommandInfo(
    String callerAppId, String callerModuleName, String callerDeviceId, String callerType, int callerPid) {
  /** No information (what a command carries before the daemon fills it in). */
  public static final CommandInfo EMPTY = new CommandInfo("", "", "", "", 0);

  /** Checks that no component is null. */
  public CommandInfo {
    Objects.requireNonNull(callerAppId, "callerAppId");
    Objects.requireNonNull(callerModuleName, "callerModuleName");
    Objects.requireNonNull(callerDeviceId, "callerDeviceId");
    Objects.requireNonNull(callerType, "callerType");
  }
}
