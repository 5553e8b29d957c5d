package io.baton.cast.dlna;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import org.jupnp.model.message.Connection;
import org.jupnp.transport.Router;
import org.jupnp.transport.impl.HttpExchangeUpnpStream;
import org.jupnp.transport.spi.InitializationException;
import org.jupnp.transport.spi.StreamServer;
import org.jupnp.transport.spi.StreamServerConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jUPnP's HTTP server (where renderers send GENA event notifications), on the JDK's {@link HttpServer} instead of a
 * Jetty 9.4 servlet container. jUPnP's own {@link HttpExchangeUpnpStream} turns each exchange into a UPnP message.
 */
final class JdkStreamServer implements StreamServer<StreamServerConfiguration> {
  private static final Logger log = LoggerFactory.getLogger(JdkStreamServer.class);

  private final StreamServerConfiguration configuration;
  private final ExecutorService executor;
  private HttpServer server;

  /** A server on {@code port} (0: an ephemeral port) whose exchanges run on {@code executor}. */
  JdkStreamServer(int port, ExecutorService executor) {
    this.configuration = () -> port;
    this.executor = executor;
  }

  @Override
  public synchronized void init(InetAddress bindAddress, Router router) throws InitializationException {
    try {
      server = HttpServer.create(new InetSocketAddress(bindAddress, configuration.getListenPort()), 64);
    } catch (IOException e) {
      throw new InitializationException("cannot listen on " + bindAddress + ": " + e.getMessage(), e);
    }
    server.createContext("/", exchange -> {
      try {
        new ExchangeStream(router, exchange).run();
      } finally {
        exchange.close();
      }
    });
    server.setExecutor(executor);
    log.debug("GENA callback server on {}", server.getAddress());
  }

  @Override
  public synchronized int getPort() {
    return server.getAddress().getPort();
  }

  @Override
  public synchronized void run() {
    server.start();
  }

  @Override
  public synchronized void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Override
  public StreamServerConfiguration getConfiguration() {
    return configuration;
  }

  private static final class ExchangeStream extends HttpExchangeUpnpStream {
    ExchangeStream(Router router, HttpExchange exchange) {
      super(router.getProtocolFactory(), exchange);
    }

    @Override
    protected Connection createConnection() {
      HttpExchange exchange = getHttpExchange();
      return new Connection() {
        @Override
        public boolean isOpen() {
          return true;
        }

        @Override
        public InetAddress getRemoteAddress() {
          return exchange.getRemoteAddress().getAddress();
        }

        @Override
        public InetAddress getLocalAddress() {
          return exchange.getLocalAddress().getAddress();
        }
      };
    }
  }
}
