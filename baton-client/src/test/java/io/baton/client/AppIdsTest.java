package io.baton.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Tests for {@link AppIds}. */
class AppIdsTest {

  @Test
  void resolve_validConfiguredId_returnsIt() {
    assertThat(AppIds.resolve("com.example.player-2_b")).isEqualTo("com.example.player-2_b");
  }

  @Test
  void resolve_invalidCharacters_throwsIllegalArgumentException() {
    assertThatThrownBy(() -> AppIds.resolve("com/example"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("com/example");
  }

  @Test
  void resolve_empty_throwsIllegalArgumentException() {
    assertThatThrownBy(() -> AppIds.resolve("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void resolve_129Characters_throwsIllegalArgumentException() {
    assertThatThrownBy(() -> AppIds.resolve("a".repeat(129))).isInstanceOf(IllegalArgumentException.class);
    assertThat(AppIds.resolve("a".repeat(128))).hasSize(128);
  }

  @Test
  void resolve_null_derivesValidIdFromMainClass() {
    String appId = AppIds.resolve(null);

    assertThat(appId).matches("java(\\..+)?");
  }

  @Test
  void fromMainClass_qualifiedName_usesSimpleName() {
    assertThat(AppIds.fromMainClass("com.example.Player")).isEqualTo("java.Player");
    assertThat(AppIds.fromMainClass("com.example.Outer$Main")).isEqualTo("java.Main");
  }

  @Test
  void fromMainClass_unknown_returnsJava() {
    assertThat(AppIds.fromMainClass(null)).isEqualTo("java");
    assertThat(AppIds.fromMainClass("com.example.")).isEqualTo("java");
  }

  @Test
  void fromMainClass_invalidCharactersOrTooLong_sanitized() {
    assertThat(AppIds.fromMainClass("Zähler")).isEqualTo("java.Z_hler");
    assertThat(AppIds.fromMainClass("M".repeat(200))).hasSize(128).startsWith("java.MMM");
  }
}
