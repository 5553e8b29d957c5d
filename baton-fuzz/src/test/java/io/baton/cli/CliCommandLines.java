package io.baton.cli;

import picocli.CommandLine;

/**
 * Hands the fuzz targets (package {@code io.baton.fuzz}) the {@code baton} command line exactly as {@code main} builds
 * it; {@link BatonCli#newCommandLine()} is package-private.
 */
public final class CliCommandLines {
  private CliCommandLines() {}

  /** A new {@code baton} command line with Baton's error handling. */
  public static CommandLine newCommandLine() {
    return BatonCli.newCommandLine();
  }
}
