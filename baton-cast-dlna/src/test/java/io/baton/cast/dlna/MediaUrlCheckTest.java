package io.baton.cast.dlna;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.baton.api.AVSessionException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tests for {@link MediaUrlCheck} against a real HTTP server on 127.0.0.1. */
final class MediaUrlCheckTest {
  private HttpServer server;
  private String base;
  private final MediaUrlCheck check = new MediaUrlCheck(Duration.ofSeconds(2), true);

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    respond("/song.mp3", 206, "audio/mpeg", "I");
    respond("/video.mp4", 200, "video/mp4; codecs=avc1", "V");
    respond("/list.m3u8", 200, "application/vnd.apple.mpegurl", "#");
    respond("/page.html", 200, "text/html", "<html>");
    respond("/gone", 410, "text/plain", "gone");
    respond("/missing", 404, "text/plain", "missing");
    respond("/secret", 403, "text/plain", "no");
    respond("/auth", 401, "text/plain", "no");
    respond("/broken", 500, "text/plain", "oops");
    respond("/empty.mp3", 200, "audio/mpeg", "");
    server.createContext("/empty-range.mp3", exchange -> {
      exchange.getResponseHeaders().set("Content-Range", "bytes */0");
      exchange.sendResponseHeaders(416, -1);
      exchange.close();
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void respond(String path, int status, String type, String body) {
    server.createContext(path, exchange -> {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private static int codeOf(Runnable r) {
    try {
      r.run();
    } catch (AVSessionException e) {
      return e.code();
    }
    throw new AssertionError("expected an AVSessionException");
  }

  @Test
  void check_audioVideoAndPlaylist_pass() {
    assertThat(check.check(base + "/song.mp3")).isEqualTo("audio/mpeg");
    assertThat(check.check(base + "/video.mp4")).isEqualTo("video/mp4");
    assertThat(check.check(base + "/list.m3u8")).isEqualTo("application/vnd.apple.mpegurl");
  }

  @Test
  void check_httpStatuses_mapToTheirCodes() {
    assertThat(codeOf(() -> check.check(base + "/missing"))).isEqualTo(6612005);
    assertThat(codeOf(() -> check.check(base + "/gone"))).isEqualTo(6612005);
    assertThat(codeOf(() -> check.check(base + "/secret"))).isEqualTo(6612006);
    assertThat(codeOf(() -> check.check(base + "/auth"))).isEqualTo(6612006);
    assertThat(codeOf(() -> check.check(base + "/broken"))).isEqualTo(6612004);
  }

  @Test
  void check_wrongContentType_is6612003() {
    assertThatThrownBy(() -> check.check(base + "/page.html")).isInstanceOf(AVSessionException.class)
        .hasMessageContaining("text/html");
    assertThat(codeOf(() -> check.check(base + "/page.html"))).isEqualTo(6612003);
  }

  @Test
  void check_emptyResource_is6612100() {
    assertThat(codeOf(() -> check.check(base + "/empty.mp3"))).isEqualTo(6612100);
    assertThat(codeOf(() -> check.check(base + "/empty-range.mp3"))).isEqualTo(6612100);
  }

  @Test
  void check_closedPort_is6612001() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }

    assertThat(codeOf(() -> check.check("http://127.0.0.1:" + port + "/x.mp3"))).isEqualTo(6612001);
  }

  @Test
  void check_serverThatNeverAnswers_is6612002() throws IOException {
    List<Socket> held = new ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        try {
          held.add(silent.accept());
        } catch (IOException ignored) {
          // Closed by the test.
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      MediaUrlCheck quick = new MediaUrlCheck(Duration.ofMillis(500), true);

      assertThat(codeOf(() -> quick.check("http://127.0.0.1:" + silent.getLocalPort() + "/x.mp3")))
          .isEqualTo(6612002);
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void check_malformedOrOtherScheme_is6611106() {
    assertThat(codeOf(() -> check.check("ftp://127.0.0.1/x.mp3"))).isEqualTo(6611106);
    assertThat(codeOf(() -> check.check("http://[bad"))).isEqualTo(6611106);
    assertThat(codeOf(() -> check.check("not a url"))).isEqualTo(6611106);
  }

  @Test
  void check_cleartextForbidden_is6612007() {
    MediaUrlCheck strict = new MediaUrlCheck(Duration.ofSeconds(2), false);

    assertThat(codeOf(() -> strict.check(base + "/song.mp3"))).isEqualTo(6612007);
  }
}
