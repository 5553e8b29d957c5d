package io.baton.web;

import io.baton.api.Nullable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The secret that every request to the web control center must carry: 128 random bits, new for every start of the
 * bridge (so for every daemon run), never written to disk.
 *
 * <p>A request presents it in one of three ways: the {@code Authorization: Bearer <token>} header (scripts), the
 * {@value #COOKIE} cookie (the browser, after the first visit), or the {@code token} query parameter (the URL the
 * daemon prints; the page then trades it for the cookie and drops it from the address bar). The cookie is
 * {@code HttpOnly} (page scripts cannot read it) and {@code SameSite=Strict} (other sites cannot make the browser send
 * it), plus {@code Secure} over HTTPS.
 */
/* package */ final class AccessToken {
  /** The cookie that carries the token after the first visit. */
  static final String COOKIE = "baton_web_token";
  /** The query parameter of the printed URL. */
  static final String QUERY_PARAMETER = "token";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String value;

  private AccessToken(String value) {
    this.value = value;
  }

  /** A new random token: 16 bytes as 32 lowercase hex characters. */
  static AccessToken random() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return new AccessToken(HexFormat.of().formatHex(bytes));
  }

  /** The token's text, for the printed URL. */
  String value() {
    return value;
  }

  /** Whether {@code candidate} is this token; compares in constant time so timing reveals nothing. */
  boolean matches(@Nullable String candidate) {
    return candidate != null
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.US_ASCII), candidate.getBytes(StandardCharsets.US_ASCII));
  }

  /** The {@code Set-Cookie} value that stores the token in the browser for this origin. */
  String setCookieHeader(boolean secure) {
    return COOKIE + "=" + value + "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
  }

  /** The result of checking one request's credentials. */
  enum Verdict {
    /** A credential matched. */
    ACCEPTED,
    /** No credential at all: 401. */
    MISSING,
    /** Credentials, none matching (a stale link or cookie from an earlier daemon run): 403. */
    WRONG
  }

  /** Checks the credentials a request presented (each may be null). */
  Verdict check(@Nullable String authorizationHeader, @Nullable String cookie, @Nullable String queryToken) {
    String bearer = null;
    if (authorizationHeader != null && authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
      bearer = authorizationHeader.substring(7).trim();
    }
    if (matches(bearer) || matches(cookie) || matches(queryToken)) {
      return Verdict.ACCEPTED;
    }
    return bearer == null && cookie == null && queryToken == null && authorizationHeader == null
        ? Verdict.MISSING
        : Verdict.WRONG;
  }

  @Override
  public String toString() {
    return "AccessToken{…}"; // Never the value: toString ends up in logs.
  }
}
