package io.baton.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Tests for {@link WebOptions}. */
class WebOptionsTest {
  @Test
  void defaults_loopbackOnTheDocumentedPort_plainHttp() {
    WebOptions options = WebOptions.defaults();

    assertThat(options.host()).isEqualTo("127.0.0.1");
    assertThat(options.port()).isEqualTo(7677);
    assertThat(options.https()).isFalse();
  }

  @Test
  void address_parsesHostPortIpv6AndPortOnly() {
    assertThat(WebOptions.builder().address("localhost:8080").build().host()).isEqualTo("localhost");
    assertThat(WebOptions.builder().address("[::1]:9000").build().host()).isEqualTo("::1");
    assertThat(WebOptions.builder().address(":0").build().port()).isZero();
  }

  @Test
  void address_malformed_namesTheProblem() {
    assertThatThrownBy(() -> WebOptions.builder().address("localhost"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HOST:PORT");
    assertThatThrownBy(() -> WebOptions.builder().address("localhost:http"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be a number");
    assertThatThrownBy(() -> WebOptions.builder().address("localhost:70000"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 to 65535");
  }

  @Test
  void build_nonLoopbackWithoutKeyStore_refusesCleartext() {
    assertThatThrownBy(() -> WebOptions.builder().host("0.0.0.0").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refusing to serve the web control center over cleartext HTTP on 0.0.0.0");
  }

  @Test
  void build_missingKeyStore_isRefused() {
    assertThatThrownBy(() -> WebOptions.builder().keyStore(Path.of("/nonexistent/web.p12"), new char[0]).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
  }
}
