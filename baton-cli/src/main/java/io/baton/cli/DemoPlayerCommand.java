package io.baton.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.api.AVControlCommandType;
import io.baton.api.AVSession;
import io.baton.api.AVSessionManager;
import io.baton.api.AVSessionType;
import io.baton.api.Nullable;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code baton demo-player}: a simulated player (see {@link DemoPlayer}) on a real AUDIO session, until killed (exit 0
 * on SIGTERM or SIGINT, which destroys the session).
 *
 * <p>Stdout: the session id as the first line, once the session is ready (metadata, state, handlers, activation);
 * then one JSON line {@code {"command","parameter","caller"}} per command received.
 */
@Command(name = "demo-player", description = "Run a simulated audio player that obeys control commands.")
final class DemoPlayerCommand implements Callable<Integer> {
  @ParentCommand private BatonCli root;
  @Spec private CommandSpec spec;

  @Option(names = "--tag", paramLabel = "T", description = "The session's tag (default: ${DEFAULT-VALUE}).")
  private String tag = "demo";

  @Option(names = "--title", paramLabel = "T", description = "The title (default: ${DEFAULT-VALUE}).")
  private String title = "Baton Demo Tone";

  @Option(names = "--artist", paramLabel = "A", description = "The artist (default: ${DEFAULT-VALUE}).")
  private String artist = "Baton";

  @Option(names = "--commands", paramLabel = "LIST", split = ",",
      description = "The commands to accept, upstream names separated by commas (default: play, pause, stop, "
          + "playNext, playPrevious, fastForward, rewind, seek, setSpeed, setLoopMode, toggleFavorite).")
  private @Nullable List<String> commands;

  @Option(names = "--inactive", description = "Do not activate the session.")
  private boolean inactive;

  @Option(names = "--duration", paramLabel = "MS",
      description = "The length of each track in ms (default: ${DEFAULT-VALUE}).")
  private long durationMs = 180_000;

  @Override
  public Integer call() throws InterruptedException {
    if (durationMs <= 0) {
      throw new ParameterException(spec.commandLine(), "--duration must be more than 0 ms, was " + durationMs);
    }
    DemoPlayer.Settings settings;
    try {
      settings = new DemoPlayer.Settings(title, artist, durationMs, commandTypes(commands));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintWriter err = spec.commandLine().getErr();
    IdFirstOutput output = new IdFirstOutput(spec.commandLine().getOut());
    try (ExitOnSignal exit = ExitOnSignal.install("baton-demo-player");
        AVSessionManager manager = root.connect()) {
      exit.onExit(manager::close);
      manager.addRecoveryListener(new AVSessionManager.RecoveryListener() {
        @Override
        public void onSessionRestored(String oldSessionId, String newSessionId) {
          err.println("demo player: the daemon restarted; session " + oldSessionId + " is now " + newSessionId);
          err.flush();
        }
      });
      AVSession session = Futures.await(manager.createSession(tag, AVSessionType.AUDIO));
      DemoPlayer player = new DemoPlayer(session, settings, System::currentTimeMillis, output::commandLine);
      Futures.await(player.start(!inactive));
      output.sessionId(session.getSessionId());
      new CountDownLatch(1).await();
    }
    return 0;
  }

  /**
   * The command types named in {@code names} (upstream camelCase names), or {@link DemoPlayer#DEFAULT_COMMANDS} when
   * {@code names} is null.
   *
   * @throws IllegalArgumentException for an unknown name
   */
  static List<AVControlCommandType> commandTypes(@Nullable List<String> names) {
    if (names == null) {
      return DemoPlayer.DEFAULT_COMMANDS;
    }
    List<AVControlCommandType> types = new ArrayList<>();
    for (String name : names) {
      String trimmed = name.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      AVControlCommandType type = AVControlCommandType.fromCommandName(trimmed);
      if (!types.contains(type)) {
        types.add(type);
      }
    }
    return types;
  }

  /**
   * Stdout of the demo player: holds command lines back until the session id is printed, so that the id is always the
   * first line even if a command arrives between activation and the printing of the id. Never blocks.
   */
  private static final class IdFirstOutput {
    private final PrintWriter out;
    private final List<String> pending = new ArrayList<>();
    private boolean idPrinted;

    IdFirstOutput(PrintWriter out) {
      this.out = out;
    }

    synchronized void sessionId(String sessionId) {
      out.println(sessionId);
      pending.forEach(out::println);
      pending.clear();
      idPrinted = true;
      out.flush();
    }

    synchronized void commandLine(ObjectNode command) {
      String line = Json.line(command);
      if (idPrinted) {
        out.println(line);
        out.flush();
      } else {
        pending.add(line);
      }
    }
  }
}
