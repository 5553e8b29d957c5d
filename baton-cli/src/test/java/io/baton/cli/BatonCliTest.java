package io.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.api.AVSessionErrorCode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** Tests for {@link BatonCli}: global options, error output and exit codes (no daemon involved). */
class BatonCliTest {

  @Test
  void parse_globalOptionsBeforeTheSubcommand_areSet() {
    BatonCli root = new BatonCli();

    new CommandLine(root).parseArgs("--socket", "/tmp/a.sock", "--json", "ls");

    assertThat(root.socket()).isEqualTo(Path.of("/tmp/a.sock"));
    assertThat(root.json()).isTrue();
  }

  @Test
  void parse_globalOptionsAfterTheSubcommand_areSet() {
    BatonCli root = new BatonCli();

    new CommandLine(root).parseArgs("show", "ABC", "--json", "--socket", "/tmp/b.sock");

    assertThat(root.socket()).isEqualTo(Path.of("/tmp/b.sock"));
    assertThat(root.json()).isTrue();
  }

  @Test
  void reportError_text_printsCodeAndMessageOnStderr() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    BatonCli.reportError(AVSessionErrorCode.SESSION_NOT_EXIST.toException("no session X"), false,
        new PrintWriter(out), new PrintWriter(err));

    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).isEqualTo("error 6600102: The session does not exist. (no session X)"
        + System.lineSeparator());
  }

  @Test
  void reportError_textWithoutDetail_printsTheSeedMessageOnly() {
    StringWriter err = new StringWriter();

    BatonCli.reportError(AVSessionErrorCode.SESSION_INACTIVE.toException(""), false,
        new PrintWriter(new StringWriter()), new PrintWriter(err));

    assertThat(err.toString().strip()).isEqualTo("error 6600106: The session is not activated.");
  }

  @Test
  void reportError_json_printsErrorObjectOnStdout() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    BatonCli.reportError(AVSessionErrorCode.COMMAND_INVALID.toException("nope"), true,
        new PrintWriter(out), new PrintWriter(err));

    assertThat(out.toString().strip()).isEqualTo(
        "{\"error\":{\"code\":6600105,\"message\":\"Invalid session command.\",\"detail\":\"nope\"}}");
    assertThat(err.toString()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "''                                   | Missing required subcommand",
    "bogus                                | Unmatched argument",
    "ls --bogus                           | Unknown option",
    "send ABC                             | Missing required parameter",
    "send ABC seek                        | seek needs an argument",
    "send ABC seek soon                   | whole number of milliseconds",
    "send ABC set-loop-mode forever       | set-loop-mode needs one of",
    "send ABC play now                    | play takes no argument",
    "send ABC dance                       | Unknown command 'dance'",
    "send ABC play --count 0              | --count must be at least 1",
    "key volume-up                        | Unknown key 'volume-up'",
    "history --max many                   | Invalid value",
    "demo-player --commands play,dance    | unknown control command 'dance'",
    "demo-player --duration 0             | --duration must be more than 0 ms"
  })
  void execute_usageError_exitsWithTwoAndExplains(String args, String message) {
    CliRun run = CliRun.execute(args.isEmpty() ? new String[0] : args.split(" "));

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains(message);
  }

  @Test
  void execute_help_exitsWithZeroAndListsTheCommands() {
    CliRun run = CliRun.execute("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("daemon", "ls", "show", "send", "key", "watch", "history", "dump", "demo-player");
  }
}
