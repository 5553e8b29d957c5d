package io.baton.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Tests for {@link BrowserStream}. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BrowserStreamTest {
  /** Records what is written; blocks every write until released, like a browser that stopped reading. */
  private static final class RecordingSink implements BrowserStream.Sink {
    final List<String> events = new ArrayList<>();
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean blockWrites;

    @Override
    public void send(String event, String data) throws IOException {
      if (blockWrites) {
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new IOException(e);
        }
      }
      synchronized (events) {
        events.add(event + ":" + data);
      }
    }

    @Override
    public void comment(String text) {}

    @Override
    public boolean isClosed() {
      return false;
    }

    List<String> events() {
      synchronized (events) {
        return List.copyOf(events);
      }
    }
  }

  @Test
  void offer_whileTheBrowserIsStuck_keepsOnlyTheLatestStatePerKey() throws Exception {
    BrowserStream stream = new BrowserStream(1);
    RecordingSink sink = new RecordingSink();
    sink.blockWrites = true;
    Thread writer = new Thread(() -> {
      try {
        stream.run(sink);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    stream.offer("first", "session", "stuck");
    writer.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> stream.pending() == 0); // "stuck" is being written.

    for (int i = 0; i < 10_000; i++) {
      stream.offer("session:A", "session", "a" + i);
      stream.offer("session:B", "session", "b" + i);
    }
    stream.offer("session:B", "remove", "gone");

    assertThat(stream.pending()).isEqualTo(2);
    assertThat(stream.coalesced()).isEqualTo(2 * 9_999 + 1);
    sink.blockWrites = false;
    sink.release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> sink.events().size() == 3);
    assertThat(sink.events()).containsExactly("session:stuck", "session:a9999", "remove:gone");
    stream.close();
    writer.join(5000);
    assertThat(writer.isAlive()).isFalse();
  }

  @Test
  void offer_beyondTheBound_closesTheStream() {
    BrowserStream stream = new BrowserStream(2);

    for (int i = 0; i <= BrowserStream.MAX_PENDING; i++) {
      stream.offer("session:" + i, "session", "x");
    }

    assertThat(stream.isClosed()).isTrue();
    assertThat(stream.pending()).isZero();
  }

  @Test
  void run_sinkFails_endsAndClosesTheStream() throws Exception {
    BrowserStream stream = new BrowserStream(3);
    stream.offer("k", "session", "x");

    stream.run(new BrowserStream.Sink() {
      @Override
      public void send(String event, String data) throws IOException {
        throw new IOException("browser gone");
      }

      @Override
      public void comment(String text) {}

      @Override
      public boolean isClosed() {
        return false;
      }
    });

    assertThat(stream.isClosed()).isTrue();
  }
}
