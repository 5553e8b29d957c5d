package io.baton.cast.dlna;

import io.baton.api.Nullable;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.jupnp.model.ServerClientTokens;
import org.jupnp.model.message.StreamRequestMessage;
import org.jupnp.model.message.StreamResponseMessage;
import org.jupnp.model.message.UpnpHeaders;
import org.jupnp.model.message.UpnpMessage;
import org.jupnp.model.message.UpnpRequest;
import org.jupnp.model.message.UpnpResponse;
import org.jupnp.transport.spi.StreamClient;
import org.jupnp.transport.spi.StreamClientConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jUPnP's HTTP client, on the JDK's {@link HttpClient} instead of Jetty 9.4 (whose packages clash with the Jetty 12 of
 * Baton's web UI in the same JVM).
 *
 * <p>The request runs on the calling thread, so the thread that invokes an action (see {@link Renderer}) can read
 * why a request failed from {@link #lastFailure()}: jUPnP itself only reports "no response".
 */
final class JdkStreamClient implements StreamClient<StreamClientConfiguration> {
  private static final Logger log = LoggerFactory.getLogger(JdkStreamClient.class);

  /** Headers the JDK client sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

  private static final ThreadLocal<IOException> LAST_FAILURE = new ThreadLocal<>();

  private final HttpClient http;
  private final Duration timeout;
  private final StreamClientConfiguration configuration;

  /**
   * A client whose requests time out after {@code timeout} (connect and answer).
   *
   * @param executor jUPnP's executor, reported in the configuration (requests run on the calling thread)
   */
  JdkStreamClient(ExecutorService executor, Duration timeout) {
    this.timeout = timeout;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        // Not jUPnP's executor: the client's internal tasks must never queue behind the threads blocked in send().
        .build();
    int timeoutSeconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
    this.configuration = new StreamClientConfiguration() {
      @Override
      public ExecutorService getRequestExecutorService() {
        return executor;
      }

      @Override
      public int getTimeoutSeconds() {
        return timeoutSeconds;
      }

      @Override
      public int getLogWarningSeconds() {
        return 0;
      }

      @Override
      public int getRetryAfterSeconds() {
        return 0;
      }

      @Override
      public int getRetryIterations() {
        return 0;
      }

      @Override
      public String getUserAgentValue(int majorVersion, int minorVersion) {
        return new ServerClientTokens(majorVersion, minorVersion).toString();
      }
    };
  }

  /** Why the last request made on this thread got no response, or null when it got one. */
  static @Nullable IOException lastFailure() {
    return LAST_FAILURE.get();
  }

  @Override
  public StreamResponseMessage sendRequest(StreamRequestMessage message) throws InterruptedException {
    LAST_FAILURE.remove();
    UpnpRequest operation = message.getOperation();
    HttpRequest.Builder request = HttpRequest.newBuilder(operation.getURI()).timeout(timeout);
    byte[] body = body(message);
    request.method(operation.getHttpMethodName(),
        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    boolean userAgent = false;
    for (Map.Entry<String, List<String>> header : message.getHeaders().entrySet()) {
      String name = header.getKey();
      if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
        continue;
      }
      userAgent |= name.equalsIgnoreCase("User-Agent");
      for (String value : header.getValue()) {
        request.header(name, value);
      }
    }
    if (!userAgent) {
      request.header("User-Agent", configuration.getUserAgentValue(1,
          operation.getHttpMinorVersion()));
    }
    HttpResponse<byte[]> response;
    HttpRequest built = request.build();
    try {
      try {
        response = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        if (e instanceof java.net.http.HttpTimeoutException || CastErrors.isUnreachable(e)) {
          throw e;
        }
        // A pooled connection the renderer had closed (libupnp closes after each answer): once more, fresh.
        log.debug("{} {} broke ({}); retrying once", operation.getHttpMethodName(), operation.getURI(), e.toString());
        response = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
      }
    } catch (IOException e) {
      log.debug("{} {} failed: {}", operation.getHttpMethodName(), operation.getURI(), e.toString());
      LAST_FAILURE.set(e);
      return null;
    }
    UpnpResponse.Status status = UpnpResponse.Status.getByStatusCode(response.statusCode());
    StreamResponseMessage result = new StreamResponseMessage(
        new UpnpResponse(response.statusCode(), status == null ? "" : status.getStatusMsg()));
    UpnpHeaders headers = new UpnpHeaders();
    response.headers().map().forEach((name, values) -> values.forEach(value -> headers.add(name, value)));
    result.setHeaders(headers);
    byte[] bytes = response.body();
    if (bytes != null && bytes.length > 0) {
      if (result.isContentTypeMissingOrText()) {
        result.setBodyCharacters(bytes);
      } else {
        result.setBody(UpnpMessage.BodyType.BYTES, bytes);
      }
    }
    return result;
  }

  private static byte @Nullable [] body(StreamRequestMessage message) {
    if (!message.hasBody()) {
      return null;
    }
    if (message.getBodyType() == UpnpMessage.BodyType.STRING) {
      return message.getBodyString().getBytes(StandardCharsets.UTF_8);
    }
    return message.getBodyBytes();
  }

  @Override
  public void stop() {
    // HttpClient has no close() on Java 17; its threads belong to jUPnP's executor, which the service shuts down.
  }

  @Override
  public StreamClientConfiguration getConfiguration() {
    return configuration;
  }
}
