package io.baton.service;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
   * The identity of the device whose credentials are {@code credentials}: the id is the credentials' (derived from the
   * key), the name the one kept in {@code stateDir}'s {@code device.properties} (created with the host name when
   * missing, and rewritten when it names another id: a state directory from before device keys existed).
   *
   * @throws IOException if the directory cannot be read or the identity cannot be written
   */
  public static DeviceIdentity loadOrCreate(Path stateDir, DeviceCredentials credentials) throws IOException {
    Path file = stateDir.resolve(FILE_NAME);
    String id = credentials.deviceId();
    if (Files.exists(file)) {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      }
      String name = p.getProperty("name", hostName());
      if (id.equals(p.getProperty("id"))) {
        return new DeviceIdentity(id, name);
      }
      return store(file, new DeviceIdentity(id, name));
    }
    Files.createDirectories(stateDir);
    return store(file, new DeviceIdentity(id, hostName()));
  }

  /**
   * The identity {@code stateDir} records, if its {@code device.properties} holds a valid id and the device's
   * credentials are there too; read without touching the key or certificate (see {@link DeviceCredentials#lazy}).
   */
  public static java.util.Optional<DeviceIdentity> recorded(Path stateDir) {
    Path file = stateDir.resolve(FILE_NAME);
    if (!Files.exists(file) || !DeviceCredentials.exist(stateDir)) {
      return java.util.Optional.empty();
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
    String id = p.getProperty("id", "");
    return ID.matcher(id).matches()
        ? java.util.Optional.of(new DeviceIdentity(id, p.getProperty("name", hostName())))
        : java.util.Optional.empty();
  }

  private static DeviceIdentity store(Path file, DeviceIdentity identity) throws IOException {
    Path tmp = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp");
    Properties p = new Properties();
    p.setProperty("id", identity.id());
    p.setProperty("name", identity.name());
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      p.store(w, "Baton device identity; the id is derived from the key in " + DeviceCredentials.CERTIFICATE_FILE
          + ", the name is shown to other devices");
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    return identity;
  }

  /** This identity with another display name. @throws IllegalArgumentException for a blank name */
  public DeviceIdentity withName(String newName) {
    if (newName.isBlank() || newName.length() > 64) {
      throw new IllegalArgumentException("a device name must be 1 to 64 characters, not blank");
    }
    return new DeviceIdentity(id, newName);
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
