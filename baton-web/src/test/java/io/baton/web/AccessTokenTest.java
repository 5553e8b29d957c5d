package io.baton.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Tests for {@link AccessToken}. */
class AccessTokenTest {
  private final AccessToken token = AccessToken.random();

  @Test
  void random_is128BitsOfHex_andNewEachTime() {
    assertThat(token.value()).matches("[0-9a-f]{32}");
    assertThat(AccessToken.random().value()).isNotEqualTo(token.value());
  }

  @Test
  void check_noCredential_isMissing() {
    assertThat(token.check(null, null, null)).isEqualTo(AccessToken.Verdict.MISSING);
  }

  @Test
  void check_anyMatchingCredential_isAccepted() {
    assertThat(token.check("Bearer " + token.value(), null, null)).isEqualTo(AccessToken.Verdict.ACCEPTED);
    assertThat(token.check("bearer " + token.value(), null, null)).isEqualTo(AccessToken.Verdict.ACCEPTED);
    assertThat(token.check(null, token.value(), null)).isEqualTo(AccessToken.Verdict.ACCEPTED);
    assertThat(token.check(null, null, token.value())).isEqualTo(AccessToken.Verdict.ACCEPTED);
    // A stale cookie from an earlier daemon run does not hide a fresh token in the URL.
    assertThat(token.check(null, "0".repeat(32), token.value())).isEqualTo(AccessToken.Verdict.ACCEPTED);
  }

  @Test
  void check_onlyWrongCredentials_isWrong() {
    String other = AccessToken.random().value();

    assertThat(token.check("Bearer " + other, null, null)).isEqualTo(AccessToken.Verdict.WRONG);
    assertThat(token.check(null, other, null)).isEqualTo(AccessToken.Verdict.WRONG);
    assertThat(token.check(null, null, "")).isEqualTo(AccessToken.Verdict.WRONG);
    assertThat(token.check("Basic abc", null, null)).isEqualTo(AccessToken.Verdict.WRONG);
  }

  @Test
  void setCookieHeader_isHttpOnlyStrict_andSecureOnlyOverHttps() {
    assertThat(token.setCookieHeader(false))
        .isEqualTo("baton_web_token=" + token.value() + "; Path=/; HttpOnly; SameSite=Strict");
    assertThat(token.setCookieHeader(true)).endsWith("; Secure");
  }

  @Test
  void toString_neverShowsTheValue() {
    assertThat(token.toString()).doesNotContain(token.value());
  }
}
