package io.baton.web;

import io.baton.api.AVControlCommand;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.Nullable;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web control center: a page, served by the daemon's JVM, that shows every session live and controls them.
 *
 * <pre>{@code
 * try (WebBridge web = WebBridge.start(daemon.socket(), WebOptions.defaults())) {
 *   System.out.println("baton web ready on " + web.url());
 * }
 * }</pre>
 *
 * <h2>What it serves</h2>
 * {@code /} the page (plain HTML, CSS and JavaScript modules from the class path under {@code /static/}); {@code
 * /api/events} Server-Sent Events ({@code hello}, {@code status}, {@code session} with a session's card, {@code
 * remove}, {@code devices} with the devices panel); {@code POST /api/sessions/{id}/commands} a control command
 * ({@link WebCommands}); {@code POST} and {@code DELETE /api/sessions/{id}/cast} "cast to" and "stop casting"
 * ({@link WebCast}); {@code GET
 * /api/sessions}, {@code /api/history}, {@code /api/health}, {@code /api/devices} and {@code
 * /api/sessions/{id}/artwork}. Errors are {@code {"error":{"code","message","detail","hint"}}} ({@link ErrorHints}).
 *
 * <h2>Security</h2>
 * Every request needs the {@linkplain AccessToken token} (401 without one, 403 with a wrong one). A non-loopback
 * address is served over HTTPS only ({@link WebOptions}). Responses carry a strict Content-Security-Policy (no
 * script or style from anywhere but the daemon) and {@code Referrer-Policy: no-referrer}; commands must be
 * {@code application/json}, which a cross-site form cannot send.
 *
 * <h2>Lifecycle and threading</h2>
 * {@link #start} binds the port and returns; the connection to the daemon is made when the page is first opened
 * (see {@link SessionHub}). HTTP requests run on Jetty's pool ({@value #MAX_HTTP_THREADS} threads at most); each event
 * stream is written by the thread serving it. {@link #close()} ends the streams, stops the server and closes the
 * daemon connections; it is idempotent.
 */
public final class WebBridge implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebBridge.class);

  /** The header with which the page names its event stream when it sends a command. */
  static final String CONNECTION_HEADER = "X-Baton-Connection";
  static final int MAX_HTTP_THREADS = 64;
  private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data: http: https:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
      + "frame-ancestors 'none'; form-action 'none'";

  private final WebOptions options;
  private final AccessToken token;
  private final SessionHub hub;
  private final StaticAssets assets;
  private final Javalin app;
  private final int port;
  private volatile boolean closed;

  private WebBridge(Path daemonSocket, WebOptions options) throws IOException {
    this.options = options;
    this.token = AccessToken.random();
    this.assets = StaticAssets.load();
    this.hub = new SessionHub(daemonSocket, options, System::currentTimeMillis);
    this.app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      QueuedThreadPool pool = new QueuedThreadPool(MAX_HTTP_THREADS, 2);
      pool.setName("baton-web-http");
      pool.setDaemon(true);
      config.jetty.threadPool = pool;
      config.jetty.addConnector(this::connector);
      config.routes.before(this::authorize);
      config.routes.exception(AVSessionException.class, (e, ctx) -> sendError(ctx, e));
      config.routes.exception(AuthenticationFailure.class, (e, ctx) -> refuse(ctx, e));
      config.routes.get("/", this::page);
      config.routes.get("/static/{file}", this::asset);
      config.routes.sse("/api/events", this::events);
      config.routes.get("/api/sessions", ctx -> respond(ctx, hub.cardsJson()));
      config.routes.post("/api/sessions/{id}/commands", this::command);
      config.routes.get("/api/sessions/{id}/artwork", this::artwork);
      config.routes.get("/api/history", ctx -> respond(ctx, hub.historyJson()));
      config.routes.get("/api/health", ctx -> respond(ctx, hub.healthJson()));
      config.routes.get("/api/devices", ctx -> respond(ctx, hub.devicesJson()));
      config.routes.post("/api/sessions/{id}/cast", this::castTo);
      config.routes.delete("/api/sessions/{id}/cast", this::stopCasting);
      config.routes.post("/api/sessions/{id}/move", this::move);
    });
    try {
      app.start();
    } catch (RuntimeException e) {
      app.stop();
      hub.close();
      if (hasCause(e, BindException.class)) {
        throw new BindException(options.host() + ":" + options.port() + " is already in use");
      }
      throw new IOException("cannot serve the web control center on " + options.host() + ":" + options.port()
          + ": " + e.getMessage(), e);
    }
    Server server = app.jettyServer().server();
    this.port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    log.info("web control center listening on {}://{}:{}", scheme(), options.host(), port);
  }

  /**
   * Serves the web control center for the daemon on {@code daemonSocket}.
   *
   * @throws BindException when the address is in use
   * @throws IOException when the server cannot start otherwise (for example an unreadable key store)
   */
  public static WebBridge start(Path daemonSocket, WebOptions options) throws IOException {
    Objects.requireNonNull(daemonSocket, "daemonSocket");
    Objects.requireNonNull(options, "options");
    return new WebBridge(daemonSocket, options);
  }

  /** The address to open: {@code http(s)://HOST:PORT/?token=…}, with the port actually bound. */
  public String url() {
    return baseUrl() + "?" + AccessToken.QUERY_PARAMETER + "=" + token.value();
  }

  /** The page's address without the token. */
  public String baseUrl() {
    return scheme() + "://" + hostForUrl(options.host()) + ":" + port + "/";
  }

  /** The port bound (the one asked for, or the one picked for port 0). */
  public int port() {
    return port;
  }

  /** Stops serving and disconnects from the daemon. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    hub.close();
    app.stop();
    log.info("web control center stopped");
  }

  private String scheme() {
    return options.https() ? "https" : "http";
  }

  private static String hostForUrl(String host) {
    try {
      if (InetAddress.getByName(host) instanceof Inet6Address && host.contains(":")) {
        return "[" + host + "]";
      }
    } catch (IOException e) {
      // Not resolvable here: print it as given.
    }
    return host;
  }

  private ServerConnector connector(Server server, HttpConfiguration http) {
    http.setSendServerVersion(false);
    ServerConnector connector;
    if (options.https()) {
      // An IP address has no SNI host name to check against the certificate.
      http.addCustomizer(new SecureRequestCustomizer(/* sniRequired= */ false, /* sniHostCheck= */ false,
          /* stsMaxAgeSeconds= */ -1, /* stsIncludeSubdomains= */ false));
      SslContextFactory.Server tls = new SslContextFactory.Server();
      tls.setKeyStorePath(Objects.requireNonNull(options.keyStore()).toString());
      String password = new String(options.keyStorePassword());
      tls.setKeyStorePassword(password);
      tls.setKeyManagerPassword(password);
      connector = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(http));
    } else {
      connector = new ServerConnector(server, new HttpConnectionFactory(http));
    }
    connector.setHost(options.host());
    connector.setPort(options.port());
    return connector;
  }

  // ---- Request handling

  /** Thrown by {@link #authorize} to end a request without the token. */
  private static final class AuthenticationFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    AuthenticationFailure(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  private void authorize(Context ctx) {
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Cache-Control", "no-store");
    String cookie = ctx.cookie(AccessToken.COOKIE);
    String query = ctx.queryParam(AccessToken.QUERY_PARAMETER);
    switch (token.check(ctx.header("Authorization"), cookie, query)) {
      case ACCEPTED:
        if (query != null && !token.matches(cookie) && token.matches(query)) {
          ctx.header("Set-Cookie", token.setCookieHeader(options.https()));
        }
        return;
      case MISSING:
        throw new AuthenticationFailure(401, "This page needs its access token. Open the address that "
            + "baton daemon printed (\"baton web ready on …?token=…\"), or send \"Authorization: Bearer <token>\".");
      default:
        throw new AuthenticationFailure(403, "Wrong access token. The token changes every time the daemon starts: "
            + "open the address it printed last (\"baton web ready on …?token=…\").");
    }
  }

  private void refuse(Context ctx, AuthenticationFailure failure) {
    if (failure.status == 401) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"baton\"");
    }
    ctx.status(failure.status).contentType("text/plain; charset=utf-8")
        .result("Baton web control center: " + failure.getMessage() + "\n");
  }

  private void page(Context ctx) {
    if (ctx.queryParam(AccessToken.QUERY_PARAMETER) != null) {
      // The cookie is set now: drop the token from the address bar and the browser history.
      ctx.redirect("/", io.javalin.http.HttpStatus.SEE_OTHER);
      return;
    }
    StaticAssets.Asset index = Objects.requireNonNull(assets.get("index.html"));
    ctx.contentType(index.contentType()).result(index.bytes());
  }

  private void asset(Context ctx) {
    StaticAssets.Asset asset = assets.get(ctx.pathParam("file"));
    if (asset == null) {
      ctx.status(404).contentType("text/plain; charset=utf-8").result("no such file\n");
      return;
    }
    ctx.contentType(asset.contentType()).result(asset.bytes());
  }

  private void artwork(Context ctx) {
    byte[] image = hub.artwork(ctx.pathParam("id"));
    if (image == null) {
      ctx.status(404).contentType("text/plain; charset=utf-8").result("no artwork\n");
      return;
    }
    ctx.contentType(imageType(image)).result(image);
  }

  /** The image type of {@code bytes}, from their magic number; apps publish PNG or JPEG. */
  static String imageType(byte[] bytes) {
    if (bytes.length > 3 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G') {
      return "image/png";
    }
    if (bytes.length > 2 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8) {
      return "image/jpeg";
    }
    if (bytes.length > 3 && bytes[0] == 'G' && bytes[1] == 'I' && bytes[2] == 'F') {
      return "image/gif";
    }
    if (bytes.length > 11 && bytes[8] == 'W' && bytes[9] == 'E' && bytes[10] == 'B' && bytes[11] == 'P') {
      return "image/webp";
    }
    return "application/octet-stream";
  }

  private void events(SseClient client) {
    if (closed) {
      return;
    }
    BrowserStream stream = hub.openStream();
    if (stream == null) {
      client.sendEvent("failure", WebJson.write(ErrorHints.json(new AVSessionException(
          AVSessionErrorCode.SERVICE_EXCEPTION, "too many browsers connected (" + SessionHub.MAX_BROWSERS + ")"))));
      return;
    }
    client.onClose(stream::close);
    try {
      stream.run(new BrowserStream.Sink() {
        @Override
        public void send(String event, String data) throws IOException {
          client.sendEvent(event, data);
          if (client.terminated()) {
            throw new IOException("browser gone");
          }
        }

        @Override
        public void comment(String text) throws IOException {
          client.sendComment(text);
          if (client.terminated()) {
            throw new IOException("browser gone");
          }
        }

        @Override
        public boolean isClosed() {
          return client.terminated() || closed;
        }
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      hub.closeStream(stream);
    }
  }

  private void command(Context ctx) {
    requireJson(ctx);
    AVControlCommand command = WebCommands.parse(ctx.body());
    Integer connection = parseConnection(ctx.header(CONNECTION_HEADER));
    String sessionId = ctx.pathParam("id");
    respond(ctx, hub.send(connection, sessionId, command).thenApply(v -> "{\"ok\":true}"));
  }

  private void castTo(Context ctx) {
    requireJson(ctx);
    String sessionId = WebCast.sessionId(ctx.pathParam("id"));
    WebCast.Request request = WebCast.parse(ctx.body());
    Integer connection = parseConnection(ctx.header(CONNECTION_HEADER));
    respond(ctx, hub.castTo(connection, sessionId, request).thenApply(v -> WebJson.write(WebJson.object()
        .put("ok", true).put("sessionId", sessionId).put("deviceId", request.deviceId()))));
  }

  private void stopCasting(Context ctx) {
    String sessionId = WebCast.sessionId(ctx.pathParam("id"));
    Integer connection = parseConnection(ctx.header(CONNECTION_HEADER));
    respond(ctx, hub.stopCasting(connection, sessionId).thenApply(v -> "{\"ok\":true}"));
  }

  private void move(Context ctx) {
    requireJson(ctx);
    String sessionId = WebCast.sessionId(ctx.pathParam("id"));
    String device;
    try {
      com.fasterxml.jackson.databind.JsonNode body = WebJson.MAPPER.readTree(ctx.body());
      if (body == null || !body.isObject() || body.size() != 1 || !body.path("device").isTextual()) {
        throw new AVSessionException(AVSessionErrorCode.INVALID_PARAMETER,
            "body must be {\"device\": \"<paired device id>\" | \"local\"}");
      }
      device = body.get("device").asText();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AVSessionException(AVSessionErrorCode.INVALID_PARAMETER, "body is not JSON: " + e.getOriginalMessage());
    }
    Integer connection = parseConnection(ctx.header(CONNECTION_HEADER));
    respond(ctx, hub.move(connection, sessionId, device).thenApply(v -> WebJson.write(WebJson.object()
        .put("ok", true).put("sessionId", sessionId).put("device", device))));
  }

  /** Requests with a body must be JSON: a cross-site form cannot send that without the page's consent (CORS). */
  private static void requireJson(Context ctx) {
    String contentType = ctx.contentType();
    if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw new AVSessionException(AVSessionErrorCode.INVALID_PARAMETER,
          "Content-Type must be application/json, was " + contentType);
    }
  }

  private static @Nullable Integer parseConnection(@Nullable String header) {
    if (header == null) {
      return null;
    }
    try {
      return Integer.valueOf(header.trim());
    } catch (NumberFormatException e) {
      throw new AVSessionException(AVSessionErrorCode.INVALID_PARAMETER,
          CONNECTION_HEADER + " must be the connection number of the page's event stream, was '" + header + "'");
    }
  }

  /** Answers with the JSON {@code body} will hold, or with the error it fails with. */
  private static void respond(Context ctx, CompletableFuture<String> body) {
    ctx.future(() -> body.handle((json, error) -> {
      if (error != null) {
        sendError(ctx, AVSessionException.fromThrowable(error));
      } else {
        ctx.contentType("application/json").result(json);
      }
      return null;
    }));
  }

  private static void sendError(Context ctx, AVSessionException error) {
    ctx.status(ErrorHints.httpStatus(error.errorCode()))
        .contentType("application/json")
        .result(WebJson.write(ErrorHints.json(error)));
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }
}
