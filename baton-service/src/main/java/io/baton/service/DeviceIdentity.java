package io.baton.service;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Who this daemon is to the outside world (bridges, other devices): a stable device id created on first start and
 * kept in the state directory ({@code device.properties}), and a human-readable name (the host name by default).
 *
 * @param id 32 lowercase hex characters; never changes for a state directory
 * @param name a display name
 */
public record DeviceIdentity(String id, String name) {
  private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
  static final String FILE_NAME = "device.properties";

  /** Validates the fields. */
  public DeviceIdentity {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("device id must be 32 lowercase hex characters: " + id);
    }
  }

  /**
   * The identity kept in {@code stateDir}, created (with a random id and the host name) when there is none.
   *
   * @throws IOException if the directory cannot be read or the new identity cannot be written
   */
  public static DeviceIdentity loadOrCreate(Path stateDir) throws IOException {
    Path file = stateDir.resolve(FILE_NAME);
    if (Files.exists(file)) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      }
      String id = p.getProperty("id", "");
      if (ID.matcher(id).matches()) {
        return new DeviceIdentity(id, p.getProperty("name", hostName()));
      }
      throw new IOException(file + " holds no valid device id; remove it to create a new identity");
    }
    DeviceIdentity created = ephemeral();
    Files.createDirectories(stateDir);
    Path tmp = Files.createTempFile(stateDir, FILE_NAME, ".tmp");
    Properties p = new Properties();
    p.setProperty("id", created.id());
    p.setProperty("name", created.name());
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      p.store(w, "Baton device identity; the id names this device to bridges and other devices");
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    return created;
  }

  /** A new identity with a random id and the host name, kept nowhere. */
  public static DeviceIdentity ephemeral() {
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    return new DeviceIdentity(HexFormat.of().formatHex(random), hostName());
  }

  /** This machine's host name, or "baton" when it cannot be found. */
  static String hostName() {
    try {
      String name = InetAddress.getLocalHost().getHostName();
      return name == null || name.isBlank() ? "baton" : name;
    } catch (IOException e) {
      return "baton";
    }
  }
}
