package io.baton.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.baton.api.AVSessionErrorCode;
import io.baton.cli.CliCommandLines;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Fuzz target for the {@code baton} command line: arbitrary arguments through the real picocli parser, the real
 * commands and the real SDK, against no daemon ({@code --socket} always names a socket in a directory that does not
 * exist, and the SDK gives up after its minimum connect wait, see {@link ShortRetryProvider}).
 *
 * <p>Input format: the arguments, UTF-8, separated by NUL bytes. {@code baton daemon} is only parsed, never run (it
 * would start a daemon in the test JVM).
 *
 * <p>Oracle: every run ends within 20 s with exit status 0, 1 or 2; status 1 comes with an AVSession error
 * ({@code error <code>: <message>} on stderr, or its JSON on stdout with {@code --json}) and never with the CLI's
 * "unexpected error" report (an exception the CLI did not map); status 2 comes with a usage message; and nothing is
 * created on disk.
 */
class CliArgumentsFuzzTest {
  private static final Path NO_DAEMON_DIR =
      Path.of(System.getProperty("java.io.tmpdir"), "baton-fuzz-no-daemon-" + ProcessHandle.current().pid());
  private static final String SOCKET = NO_DAEMON_DIR.resolve("baton.sock").toString();
  private static final Pattern ERROR_LINE = Pattern.compile("(?m)^error (\\d+): ");
  private static final Pattern JSON_ERROR = Pattern.compile("\\{\"error\":\\{\"code\":(\\d+),");

  private static ExecutorService runner;

  @BeforeAll
  static void startRunner() {
    runner = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "fuzz-cli");
      t.setDaemon(true);
      return t;
    });
  }

  @AfterAll
  static void stopRunner() {
    runner.shutdownNow();
  }

  private record Run(int exitCode, String out, String err) {}

  @FuzzTest(maxDuration = "60s")
  void arguments(byte[] input) throws Exception {
    String[] args = withSocket(split(input));
    Future<Run> future = runner.submit(() -> run(args));
    Run run;
    try {
      run = future.get(20, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new AssertionError("baton " + Arrays.toString(args) + " did not finish within 20 s; threads:\n"
          + WireClient.threadDump());
    }
    if (run == null) {
      return; // baton daemon: parsed, not run.
    }

    String what = "baton " + Arrays.toString(args) + "\nstdout: " + run.out() + "\nstderr: " + run.err();
    assertThat(run.exitCode()).as(what).isIn(0, 1, 2);
    assertThat(run.err()).as(what).doesNotContain("unexpected error");
    if (run.exitCode() == 1) {
      Matcher text = ERROR_LINE.matcher(run.err());
      Matcher json = JSON_ERROR.matcher(run.out());
      assertThat(text.find() || json.find()).as("exit 1 without an AVSession error: %s", what).isTrue();
      String code = text.find(0) ? text.group(1) : json.group(1);
      assertThat(AVSessionErrorCode.fromCode(Integer.parseInt(code))).as(what).isPresent();
    } else if (run.exitCode() == 2) {
      assertThat(run.err()).as("usage error without a message: %s", what).isNotBlank();
    }
    assertThat(Files.exists(NO_DAEMON_DIR)).as("the CLI created %s: %s", NO_DAEMON_DIR, what).isFalse();
  }

  @Test
  void argumentStartingWithAt_isTakenLiterally() throws Exception {
    // pom.xml exists in the working directory: as a picocli @-file it would become the SESSION and COMMAND.
    Run run = run(withSocket(List.of("send", "@pom.xml", "play")));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.err()).startsWith("error 6600101: ");
  }

  /** The run's result, or null for {@code baton daemon} without a help option, which is only parsed. */
  private static Run run(String[] args) {
    try {
      ParseResult parsed = CliCommandLines.newCommandLine().parseArgs(args);
      if (startsDaemon(parsed)) {
        return null;
      }
    } catch (CommandLine.ParameterException usageError) {
      // execute() reports it below, with status 2.
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = CliCommandLines.newCommandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  private static boolean startsDaemon(ParseResult parsed) {
    boolean daemon = false;
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.isUsageHelpRequested() || p.isVersionHelpRequested()) {
        return false;
      }
      daemon |= p.commandSpec().name().equals("daemon");
    }
    return daemon;
  }

  /** The arguments in {@code input}: UTF-8 text split at NUL bytes; no input is no arguments. */
  static List<String> split(byte[] input) {
    if (input.length == 0) {
      return List.of();
    }
    return Arrays.asList(new String(input, StandardCharsets.UTF_8).split("\0", -1));
  }

  /** {@code --socket NO_DAEMON} first; any socket the input names is replaced by it. */
  private static String[] withSocket(List<String> args) {
    List<String> all = new ArrayList<>(List.of("--socket", SOCKET));
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.startsWith("--socket=")) {
        all.add("--socket=" + SOCKET);
      } else if (arg.equals("--socket") && i + 1 < args.size()) {
        all.add(arg);
        all.add(SOCKET);
        i++;
      } else {
        all.add(arg);
      }
    }
    return all.toArray(new String[0]);
  }
}
