package io.baton.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hand-written HTTP/2 client on a raw Unix socket, for tests that must break the rules a real gRPC client keeps:
 * it writes whatever bytes or frames a test asks for, ignores the peer's limits, and counts the frames the daemon
 * sends back (on its own reader thread) until the daemon closes the connection.
 *
 * <p>Request headers use only HPACK's static table and literals without indexing, so every header block stands
 * alone and can be sent on any stream in any order.
 */
final class RawHttp2Connection implements AutoCloseable {
  static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
  static final int DATA = 0x0;
  static final int HEADERS = 0x1;
  static final int RST_STREAM = 0x3;
  static final int SETTINGS = 0x4;
  static final int GOAWAY = 0x7;
  static final int WINDOW_UPDATE = 0x8;
  static final int FLAG_ACK = 0x1;
  static final int FLAG_END_HEADERS = 0x4;
  static final int SETTINGS_MAX_CONCURRENT_STREAMS = 0x3;
  static final int REFUSED_STREAM = 0x7;

  private final SocketChannel channel;
  private final Thread reader;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final CountDownLatch settingsReceived = new CountDownLatch(1);
  private final AtomicLong bytesReceived = new AtomicLong();
  private final ConcurrentHashMap<Integer, AtomicInteger> framesByType = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Integer, Integer> resetStreams = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Integer, Boolean> streamsWithData = new ConcurrentHashMap<>();
  private volatile long maxConcurrentStreams = -1;
  private volatile int goAwayError = -1;
  private volatile boolean framing = true;

