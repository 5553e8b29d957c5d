package io.baton.service;

import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may do what, by user id (from the socket's peer credentials; never from a request). Baton's equivalent of
 * upstream's system-app check and {@code MANAGE_MEDIA_RESOURCES} permission.
 *
 * <ul>
 *   <li><b>Per-user mode</b> (the default, {@link #perUser()}): the socket is 0600 in a 0700 directory, so only the
 *       daemon's own user (and root) can connect, and they may do everything. No configuration.
 *   <li><b>Shared mode</b> ({@code access.sharedSocket=true}): the socket is 0666 in a 0755 directory, so every local
 *       user can connect. Anyone may publish sessions and control their own app's sessions; listing all sessions,
 *       history, controlling other apps' sessions and system key events and commands need the <em>grant</em> (201
 *       without it), and system key events and commands also need a <em>system</em> caller (202 without it).
 * </ul>
 * The daemon's user and root always hold both.
 *
 * @param sharedSocket whether every local user may connect
 * @param grantedUids users holding the grant ({@code access.grantedUids}, comma-separated), besides the daemon's
 *     user and root
 * @param systemUids users that count as system callers ({@code access.systemUids}), besides the daemon's user and root
 */
public record AccessPolicy(boolean sharedSocket, Set<Integer> grantedUids, Set<Integer> systemUids) {
  /** The prefix of this policy's keys in the daemon's configuration file. */
  public static final String KEY_PREFIX = "access.";

  /** Copies the sets. */
  public AccessPolicy {
    grantedUids = Set.copyOf(Objects.requireNonNull(grantedUids, "grantedUids"));
    systemUids = Set.copyOf(Objects.requireNonNull(systemUids, "systemUids"));
  }

  /** Per-user mode: only the daemon's user and root can connect, and may do everything. */
  public static AccessPolicy perUser() {
    return new AccessPolicy(false, Set.of(), Set.of());
  }

  /**
   * The policy in {@code properties} (keys {@code access.sharedSocket}, {@code access.grantedUids},
   * {@code access.systemUids}; other keys are ignored), per-user mode when there are none.
   *
   * @throws IllegalArgumentException naming the key, for an unknown {@code access.} key or a bad value
   */
  public static AccessPolicy fromProperties(Properties properties) {
    Set<String> known = Set.of("access.sharedSocket", "access.grantedUids", "access.systemUids");
    for (String key : properties.stringPropertyNames()) {
      if (key.startsWith(KEY_PREFIX) && !known.contains(key)) {
        throw new IllegalArgumentException("unknown configuration key '" + key + "'; known keys: "
            + new TreeSet<>(known));
      }
    }
    String shared = properties.getProperty("access.sharedSocket", "false").trim();
    if (!shared.equals("true") && !shared.equals("false")) {
      throw new IllegalArgumentException("access.sharedSocket must be true or false, was '" + shared + "'");
    }
    return new AccessPolicy(Boolean.parseBoolean(shared), uids(properties, "access.grantedUids"),
        uids(properties, "access.systemUids"));
  }

  private static Set<Integer> uids(Properties properties, String key) {
    Set<Integer> uids = new TreeSet<>();
    String value = properties.getProperty(key, "").trim();
    if (value.isEmpty()) {
      return uids;
    }
    for (String part : value.split(",")) {
      try {
        int uid = Integer.parseInt(part.trim());
        if (uid < 0) {
          throw new NumberFormatException();
        }
        uids.add(uid);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + " must be comma-separated user ids (numbers ≥ 0), was '" + value
            + "'");
      }
    }
    return uids;
  }

  /** Whether a caller with {@code uid} holds the grant; {@code daemonUser} is true for the daemon's user or root. */
  public boolean isGranted(int uid, boolean daemonUser) {
    return daemonUser || grantedUids.contains(uid);
  }

  /** Whether a caller with {@code uid} is a system caller; {@code daemonUser} as in {@link #isGranted}. */
  public boolean isSystem(int uid, boolean daemonUser) {
    return daemonUser || systemUids.contains(uid);
  }
}
