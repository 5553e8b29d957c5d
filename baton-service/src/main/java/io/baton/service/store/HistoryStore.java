package io.baton.service.store;

import com.google.protobuf.InvalidProtocolBufferException;
import io.baton.api.AVMetadata;
import io.baton.api.AVSessionDescriptor;
import io.baton.api.AVSessionType;
import io.baton.protocol.ProtoConverters;
import io.baton.protocol.v1.Metadata;
import io.baton.service.session.HistoryRecorder;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session history in SQLite (WAL mode): one row per (app id, tag) — the latest session of that app and tag — with the
 * last metadata (without images), playback state and time seen. Keeps the newest {@code kept} rows.
 *
 * <h2>Threading</h2>
 * {@link #record} only puts the entry in a map and schedules a flush; every database access runs on the store's own
 * thread, so a slow or failing disk never blocks the daemon. Writes are coalesced: a session updated 100 times within
 * the flush delay is written once.
 *
 * <h2>Failures</h2>
 * A failed write (read-only directory, full disk) is logged once per kind of failure, reported by {@link #status()},
 * and retried every second with the latest entries; the daemon keeps serving meanwhile.
 */
public final class HistoryStore implements HistoryRecorder, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HistoryStore.class);
  private static final long FLUSH_DELAY_MS = 200;
  private static final long RETRY_DELAY_MS = 1000;
  private static final long LOW_SPACE_BYTES = 64 * 1024;

  private final Path database;
  private final int kept;
  private final ScheduledExecutorService executor;
  private final ConcurrentHashMap<String, HistoryEntry> dirty = new ConcurrentHashMap<>();
  private final AtomicBoolean flushScheduled = new AtomicBoolean();
  private Connection connection;
  private volatile String lastError = "";
  private volatile long writeFailures;
  private volatile long rowsWritten;

  /** Opens (or creates) {@code stateDir/history.db}. Never fails: an unusable database is reported by status(). */
  public HistoryStore(Path stateDir, int kept) {
    this.database = stateDir.resolve("history.db");
    this.kept = kept;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "baton-history");
      t.setDaemon(true);
      return t;
    });
    executor.execute(this::openQuietly);
  }

  /** Opens the database; on failure reports it and tries again later, so that the report clears on its own. */
  private void openQuietly() {
    try {
      connection();
      if (!lastError.isEmpty()) {
        log.info("history store recovered: {} opened", database);
        lastError = "";
      }
    } catch (Exception e) {
      fail("open", e);
      dropConnection();
      scheduleFlush(RETRY_DELAY_MS);
    }
  }

  private Connection connection() throws Exception {
    if (connection == null) {
      Files.createDirectories(database.getParent());
      Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
      try (Statement st = c.createStatement()) {
        st.execute("PRAGMA journal_mode=WAL");
        st.execute("PRAGMA synchronous=NORMAL");
        st.execute("CREATE TABLE IF NOT EXISTS session_history ("
            + " app_id TEXT NOT NULL, tag TEXT NOT NULL, session_id TEXT NOT NULL, type INTEGER NOT NULL,"
            + " metadata BLOB, playback_state BLOB, last_seen_ms INTEGER NOT NULL,"
            + " PRIMARY KEY (app_id, tag))");
      } catch (SQLException e) {
        c.close();
        throw e;
      }
      connection = c;
    }
    return connection;
  }

  @Override
  public void record(HistoryEntry entry) {
    dirty.put(entry.sessionId(), entry);
    scheduleFlush(FLUSH_DELAY_MS);
  }

  private void scheduleFlush(long delayMs) {
    if (flushScheduled.compareAndSet(false, true)) {
      executor.schedule(this::flush, delayMs, TimeUnit.MILLISECONDS);
    }
  }

  private void flush() {
    flushScheduled.set(false);
    if (dirty.isEmpty()) {
      if (!lastError.isEmpty()) {
        openQuietly();
      }
      return;
    }
    List<HistoryEntry> batch = new ArrayList<>(dirty.values());
    try {
      Connection c = connection();
      c.setAutoCommit(false);
      try (PreparedStatement upsert = c.prepareStatement(
          "INSERT INTO session_history (app_id, tag, session_id, type, metadata, playback_state, last_seen_ms)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(app_id, tag) DO UPDATE SET"
              + " session_id = excluded.session_id, type = excluded.type, metadata = excluded.metadata,"
              + " playback_state = excluded.playback_state, last_seen_ms = excluded.last_seen_ms");
          PreparedStatement prune = c.prepareStatement(
              "DELETE FROM session_history WHERE rowid NOT IN"
                  + " (SELECT rowid FROM session_history ORDER BY last_seen_ms DESC LIMIT ?)")) {
        for (HistoryEntry e : batch) {
          upsert.setString(1, e.appId());
          upsert.setString(2, e.tag());
          upsert.setString(3, e.sessionId());
          upsert.setInt(4, e.type().value());
          upsert.setBytes(5, ProtoConverters.toProto(e.metadata()).toByteArray());
          upsert.setBytes(6, ProtoConverters.toProto(e.playbackState()).toByteArray());
          upsert.setLong(7, e.lastSeenMs());
          upsert.addBatch();
        }
        upsert.executeBatch();
        prune.setInt(1, kept);
        prune.executeUpdate();
        c.commit();
      } catch (SQLException e) {
        // SQLite may already have rolled back (a full disk does that); the first error is the one worth reporting.
        try {
          c.rollback();
        } catch (SQLException rollbackFailure) {
          e.addSuppressed(rollbackFailure);
        }
        throw e;
      } finally {
        try {
          c.setAutoCommit(true);
        } catch (SQLException ignored) {
          // The connection is dropped below anyway.
        }
      }
      for (HistoryEntry e : batch) {
        dirty.remove(e.sessionId(), e);
      }
      rowsWritten += batch.size();
      if (!lastError.isEmpty()) {
        log.info("history store recovered: {} rows written", batch.size());
        lastError = "";
      }
    } catch (Exception e) {
      fail("write", e);
      dropConnection();
      scheduleFlush(RETRY_DELAY_MS);
    }
  }

  private void fail(String what, Exception e) {
    writeFailures++;
    String message = what + " " + database + " failed: " + e.getMessage() + diagnosis();
    if (!message.equals(lastError)) {
      log.error("history store: {} (sessions keep working; retrying every {} ms)", message, RETRY_DELAY_MS);
    }
    lastError = message;
  }

  /** What is wrong with the state directory, when something visibly is (SQLite's own messages are terse). */
  private String diagnosis() {
    Path dir = database.getParent();
    try {
      FileStore store = Files.getFileStore(dir);
      if (store.isReadOnly()) {
        return " (the state directory " + dir + " is on a read-only file system)";
      }
      if (store.getUsableSpace() < LOW_SPACE_BYTES) {
        return " (the file system of " + dir + " is full: " + store.getUsableSpace() + " bytes free)";
      }
      if (!Files.isWritable(dir)) {
        return " (the state directory " + dir + " is not writable by this user)";
      }
      return "";
    } catch (IOException e) {
      return " (the state directory " + dir + " cannot be reached: " + e.getMessage() + ")";
    }
  }

  private void dropConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // The connection is being thrown away because it failed; a second failure adds nothing.
      }
      connection = null;
    }
  }

  @Override
  public CompletableFuture<List<AVSessionDescriptor>> recent(int max, Set<String> excludeSessionIds) {
    return CompletableFuture.supplyAsync(() -> {
      flush();
      List<AVSessionDescriptor> out = new ArrayList<>();
      try (PreparedStatement q = connection().prepareStatement(
          "SELECT app_id, tag, session_id, type, metadata, last_seen_ms FROM session_history"
              + " ORDER BY last_seen_ms DESC")) {
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next() && out.size() < max) {
            String sessionId = rs.getString(3);
            if (excludeSessionIds.contains(sessionId)) {
              continue;
            }
            AVMetadata metadata = parseMetadata(rs.getBytes(5));
            out.add(AVSessionDescriptor.builder()
                .setAppId(rs.getString(1))
                .setTag(rs.getString(2))
                .setSessionId(sessionId)
                .setType(AVSessionType.fromValue(rs.getInt(4)))
                .setTitle(metadata.title() == null ? "" : metadata.title())
                .setLastSeenTimeMs(rs.getLong(6))
                .build());
          }
        }
      } catch (Exception e) {
        fail("read", e);
        throw new io.baton.api.AVSessionException(io.baton.api.AVSessionErrorCode.SERVICE_EXCEPTION,
            "history is unavailable: " + e.getMessage());
      }
      return out;
    }, executor);
  }

  private static AVMetadata parseMetadata(byte[] bytes) throws InvalidProtocolBufferException {
    return bytes == null ? AVMetadata.EMPTY : ProtoConverters.fromProto(Metadata.parseFrom(bytes));
  }

  @Override
  public Map<String, Object> status() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("enabled", true);
    m.put("database", database.toString());
    m.put("ok", lastError.isEmpty());
    m.put("lastError", lastError);
    m.put("writeFailures", writeFailures);
    m.put("rowsWritten", rowsWritten);
    m.put("pendingWrites", dirty.size());
    return m;
  }

  /** Writes what is pending and closes the database (waits at most 5 s). */
  @Override
  public void close() {
    executor.execute(() -> {
      flush();
      dropConnection();
    });
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        log.warn("history store did not finish writing within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