  private RawHttp2Connection(Path socket) throws IOException {
    channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    channel.connect(UnixDomainSocketAddress.of(socket));
    reader = new Thread(this::readFrames, "raw-http2-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** A connection to the daemon's socket; nothing is sent yet. */
  static RawHttp2Connection open(Path socket) throws IOException {
    return new RawHttp2Connection(socket);
  }

  /** Sends the client preface and an empty SETTINGS frame, waits for the daemon's SETTINGS and acknowledges them. */
  void handshake(Duration timeout) throws IOException, InterruptedException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(PREFACE);
    frame(out, SETTINGS, 0, 0, new byte[0]);
    // A large connection window, so that the daemon never waits for us to grant more.
    frame(out, WINDOW_UPDATE, 0, 0, ByteBuffer.allocate(4).putInt(1 << 30).array());
    write(out.toByteArray());
    if (!settingsReceived.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("no SETTINGS from the daemon within " + timeout);
    }
    ByteArrayOutputStream ack = new ByteArrayOutputStream();
    frame(ack, SETTINGS, FLAG_ACK, 0, new byte[0]);
    write(ack.toByteArray());
  }

  /** Writes {@code bytes} as they are (the reader stops parsing frames: the daemon may answer anything). */
  void writeRaw(byte[] bytes) throws IOException {
    framing = false;
    write(bytes);
  }

  synchronized void write(byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /** The HEADERS frame that starts a call of {@code path} (for example {@code /baton.v1.SessionService/Connect}). */
  static void startCall(ByteArrayOutputStream out, int streamId, String path) {
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    block.write(0x83); // :method POST (static index 3)
    block.write(0x86); // :scheme http (static index 6)
    literal(block, 4, path); // :path
    literal(block, 1, "localhost"); // :authority
    literal(block, 31, "application/grpc"); // content-type
    block.write(0x00); // te: trailers, literal name
    string(block, "te");
    string(block, "trailers");
    frame(out, HEADERS, FLAG_END_HEADERS, streamId, block.toByteArray());
  }

  /** A DATA frame carrying one gRPC message (not compressed), leaving the stream open. */
  static void message(ByteArrayOutputStream out, int streamId, byte[] message) {
    ByteBuffer payload = ByteBuffer.allocate(5 + message.length);
    payload.put((byte) 0).putInt(message.length).put(message);
    frame(out, DATA, 0, streamId, payload.array());
  }

  static void frame(ByteArrayOutputStream out, int type, int flags, int streamId, byte[] payload) {
    out.write(payload.length >>> 16);
    out.write(payload.length >>> 8);
    out.write(payload.length);
    out.write(type);
    out.write(flags);
    out.writeBytes(ByteBuffer.allocate(4).putInt(streamId & 0x7fffffff).array());
    out.writeBytes(payload);
  }

  /** A literal header field without indexing whose name is static-table entry {@code nameIndex}. */
  private static void literal(ByteArrayOutputStream block, int nameIndex, String value) {
    // 4-bit prefix integer (RFC 7541 §5.1), pattern 0000.
    if (nameIndex < 15) {
      block.write(nameIndex);
    } else {
      block.write(0x0f);
      block.write(nameIndex - 15);
    }
    string(block, value);
  }

  private static void string(ByteArrayOutputStream block, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
    if (bytes.length >= 127) {
      throw new IllegalArgumentException("header value too long for this encoder: " + value);
    }
    block.write(bytes.length); // no Huffman coding, 7-bit length
    block.writeBytes(bytes);
  }

  private void readFrames() {
    ByteBuffer header = ByteBuffer.allocate(9);
    try {
      while (true) {
        header.clear();
        if (!readFully(header)) {
          return;
        }
        header.flip();
        int length = ((header.get() & 0xff) << 16) | ((header.get() & 0xff) << 8) | (header.get() & 0xff);
        int type = header.get() & 0xff;
        int flags = header.get() & 0xff;
        int streamId = header.getInt() & 0x7fffffff;
        ByteBuffer payload = ByteBuffer.allocate(length);
        if (!readFully(payload)) {
          return;
        }
        payload.flip();
        if (!framing) {
          continue; // after garbage, the rest is only counted as bytes
        }
        framesByType.computeIfAbsent(type, t -> new AtomicInteger()).incrementAndGet();
        if (type == SETTINGS && (flags & FLAG_ACK) == 0) {
          while (payload.remaining() >= 6) {
            int id = payload.getShort() & 0xffff;
            long value = payload.getInt() & 0xffffffffL;
            if (id == SETTINGS_MAX_CONCURRENT_STREAMS) {
              maxConcurrentStreams = value;
            }
          }
          settingsReceived.countDown();
        } else if (type == RST_STREAM && length == 4) {
          resetStreams.put(streamId, payload.getInt());
        } else if (type == DATA && length > 0) {
          streamsWithData.put(streamId, true);
        } else if (type == GOAWAY && length >= 8) {
          payload.getInt();
          goAwayError = payload.getInt();
        }
      }
    } catch (IOException e) {
      // The daemon closed or reset the connection.
    } finally {
      closed.countDown();
    }
  }

  private boolean readFully(ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer);
      if (n < 0) {
        return false;
      }
      bytesReceived.addAndGet(n);
    }
    return true;
  }

  /** Whether the daemon closed the connection within {@code timeout}. */
  boolean awaitClosedByDaemon(Duration timeout) throws InterruptedException {
    return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  boolean isClosed() {
    return closed.getCount() == 0;
  }

  /** The daemon's {@code SETTINGS_MAX_CONCURRENT_STREAMS}, or -1 when it sent none. */
  long maxConcurrentStreams() {
    return maxConcurrentStreams;
  }

  /** The error code of the daemon's GOAWAY, or -1 when it sent none. */
  int goAwayError() {
    return goAwayError;
  }

  int frames(int type) {
    AtomicInteger n = framesByType.get(type);
    return n == null ? 0 : n.get();
  }

  /** Streams the daemon reset, with their error codes. */
  java.util.Map<Integer, Integer> resetStreams() {
    return resetStreams;
  }

  /** Streams on which the daemon sent data (for a Connect stream: the Welcome). */
  int streamsWithData() {
    return streamsWithData.size();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    channel.close();
    reader.join(TimeUnit.SECONDS.toMillis(5));
  }
}
