package io.baton.cli;

import io.baton.api.AVSessionDescriptor;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.AVSessionManager;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Resolves the SESSION argument of {@code show}, {@code send} and {@code watch}: a session id or a unique prefix. */
final class SessionIds {
  /** The length of a full session id (64 hex characters). */
  static final int ID_LENGTH = 64;

  private SessionIds() {}

  /**
   * The session id that {@code idOrPrefix} names: a full id as given (upper-cased), else the one live session whose
   * id starts with it.
   *
   * @throws AVSessionException 401 when empty; 6600102 when no session or several sessions match
   */
  static String resolve(AVSessionManager manager, String idOrPrefix) {
    if (idOrPrefix.length() == ID_LENGTH) {
      return idOrPrefix.toUpperCase(Locale.ROOT);
    }
    return match(idOrPrefix, Futures.await(manager.getAllSessionDescriptors()));
  }

  /**
   * The id of the one session in {@code sessions} whose id starts with {@code prefix} (ignoring case).
   *
   * @throws AVSessionException 401 when {@code prefix} is empty; 6600102 when no session or several sessions match
   */
  static String match(String prefix, List<AVSessionDescriptor> sessions) {
    if (prefix.isEmpty()) {
      throw new AVSessionException(AVSessionErrorCode.INVALID_PARAMETER, "SESSION: must not be empty");
    }
    String wanted = prefix.toUpperCase(Locale.ROOT);
    List<String> matches = sessions.stream()
        .map(AVSessionDescriptor::sessionId)
        .filter(id -> id.toUpperCase(Locale.ROOT).startsWith(wanted))
        .distinct()
        .collect(Collectors.toList());
    if (matches.isEmpty()) {
      throw new AVSessionException(AVSessionErrorCode.SESSION_NOT_EXIST, "no session id starts with '" + prefix + "'");
    }
    if (matches.size() > 1) {
      throw new AVSessionException(AVSessionErrorCode.SESSION_NOT_EXIST,
          "'" + prefix + "' is ambiguous: " + matches.size() + " session ids start with it ("
              + matches.stream().map(id -> id.substring(0, Math.min(12, id.length())) + "…")
                  .collect(Collectors.joining(", "))
              + ")");
    }
    return matches.get(0);
  }
}
