package io.baton.cast.dlna;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.baton.api.Nullable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves local files to renderers over HTTP/1.1 with Range support, for casts of {@code file://} media.
 *
 * <p>Each published file gets an unguessable path ({@code /media/<128-bit token>/<name>}) on a server bound to the
 * local address the renderer reaches this host by; nothing else is served. Answers: 200 with the whole file, or 206
 * for one satisfiable range ({@code bytes=a-b}, {@code bytes=a-}, suffix {@code bytes=-n}), 416 with
 * {@code Content-Range: bytes * /size} for an unsatisfiable one; a malformed or multi-range header is ignored (200),
 * as RFC 9110 allows. Every answer has {@code Accept-Ranges}, an exact {@code Content-Length} and a content type.
 */
final class MediaFileServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MediaFileServer.class);
  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("mp3", "audio/mpeg"), Map.entry("wav", "audio/wav"), Map.entry("flac", "audio/flac"),
      Map.entry("ogg", "audio/ogg"), Map.entry("oga", "audio/ogg"), Map.entry("opus", "audio/ogg"),
      Map.entry("m4a", "audio/mp4"), Map.entry("aac", "audio/aac"), Map.entry("mp4", "video/mp4"),
      Map.entry("m4v", "video/mp4"), Map.entry("mkv", "video/x-matroska"), Map.entry("webm", "video/webm"),
      Map.entry("avi", "video/x-msvideo"), Map.entry("mov", "video/quicktime"), Map.entry("ts", "video/mp2t"));

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Path> files = new ConcurrentHashMap<>();
  private final Map<InetAddress, HttpServer> servers = new HashMap<>();
  private final ExecutorService executor;

  MediaFileServer() {
    AtomicInteger threads = new AtomicInteger();
    // Renderers open a few connections at once (GStreamer reconnects when it seeks); 8 threads serve them.
    executor = new ThreadPoolExecutor(8, 8, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(64), r -> {
      Thread t = new Thread(r, "baton-media-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    ((ThreadPoolExecutor) executor).allowCoreThreadTimeOut(true);
  }

  /** The content type Baton serves a file with, from its extension; {@code application/octet-stream} if unknown. */
  static String contentType(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    return TYPES.getOrDefault(ext, "application/octet-stream");
  }

  /**
   * Serves {@code file} on {@code address} until {@link #unpublish}.
   *
   * @return the URL a renderer fetches it by
   * @throws IOException if no server can listen on {@code address}
   */
  synchronized URI publish(Path file, InetAddress address) throws IOException {
    HttpServer server = servers.get(address);
    if (server == null) {
      server = HttpServer.create(new InetSocketAddress(address, 0), 32);
      server.createContext("/media/", this::handle);
      server.setExecutor(executor);
      server.start();
      servers.put(address, server);
      log.info("media file server on {}", server.getAddress());
    }
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    String token = HexFormat.of().formatHex(bytes);
    files.put(token, file);
    String host = address.getHostAddress().contains(":") ? "[" + address.getHostAddress() + "]"
        : address.getHostAddress();
    String name = URLEncoder.encode(file.getFileName().toString(), StandardCharsets.UTF_8).replace("+", "%20");
    return URI.create("http://" + host + ":" + server.getAddress().getPort() + "/media/" + token + "/" + name);
  }

  /** Stops serving what {@code url} (from {@link #publish}) names. */
  void unpublish(URI url) {
    String[] parts = url.getPath().split("/");
    if (parts.length >= 3) {
      files.remove(parts[2]);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String[] parts = exchange.getRequestURI().getPath().split("/");
      Path file = parts.length >= 3 ? files.get(parts[2]) : null;
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      if (file == null || !Files.isRegularFile(file)) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      long size = Files.size(file);
      exchange.getResponseHeaders().set("Content-Type", contentType(file));
      exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
      long[] range = parseRange(exchange.getRequestHeaders().getFirst("Range"), size);
      if (range == UNSATISFIABLE) {
        exchange.getResponseHeaders().set("Content-Range", "bytes */" + size);
        exchange.sendResponseHeaders(416, -1);
        return;
      }
      long start = range == null ? 0 : range[0];
      long length = range == null ? size : range[1] - range[0] + 1;
      if (range != null) {
        exchange.getResponseHeaders().set("Content-Range", "bytes " + range[0] + "-" + range[1] + "/" + size);
      }
      boolean head = method.equals("HEAD");
      exchange.getResponseHeaders().set("Content-Length", Long.toString(length));
      // -1 tells the server there is no body (HEAD); a zero-length GET also has none to send.
      exchange.sendResponseHeaders(range == null ? 200 : 206, head || length == 0 ? -1 : length);
      if (!head && length > 0) {
        copy(file, start, length, exchange.getResponseBody());
      }
    } catch (IOException e) {
      // Renderers drop connections mid-body when they seek; that is normal.
      log.debug("media request {} ended early: {}", exchange.getRequestURI(), e.toString());
    }
  }

  private static void copy(Path file, long start, long length, OutputStream out) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      in.skipNBytes(start);
      byte[] buffer = new byte[64 * 1024];
      long left = length;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          break;
        }
        out.write(buffer, 0, n);
        left -= n;
      }
    }
  }

  /** Returned by {@link #parseRange} for a range that cannot be satisfied (answer 416). */
  static final long[] UNSATISFIABLE = new long[0];

  /**
   * The byte range {@code [first, last]} that a {@code Range} header asks for in a resource of {@code size} bytes;
   * null to serve the whole resource (no header, not a bytes range, several ranges, malformed);
   * {@link #UNSATISFIABLE} when the one range asked for lies beyond the end.
   */
  static long @Nullable [] parseRange(@Nullable String header, long size) {
    if (header == null) {
      return null;
    }
    String value = header.trim();
    if (!value.regionMatches(true, 0, "bytes=", 0, 6)) {
      return null;
    }
    String spec = value.substring(6).trim();
    if (spec.isEmpty() || spec.contains(",")) {
      return null;
    }
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    String first = spec.substring(0, dash).trim();
    String last = spec.substring(dash + 1).trim();
    try {
      if (first.isEmpty()) {
        if (last.isEmpty()) {
          return null;
        }
        long suffix = Long.parseLong(last);
        if (suffix < 0) {
          return null;
        }
        if (suffix == 0 || size == 0) {
          return UNSATISFIABLE;
        }
        return new long[] {Math.max(0, size - suffix), size - 1};
      }
      long start = Long.parseLong(first);
      if (start < 0) {
        return null;
      }
      long end = last.isEmpty() ? Long.MAX_VALUE : Long.parseLong(last);
      if (end < start) {
        return null;
      }
      if (start >= size) {
        return UNSATISFIABLE;
      }
      return new long[] {start, Math.min(end, size - 1)};
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public synchronized void close() {
    servers.values().forEach(server -> server.stop(0));
    servers.clear();
    files.clear();
    executor.shutdownNow();
  }
}
