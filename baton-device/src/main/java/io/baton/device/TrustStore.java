package io.baton.device;

import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The paired devices, kept in the state directory ({@code devices.db}, SQLite) and in memory for the TLS layer, which
 * looks keys up on every handshake and call.
 *
 * <h2>Threading</h2>
 * Thread-safe. Reads are lock-free (from memory: empty until {@link #open()} ran); writes go to SQLite under the
 * store's lock. If the state directory cannot be written, pairings still hold in memory for this run and a warning
 * says so.
 */
final class TrustStore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TrustStore.class);

  private final Map<String, PairedDevice> byId = new ConcurrentHashMap<>();
  private final Map<String, String> idByFingerprint = new ConcurrentHashMap<>();
  private final Path stateDir;
  // Guarded by this.
  private Connection db;
  private boolean opened;

  /** A store in {@code stateDir}; nothing is read until {@link #open()} (SQLite's first open is slow). */
  TrustStore(Path stateDir) {
    this.stateDir = stateDir;
  }

  /** Opens the database and loads the paired devices; idempotent. Writes open it first if need be. */
  synchronized void open() {
    if (opened) {
      return;
    }
    opened = true;
    Connection opening = null;
    try {
      opening = DriverManager.getConnection("jdbc:sqlite:" + stateDir.resolve("devices.db"));
      try (Statement st = opening.createStatement()) {
        st.execute("CREATE TABLE IF NOT EXISTS paired_devices (device_id TEXT PRIMARY KEY, name TEXT NOT NULL,"
            + " certificate BLOB NOT NULL, address TEXT NOT NULL, paired_ms INTEGER NOT NULL,"
            + " last_seen_ms INTEGER NOT NULL)");
        try (ResultSet rs = st.executeQuery(
            "SELECT device_id, name, certificate, address, paired_ms, last_seen_ms FROM paired_devices")) {
          while (rs.next()) {
            try {
              remember(new PairedDevice(rs.getString(1), rs.getString(2), PairedDevice.certificateOf(rs.getBytes(3)),
                  rs.getString(4), rs.getLong(5), rs.getLong(6)));
            } catch (IllegalArgumentException e) {
              log.warn("ignoring damaged paired device {}: {}", rs.getString(1), e.getMessage());
            }
          }
        }
      }
      db = opening;
    } catch (SQLException e) {
      log.warn("cannot keep paired devices in {} ({}); pairings last for this run only", stateDir, e.getMessage());
      closeQuietly(opening);
    }
  }

  Collection<PairedDevice> all() {
    return List.copyOf(byId.values());
  }

  Optional<PairedDevice> byId(String deviceId) {
    return Optional.ofNullable(byId.get(deviceId));
  }

  /** A device by id, or by name when exactly one paired device has it. */
  Optional<PairedDevice> find(String idOrName) {
    PairedDevice device = byId.get(idOrName);
    if (device != null) {
      return Optional.of(device);
    }
    List<PairedDevice> named = new ArrayList<>();
    for (PairedDevice d : byId.values()) {
      if (d.name().equals(idOrName)) {
        named.add(d);
      }
    }
    return named.size() == 1 ? Optional.of(named.get(0)) : Optional.empty();
  }

  /** The paired device whose pinned key has this fingerprint. */
  Optional<String> deviceWithKey(String keyFingerprint) {
    return Optional.ofNullable(idByFingerprint.get(keyFingerprint));
  }

  synchronized void put(PairedDevice device) {
    open();
    remember(device);
    if (db == null) {
      return;
    }
    try (PreparedStatement st = db.prepareStatement("INSERT OR REPLACE INTO paired_devices"
        + " (device_id, name, certificate, address, paired_ms, last_seen_ms) VALUES (?, ?, ?, ?, ?, ?)")) {
      st.setString(1, device.deviceId());
      st.setString(2, device.name());
      st.setBytes(3, device.certificate().getEncoded());
      st.setString(4, device.address());
      st.setLong(5, device.pairedMs());
      st.setLong(6, device.lastSeenMs());
      st.executeUpdate();
    } catch (SQLException | CertificateEncodingException e) {
      log.warn("cannot save paired device {} ({}); it stays paired for this run only", device.deviceId(),
          e.getMessage());
    }
  }

  synchronized Optional<PairedDevice> remove(String deviceId) {
    open();
    PairedDevice removed = byId.remove(deviceId);
    if (removed == null) {
      return Optional.empty();
    }
    idByFingerprint.remove(removed.keyFingerprint());
    if (db != null) {
      try (PreparedStatement st = db.prepareStatement("DELETE FROM paired_devices WHERE device_id = ?")) {
        st.setString(1, deviceId);
        st.executeUpdate();
      } catch (SQLException e) {
        log.warn("cannot delete paired device {} from the store ({}); it is forgotten for this run only", deviceId,
            e.getMessage());
      }
    }
    return Optional.of(removed);
  }

  /** Updates the in-memory copy only (a heartbeat's "last seen"). */
  void remember(PairedDevice device) {
    byId.put(device.deviceId(), device);
    idByFingerprint.put(device.keyFingerprint(), device.deviceId());
  }

  @Override
  public synchronized void close() {
    closeQuietly(db);
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        log.debug("closing the device store failed", e);
      }
    }
  }
}
