package io.baton.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One run of the {@code baton} command line in this JVM, with stdout and stderr captured. Only for runs that end
 * before connecting to a daemon (usage errors, help).
 *
 * @param exitCode what {@code main} would exit with
 * @param out what was printed on stdout
 * @param err what was printed on stderr
 */
record CliRun(int exitCode, String out, String err) {
  /** Runs {@code args} through {@link BatonCli#newCommandLine()}. */
  static CliRun execute(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = BatonCli.newCommandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new CliRun(exitCode, out.toString(), err.toString());
  }
}
