package io.baton.web;

import io.baton.api.Nullable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The page's files (HTML, CSS, JavaScript modules, SVG), read once from the class path: the daemon serves every asset
 * itself, so the page works on a machine without internet access.
 */
/* package */ final class StaticAssets {
  /** The files under {@code /io/baton/web/static/}, as the page requests them under {@code /static/}. */
  static final List<String> FILES = List.of(
      "index.html", "app.css", "app.js", "position.js", "api.js", "render.js", "placeholder.svg", "favicon.svg");

  private static final String ROOT = "/io/baton/web/static/";

  /** One file: its bytes and content type. */
  record Asset(byte[] bytes, String contentType) {}

  private final Map<String, Asset> assets = new LinkedHashMap<>();

  private StaticAssets() {}

  /**
   * Reads every file in {@link #FILES}.
   *
   * @throws UncheckedIOException when one is missing (a broken build)
   */
  static StaticAssets load() {
    StaticAssets loaded = new StaticAssets();
    for (String name : FILES) {
      try (InputStream in = StaticAssets.class.getResourceAsStream(ROOT + name)) {
        if (in == null) {
          throw new IOException("missing resource " + ROOT + name);
        }
        loaded.assets.put(name, new Asset(in.readAllBytes(), contentType(name)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return loaded;
  }

  /** The file called {@code name}, or null. */
  @Nullable Asset get(String name) {
    return assets.get(name);
  }

  private static String contentType(String name) {
    if (name.endsWith(".html")) {
      return "text/html; charset=utf-8";
    } else if (name.endsWith(".css")) {
      return "text/css; charset=utf-8";
    } else if (name.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    } else if (name.endsWith(".svg")) {
      return "image/svg+xml";
    }
    return "application/octet-stream";
  }
}
