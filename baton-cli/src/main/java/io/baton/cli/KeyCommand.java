package io.baton.cli;

import io.baton.api.AVSessionManager;
import io.baton.api.KeyEvent;
import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code baton key KEY}: sends a media key press to the top session, as a system caller would (the daemon refuses it
 * with 202 for a caller of another user). Success prints nothing ({@code {"ok":true}} with {@code --json}).
 */
@Command(
    name = "key",
    description = "Send a media key press to the top session.",
    footer = {"", "Keys: play, pause, play-pause, stop, next, previous, fast-forward, rewind."})
final class KeyCommand implements Callable<Integer> {
  /** KEY names and their key codes, in the order the help lists them. */
  static final Map<String, Integer> KEYS = keys();

  @ParentCommand private BatonCli root;
  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "KEY", description = "The key to press (see below).")
  private String key;

  @Override
  public Integer call() {
    int keyCode;
    try {
      keyCode = keyCode(key);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    try (AVSessionManager manager = root.connect()) {
      Futures.await(manager.sendSystemAVKeyEvent(KeyEvent.down(keyCode)));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (root.json()) {
      out.println("{\"ok\":true}");
      out.flush();
    }
    return 0;
  }

  /**
   * The key code of the KEY name {@code name}.
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  static int keyCode(String name) {
    Integer code = KEYS.get(name);
    if (code == null) {
      throw new IllegalArgumentException("Unknown key '" + name + "'; keys: " + String.join(", ", KEYS.keySet()));
    }
    return code;
  }

  private static Map<String, Integer> keys() {
    Map<String, Integer> keys = new LinkedHashMap<>();
    keys.put("play", KeyEvent.KEYCODE_MEDIA_PLAY);
    keys.put("pause", KeyEvent.KEYCODE_MEDIA_PAUSE);
    keys.put("play-pause", KeyEvent.KEYCODE_MEDIA_PLAY_PAUSE);
    keys.put("stop", KeyEvent.KEYCODE_MEDIA_STOP);
    keys.put("next", KeyEvent.KEYCODE_MEDIA_NEXT);
    keys.put("previous", KeyEvent.KEYCODE_MEDIA_PREVIOUS);
    keys.put("fast-forward", KeyEvent.KEYCODE_MEDIA_FAST_FORWARD);
    keys.put("rewind", KeyEvent.KEYCODE_MEDIA_REWIND);
    return Collections.unmodifiableMap(keys);
  }
}
