package io.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Tests for {@link Table}. */
class TableTest {

  @Test
  void render_rows_alignsColumnsAndTrimsTrailingBlanks() {
    Table table = new Table("ID", "APP", "TITLE").addRow("1", "com.example.long", "").addRow(22, null, "Song");

    assertThat(table.render()).isEqualTo(String.join("\n",
        "ID  APP               TITLE",
        "1   com.example.long",
        "22  -                 Song",
        ""));
  }

  @Test
  void render_noRows_printsTheHeader() {
    assertThat(new Table("A", "B").render()).isEqualTo("A  B\n");
  }

  @Test
  void addRow_wrongCellCount_throwsIllegalArgumentException() {
    assertThatThrownBy(() -> new Table("A", "B").addRow("only one"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected 2 cells, got 1");
  }
}
