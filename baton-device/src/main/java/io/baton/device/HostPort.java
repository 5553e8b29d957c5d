package io.baton.device;

import io.baton.api.AVSessionException;
import io.baton.service.session.Validation;

/**
 * A "host:port" address of a device listener ({@code [::1]:7001} for IPv6 literals).
 *
 * @param host a host name or IP literal (without brackets)
 * @param port 1 to 65535 (0 allowed only for listening on any free port)
 */
public record HostPort(String host, int port) {

  /**
   * Parses {@code text}.
   *
   * @throws AVSessionException 401 when it is not host:port with a port from 0 to 65535
   */
  public static HostPort parse(String text) {
    String t = text == null ? "" : text.trim();
    int colon = t.lastIndexOf(':');
    if (colon <= 0 || colon == t.length() - 1) {
      throw invalid(text);
    }
    String host = t.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(t.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw invalid(text);
    }
    if (host.isEmpty() || host.contains(" ") || port < 0 || port > 65535) {
      throw invalid(text);
    }
    return new HostPort(host, port);
  }

  private static AVSessionException invalid(String text) {
    return Validation.invalid("address", "must be HOST:PORT with a port from 0 to 65535, was '" + text + "'");
  }

  @Override
  public String toString() {
    return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
  }
}
