package io.baton.cli;

import io.baton.api.AVSessionException;
import io.baton.api.AVSessionManager;
import io.baton.api.Nullable;
import io.baton.protocol.SocketPaths;
import io.baton.service.BatonDaemon;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code baton} command: global options, the subcommands, and the mapping of failures to exit codes.
 *
 * <h2>Exit codes</h2>
 * 0 on success; 1 when the daemon (or the SDK) reports an {@link AVSessionException}: stderr gets
 * {@code error <code>: <message>}, or, with {@code --json}, stdout gets {@code {"error":{"code","message","detail"}}};
 * 2 on a usage error (unknown command or option, bad argument), with picocli's usage message.
 *
 * <h2>Global options</h2>
 * {@code --socket PATH} and {@code --json} are inherited: they are accepted before or after the subcommand's name.
 */
@Command(
    name = "baton",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    version = "baton " + BatonDaemon.VERSION,
    description = "Baton: a media session service after OpenHarmony's AVSession kit.",
    subcommands = {
      DaemonCommand.class,
      LsCommand.class,
      ShowCommand.class,
      SendCommand.class,
      KeyCommand.class,
      WatchCommand.class,
      HistoryCommand.class,
      DumpCommand.class,
      DemoPlayerCommand.class,
      CastCommand.class,
      DevicesCommand.class,
      PairCommand.class,
      UnpairCommand.class,
      MoveCommand.class
    })
public final class BatonCli implements Callable<Integer> {
  /** The app id the CLI declares to the daemon. */
  static final String APP_ID = "baton.cli";

  @Spec private CommandSpec spec;

  @Option(
      names = "--socket",
      paramLabel = "PATH",
      scope = ScopeType.INHERIT,
      description = "The daemon's socket (default: $BATON_SOCKET, else $XDG_RUNTIME_DIR/baton/baton.sock, "
          + "else /tmp/baton-<uid>/baton.sock).")
  private @Nullable Path socket;

  @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print JSON instead of text.")
  private boolean json;

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** A command line with Baton's error handling, for {@link #main} and tests. */
  static CommandLine newCommandLine() {
    CommandLine commandLine = new CommandLine(new BatonCli());
    commandLine.setExecutionExceptionHandler(BatonCli::handleExecutionException);
    // Arguments are taken literally: a title or asset id such as "@home" must not be replaced by the contents of a
    // file that happens to have that name (picocli's @-files), nor make the CLI read /dev/stdin and wait.
    commandLine.setExpandAtFiles(false);
    return commandLine;
  }

  /** {@code baton} alone is a usage error. */
  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }

  /** The socket to use: {@code --socket}, else {@code BATON_SOCKET}, else the default path. */
  Path socket() {
    return socket != null ? socket : SocketPaths.defaultSocket();
  }

  /** Whether {@code --json} was given. */
  boolean json() {
    return json;
  }

  /**
   * A new connection to the daemon, which the caller closes.
   *
   * @throws AVSessionException 6600101 when the daemon cannot be reached within 3 s
   */
  AVSessionManager connect() {
    return AVSessionManager.builder().socket(socket()).appId(APP_ID).connect();
  }

  /**
   * Prints an AVSession error: {@code error <code>: <message>} on {@code err}, or its JSON form on {@code out} when
   * {@code json} is set.
   */
  static void reportError(AVSessionException error, boolean json, PrintWriter out, PrintWriter err) {
    if (json) {
      out.println(Json.line(Json.error(error)));
      out.flush();
    } else {
      err.println("error " + error.code() + ": " + error.getMessage());
      err.flush();
    }
  }

  private static int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    AVSessionException error = findAVSessionException(e);
    if (error == null) {
      // Not an AVSession error: a bug or an environment problem (no SDK on the class path). Show everything.
      err.println("baton: unexpected error: " + e);
      e.printStackTrace(err);
      err.flush();
      return 1;
    }
    BatonCli root = (BatonCli) commandLine.getCommandSpec().root().userObject();
    reportError(error, root.json, commandLine.getOut(), err);
    return 1;
  }

  private static @Nullable AVSessionException findAVSessionException(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof AVSessionException) {
        return (AVSessionException) c;
      }
    }
    return null;
  }
}
