package io.baton.cast.dlna;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link MediaFileServer}: Range parsing, and real requests on 127.0.0.1. */
final class MediaFileServerTest {

  @Test
  void parseRange_forms() {
    assertThat(MediaFileServer.parseRange(null, 100)).isNull();
    assertThat(MediaFileServer.parseRange("bytes=0-9", 100)).containsExactly(0, 9);
    assertThat(MediaFileServer.parseRange("bytes=90-", 100)).containsExactly(90, 99);
    assertThat(MediaFileServer.parseRange("bytes=90-500", 100)).containsExactly(90, 99);
    assertThat(MediaFileServer.parseRange("bytes=-10", 100)).containsExactly(90, 99);
    assertThat(MediaFileServer.parseRange("bytes=-500", 100)).containsExactly(0, 99);
    assertThat(MediaFileServer.parseRange("bytes=100-", 100)).isSameAs(MediaFileServer.UNSATISFIABLE);
    assertThat(MediaFileServer.parseRange("bytes=-0", 100)).isSameAs(MediaFileServer.UNSATISFIABLE);
    assertThat(MediaFileServer.parseRange("bytes=0-", 0)).isSameAs(MediaFileServer.UNSATISFIABLE);
    assertThat(MediaFileServer.parseRange("bytes=5-2", 100)).isNull();
    assertThat(MediaFileServer.parseRange("bytes=0-1,5-6", 100)).isNull();
    assertThat(MediaFileServer.parseRange("items=0-1", 100)).isNull();
    assertThat(MediaFileServer.parseRange("bytes=x-1", 100)).isNull();
  }

  @Test
  void publish_servesWholeRangeAndUnsatisfiable(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tone.wav");
    byte[] content = new byte[1000];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) i;
    }
    Files.write(file, content);
    HttpClient http = HttpClient.newHttpClient();
    try (MediaFileServer server = new MediaFileServer()) {
      URI url = server.publish(file, InetAddress.getLoopbackAddress());

      HttpResponse<byte[]> whole = http.send(HttpRequest.newBuilder(url).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      HttpResponse<byte[]> range = http.send(HttpRequest.newBuilder(url).header("Range", "bytes=10-19").build(),
          HttpResponse.BodyHandlers.ofByteArray());
      HttpResponse<byte[]> suffix = http.send(HttpRequest.newBuilder(url).header("Range", "bytes=-5").build(),
          HttpResponse.BodyHandlers.ofByteArray());
      HttpResponse<byte[]> beyond = http.send(HttpRequest.newBuilder(url).header("Range", "bytes=1000-").build(),
          HttpResponse.BodyHandlers.ofByteArray());
      HttpResponse<byte[]> unknown = http.send(HttpRequest.newBuilder(url.resolve("../0000/tone.wav")).build(),
          HttpResponse.BodyHandlers.ofByteArray());

      assertThat(whole.statusCode()).isEqualTo(200);
      assertThat(whole.body()).isEqualTo(content);
      assertThat(whole.headers().firstValue("Content-Type")).contains("audio/wav");
      assertThat(whole.headers().firstValue("Accept-Ranges")).contains("bytes");
      assertThat(range.statusCode()).isEqualTo(206);
      assertThat(range.headers().firstValue("Content-Range")).contains("bytes 10-19/1000");
      assertThat(range.body()).hasSize(10).startsWith((byte) 10);
      assertThat(suffix.statusCode()).isEqualTo(206);
      assertThat(suffix.headers().firstValue("Content-Range")).contains("bytes 995-999/1000");
      assertThat(beyond.statusCode()).isEqualTo(416);
      assertThat(beyond.headers().firstValue("Content-Range")).contains("bytes */1000");
      assertThat(unknown.statusCode()).isEqualTo(404);

      server.unpublish(url);
      assertThat(http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.discarding()).statusCode())
          .isEqualTo(404);
    }
  }
}
