package io.baton.cli;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table: left-aligned columns separated by two spaces, a header line, no trailing blanks. */
final class Table {
  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  /** A table with these column headers. */
  Table(String... header) {
    columns = header.length;
    rows.add(header.clone());
  }

  /**
   * Adds a row; {@code null} cells print as {@code -}.
   *
   * @throws IllegalArgumentException when the row does not have one cell per column
   */
  Table addRow(Object... cells) {
    if (cells.length != columns) {
      throw new IllegalArgumentException("expected " + columns + " cells, got " + cells.length);
    }
    String[] row = new String[columns];
    for (int i = 0; i < columns; i++) {
      row[i] = cells[i] == null ? "-" : String.valueOf(cells[i]);
    }
    rows.add(row);
    return this;
  }

  /** The table, one line per row (the header first), each ending with a newline. */
  String render() {
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(row[i]);
        if (i < columns - 1) {
          line.append(" ".repeat(widths[i] - row[i].length() + 2));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
