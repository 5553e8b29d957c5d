package io.baton.cast.dlna;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A media server for the cast integration tests, run inside the test's network namespace: serves the files named on
 * the command line with Baton's own Range-capable {@link MediaFileServer}, plus a port that accepts connections and
 * never answers (for timeouts). Prints {@code URL <file name> <url>} per file and {@code SILENT <url>}, then
 * {@code READY}; runs until its standard input closes.
 *
 * <p>Usage: {@code TestMediaServerMain ADDRESS FILE...}
 */
public final class TestMediaServerMain {
  private TestMediaServerMain() {}

  public static void main(String[] args) throws Exception {
    InetAddress address = InetAddress.getByName(args[0]);
    try (MediaFileServer server = new MediaFileServer();
        ServerSocket silent = new ServerSocket()) {
      for (int i = 1; i < args.length; i++) {
        Path file = Path.of(args[i]).toAbsolutePath();
        URI url = server.publish(file, address);
        System.out.println("URL " + file.getFileName() + " " + url);
      }
      silent.bind(new InetSocketAddress(address, 0));
      List<Socket> held = new ArrayList<>();
      Thread acceptor = new Thread(() -> {
        while (!silent.isClosed()) {
          try {
            // Held open, never read or answered: the client's request times out.
            held.add(silent.accept());
          } catch (Exception e) {
            return;
          }
        }
      }, "silent-acceptor");
      acceptor.setDaemon(true);
      acceptor.start();
      System.out.println("SILENT http://" + address.getHostAddress() + ":" + silent.getLocalPort() + "/tone.wav");
      System.out.println("READY");
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      while (in.readLine() != null) {
        // Runs until the test closes stdin.
      }
    }
  }
}
