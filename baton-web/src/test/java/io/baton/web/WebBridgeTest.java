package io.baton.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.BindException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests for {@link WebBridge}'s server: binding, the token and HTTPS, without a daemon (the bridge keeps retrying
 * its connection in the background while it serves).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class WebBridgeTest {
  @TempDir Path dir;

  @Test
  void start_portInUse_throwsBindExceptionNamingTheAddress() throws Exception {
    try (WebBridge first = WebBridge.start(dir.resolve("none.sock"), WebOptions.builder().port(0).build())) {
      WebOptions same = WebOptions.builder().port(first.port()).build();

      assertThatThrownBy(() -> WebBridge.start(dir.resolve("none.sock"), same))
          .isInstanceOf(BindException.class)
          .hasMessage("127.0.0.1:" + first.port() + " is already in use");
    }
  }

  @Test
  void url_holdsTheBoundPortAndToken_requestsNeedIt() throws Exception {
    try (WebBridge web = WebBridge.start(dir.resolve("none.sock"), WebOptions.builder().port(0).build())) {
      HttpClient http = HttpClient.newHttpClient();
      String token = web.url().substring(web.url().indexOf("token=") + 6);

      HttpResponse<String> without = http.send(
          HttpRequest.newBuilder(URI.create(web.baseUrl() + "static/app.css")).build(),
          HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> with = http.send(
          HttpRequest.newBuilder(URI.create(web.baseUrl() + "static/app.css"))
              .header("Authorization", "Bearer " + token).build(),
          HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> history = http.send(
          HttpRequest.newBuilder(URI.create(web.baseUrl() + "api/history"))
              .header("Authorization", "Bearer " + token).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(web.url()).isEqualTo("http://127.0.0.1:" + web.port() + "/?token=" + token);
      assertThat(without.statusCode()).isEqualTo(401);
      assertThat(with.statusCode()).isEqualTo(200);
      assertThat(with.body()).contains(".card {");
      // No daemon behind this bridge: panels that need one say so with the AVSession error.
      assertThat(history.statusCode()).isEqualTo(502);
      assertThat(history.body()).contains("\"code\":6600101", "\"hint\":");
    }
  }

  @Test
  void start_withKeyStore_servesHttpsOnly() throws Exception {
    Path keyStore = dir.resolve("web.p12");
    char[] password = "changeit".toCharArray();
    Process keytool = new ProcessBuilder(List.of(
            Paths.get(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair", "-alias", "baton", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
            "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
            "-keystore", keyStore.toString(), "-storepass", "changeit"))
        .redirectErrorStream(true)
        .start();
    String keytoolOutput = new String(keytool.getInputStream().readAllBytes());
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(keytoolOutput).isZero();
    WebOptions options = WebOptions.builder().port(0).keyStore(keyStore, password).build();

    try (WebBridge web = WebBridge.start(dir.resolve("none.sock"), options)) {
      HttpClient https = HttpClient.newBuilder().sslContext(trusting(keyStore, password)).build();
      HttpResponse<String> page = https.send(HttpRequest.newBuilder(URI.create(web.url())).build(),
          HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> plain = null;
      try {
        plain = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(web.url().replace("https:", "http:"))).build(),
            HttpResponse.BodyHandlers.ofString());
      } catch (java.io.IOException expected) {
        // Cleartext on the TLS port is dropped or answered with an error, never served.
      }

      assertThat(web.url()).startsWith("https://127.0.0.1:");
      assertThat(page.statusCode()).isEqualTo(303);
      assertThat(page.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).endsWith("; Secure"));
      if (plain != null) {
        assertThat(plain.statusCode()).isEqualTo(400);
      }
    }
  }

  private static SSLContext trusting(Path keyStoreFile, char[] password) throws Exception {
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStoreFile)) {
      keyStore.load(in, password);
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(keyStore);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
