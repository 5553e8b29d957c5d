package io.baton.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import org.junit.jupiter.api.Test;

/** Tests for {@link WebCast}: every parameter of "cast to" is checked before anything reaches the daemon. */
class WebCastTest {
  private static final String SESSION = "0123456789ABCDEF".repeat(4);

  @Test
  void parse_deviceWithAndWithoutMediaUrl() {
    assertThat(WebCast.parse("{\"deviceId\":\"uuid:b47057a1-2222\",\"mediaUrl\":\"http://10.0.0.2:8080/a.wav\"}"))
        .isEqualTo(new WebCast.Request("uuid:b47057a1-2222", "http://10.0.0.2:8080/a.wav"));
    assertThat(WebCast.parse("{\"deviceId\":\"uuid:x\",\"mediaUrl\":\"  HTTPS://host/a.mp3 \"}").mediaUrl())
        .isEqualTo("HTTPS://host/a.mp3");
    assertThat(WebCast.parse("{\"deviceId\":\"uuid:x\"}").mediaUrl()).isNull();
    assertThat(WebCast.parse("{\"deviceId\":\"uuid:x\",\"mediaUrl\":\"\"}").mediaUrl()).isNull();
    assertThat(WebCast.parse("{\"deviceId\":\"uuid:x\",\"mediaUrl\":null}").mediaUrl()).isNull();
  }

  @Test
  void parse_badParameters_are401NamingTheField() {
    assertThat(invalid("")).contains("JSON object");
    assertThat(invalid("[1]")).contains("JSON object");
    assertThat(invalid("{}")).startsWith("deviceId: ").contains("missing");
    assertThat(invalid("{\"deviceId\":7}")).startsWith("deviceId: ");
    assertThat(invalid("{\"deviceId\":\"\"}")).startsWith("deviceId: ");
    assertThat(invalid("{\"deviceId\":\"uuid:x y\"}")).startsWith("deviceId: ");
    assertThat(invalid("{\"deviceId\":\"" + "a".repeat(257) + "\"}")).startsWith("deviceId: ");
    assertThat(invalid("{\"deviceId\":\"uuid:x\",\"url\":\"http://h/a\"}")).contains("unknown field 'url'");
    assertThat(invalid("{\"deviceId\":\"uuid:x\",\"mediaUrl\":3}")).startsWith("mediaUrl: must be a string");
    assertThat(invalid("{\"deviceId\":\"uuid:x\",\"mediaUrl\":\"file:///etc/passwd\"}"))
        .startsWith("mediaUrl: ").contains("--file");
    assertThat(invalid("{\"deviceId\":\"uuid:x\",\"mediaUrl\":\"ftp://h/a.wav\"}"))
        .startsWith("mediaUrl: must be an http:// or https:// URL");
    assertThat(invalid("{\"deviceId\":\"uuid:x\",\"mediaUrl\":\"a.wav\"}")).startsWith("mediaUrl: must be");
    assertThat(invalid("{\"deviceId\":\"uuid:x\",\"mediaUrl\":\"http:///a.wav\"}")).startsWith("mediaUrl: ");
    assertThat(invalid("{\"deviceId\":\"uuid:x\",\"mediaUrl\":\"http://h/a b\"}")).startsWith("mediaUrl: not a URL");
    assertThat(invalid("{\"deviceId\":\"uuid:x\",\"mediaUrl\":\"http://h/" + "a".repeat(5000) + "\"}"))
        .startsWith("mediaUrl: longer than");
  }

  @Test
  void sessionId_mustBe64UpperCaseHex() {
    assertThat(WebCast.sessionId(SESSION)).isEqualTo(SESSION);
    for (String bad : new String[] {"", "X", SESSION.toLowerCase(), SESSION + "0", SESSION.substring(1) + "G"}) {
      AVSessionException e = catchThrowableOfType(() -> WebCast.sessionId(bad), AVSessionException.class);
      assertThat(e.errorCode()).as(bad).isEqualTo(AVSessionErrorCode.INVALID_PARAMETER);
      assertThat(e.detail()).startsWith("sessionId: ");
    }
  }

  private static String invalid(String body) {
    AVSessionException e = catchThrowableOfType(() -> WebCast.parse(body), AVSessionException.class);
    assertThat(e).as(body).isNotNull();
    assertThat(e.errorCode()).isEqualTo(AVSessionErrorCode.INVALID_PARAMETER);
    return e.detail();
  }
}
