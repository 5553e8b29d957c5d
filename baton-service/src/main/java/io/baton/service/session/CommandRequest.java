package io.baton.service.session;

import io.baton.api.AVControlCommand;
import io.baton.api.ConnectionState;
import io.baton.api.KeyEvent;
import io.baton.api.OutputDeviceInfo;
import java.util.Map;

/**
 * Work for a session's app: the daemon sends it to the session owner's client and waits for the result under
 * {@link #commandId()}.
 */
public sealed interface CommandRequest {

  /** Correlates the request with the app's answer. */
  long commandId();

  /** The target session. */
  String sessionId();

  /** A control command (play, seek …). */
  record Control(long commandId, String sessionId, AVControlCommand command) implements CommandRequest {}

  /** A custom command. */
  record Common(long commandId, String sessionId, String command, Map<String, Object> args)
      implements CommandRequest {}

  /** A raw key event, for apps that handle keys themselves. */
  record Key(long commandId, String sessionId, KeyEvent event) implements CommandRequest {}

  /** A request to play a queue item. */
  record SkipToQueueItem(long commandId, String sessionId, int itemId) implements CommandRequest {}

  /** The session's output device changed. */
  record OutputDeviceChange(long commandId, String sessionId, ConnectionState state, OutputDeviceInfo device)
      implements CommandRequest {}
}
