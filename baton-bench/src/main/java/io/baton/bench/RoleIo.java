package io.baton.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The child side of the line protocol between the benchmark and its child processes: commands arrive on stdin, one
 * per line; replies and results go to stdout, one per line, flushed at once (the parent is waiting for them). Logs go
 * to stderr, which the parent keeps in a file.
 */
final class RoleIo {
  private static final BufferedReader IN =
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

  private RoleIo() {}

  /** Prints one line to stdout and flushes it. */
  static synchronized void say(String line) {
    System.out.println(line);
    System.out.flush();
  }

  /** The next command line, or null when stdin closed (the parent is gone: the child should exit). */
  static String next() throws IOException {
    String line = IN.readLine();
    return line == null ? null : line.trim();
  }

  /** Blocks until the parent says {@code stop} or closes stdin. */
  static void awaitStop() throws IOException {
    for (String line; (line = next()) != null; ) {
      if (line.equals("stop")) {
        return;
      }
    }
  }
}
