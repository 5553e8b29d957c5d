package io.baton.client;

import io.baton.api.Nullable;
import io.baton.protocol.ProtocolConstants;
import java.io.IOException;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The app id a manager declares in {@code Hello}: the one configured on the builder, or one derived from the JVM's
 * main class ({@code java.<SimpleName>}, or {@code java} when the main class is unknown).
 */
/* package */ final class AppIds {
  /** The app id used when the main class cannot be found. */
  /* package */ static final String FALLBACK = "java";

  private static final int MAX_LENGTH = 128;

  private AppIds() {}

  /**
   * {@code configured}, or the default when it is null.
   *
   * @throws IllegalArgumentException if the id does not match {@code [A-Za-z0-9._-]{1,128}}
   */
  /* package */ static String resolve(@Nullable String configured) {
    String appId = configured != null ? configured : fromMainClass(mainClassName());
    if (!ProtocolConstants.APP_ID_PATTERN.matcher(appId).matches()) {
      throw new IllegalArgumentException(
          "appId must match " + ProtocolConstants.APP_ID_PATTERN.pattern() + ": '" + appId + "'");
    }
    return appId;
  }

  /**
   * {@code java.} followed by the simple name of {@code className}, with characters an app id cannot hold replaced by
   * {@code _} and cut to 128 characters; {@link #FALLBACK} for a null or empty name.
   */
  /* package */ static String fromMainClass(@Nullable String className) {
    if (className == null) {
      return FALLBACK;
    }
    String simpleName = className.substring(Math.max(className.lastIndexOf('.'), className.lastIndexOf('$')) + 1);
    String sanitized = simpleName.replaceAll("[^A-Za-z0-9._-]", "_");
    if (sanitized.isEmpty()) {
      return FALLBACK;
    }
    String appId = FALLBACK + "." + sanitized;
    return appId.length() > MAX_LENGTH ? appId.substring(0, MAX_LENGTH) : appId;
  }

  /**
   * The JVM's main class, from the launcher's {@code sun.java.command} property (reading the manifest for
   * {@code java -jar}); null when it is not known.
   */
  /* package */ static @Nullable String mainClassName() {
    String command = System.getProperty("sun.java.command");
    if (command == null || command.isBlank()) {
      return null;
    }
    String launched = command.trim().split("\\s+", 2)[0];
    if (launched.endsWith(".jar")) {
      return manifestMainClass(launched);
    }
    // "java -m module/com.example.Main" reports "module/com.example.Main".
    return launched.substring(launched.indexOf('/') + 1);
  }

  private static @Nullable String manifestMainClass(String jarPath) {
    try (JarFile jar = new JarFile(jarPath)) {
      Manifest manifest = jar.getManifest();
      return manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
    } catch (IOException | SecurityException e) {
      return null;
    }
  }
}
