package io.baton.mpris;

import io.baton.api.AVSessionDescriptor;
import io.baton.mpris.dbus.MediaPlayer2;
import java.util.Locale;

/**
 * The names the bridge gives and recognises: the bus names of exported sessions, which bus names are imported, and the
 * app ids of imported players. Bus names follow the D-Bus rules: elements of {@code [A-Za-z0-9_-]} separated by dots,
 * none starting with a digit, at most 255 characters.
 */
/* package */ final class MprisNames {
  /** Every exported session's bus name starts with this; names under it are never imported (no loops). */
  static final String EXPORT_PREFIX = MediaPlayer2.BUS_NAME_PREFIX + "baton.";

  /** The app id prefix of imported players' sessions; sessions of this device under it are not exported back. */
  static final String IMPORT_APP_ID_PREFIX = "mpris.";

  /** The app id of the bridge's own SDK connection, which holds the controllers of exported sessions. */
  static final String EXPORT_APP_ID = "baton.mpris";

  /**
   * MPRIS names that are proxies of other players rather than players: importing them would show one player twice and
   * would route commands back into exported sessions (playerctl's playerd, see playerctl#161 for the hazard).
   */
  private static final String PLAYERCTLD = MediaPlayer2.BUS_NAME_PREFIX + "playerctld";

  /** How many characters of the session id an exported name carries: the prefix {@code baton ls} shows. */
  static final int SHORT_ID_LENGTH = 12;

  private static final int MAX_BUS_NAME_LENGTH = 255;

  private MprisNames() {}

  /**
   * The bus name of an exported session: {@code org.mpris.MediaPlayer2.baton.<app>_<short id>}, where {@code <app>} is
   * the app id with every character outside {@code [A-Za-z0-9_]} replaced by {@code _} (so that the player name is one
   * element after {@code baton.}) and {@code <short id>} the first 12 characters of the session id.
   */
  static String exportBusName(String appId, String sessionId) {
    String shortId = sessionId.length() > SHORT_ID_LENGTH ? sessionId.substring(0, SHORT_ID_LENGTH) : sessionId;
    String app = sanitizeElement(appId);
    int room = MAX_BUS_NAME_LENGTH - EXPORT_PREFIX.length() - 1 - shortId.length();
    if (app.length() > room) {
      app = app.substring(0, room);
    }
    // The short id is hex, but a session id is the daemon's to choose: keep only name characters.
    return EXPORT_PREFIX + app + "_" + shortId.replaceAll("[^A-Za-z0-9_]", "_");
  }

  /** Whether the bridge imports the player that owns {@code busName}. */
  static boolean isImportable(String busName) {
    return busName.startsWith(MediaPlayer2.BUS_NAME_PREFIX)
        && busName.length() > MediaPlayer2.BUS_NAME_PREFIX.length()
        && !busName.startsWith(EXPORT_PREFIX)
        && !busName.equals(PLAYERCTLD)
        && !busName.startsWith(PLAYERCTLD + ".");
  }

  /**
   * Whether the bridge exports the session: every session except the MPRIS players this device's bridge imported,
   * which are on the bus already.
   */
  static boolean isExportable(AVSessionDescriptor descriptor) {
    return descriptor.remote() || !descriptor.appId().startsWith(IMPORT_APP_ID_PREFIX);
  }

  /**
   * The app id of an imported player: {@code mpris.} and the player's name after {@code org.mpris.MediaPlayer2.}
   * (already in the app-id alphabet), cut to the app-id length limit.
   */
  static String importAppId(String busName) {
    String player = playerName(busName);
    String appId = IMPORT_APP_ID_PREFIX + player.replaceAll("[^A-Za-z0-9._-]", "_");
    return appId.length() > 128 ? appId.substring(0, 128) : appId;
  }

  /** The player's name: the bus name without {@code org.mpris.MediaPlayer2.}, as {@code playerctl -l} shows it. */
  static String playerName(String busName) {
    return busName.startsWith(MediaPlayer2.BUS_NAME_PREFIX)
        ? busName.substring(MediaPlayer2.BUS_NAME_PREFIX.length())
        : busName;
  }

  /** {@code value} as one bus-name element: {@code [A-Za-z0-9_]}, not starting with a digit, never empty. */
  static String sanitizeElement(String value) {
    StringBuilder out = new StringBuilder(value.length() + 1);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
      out.append(ok ? c : '_');
    }
    if (out.length() == 0 || Character.isDigit(out.charAt(0))) {
      out.insert(0, '_');
    }
    return out.toString();
  }

  /**
   * The object path of an asset's {@code mpris:trackid}: {@code /io/baton/track/} and the asset id with every byte
   * outside {@code [A-Za-z0-9]} written as {@code _xx} (lower-case hex of its UTF-8 byte), so distinct asset ids give
   * distinct paths. No asset: MPRIS's {@code /org/mpris/MediaPlayer2/TrackList/NoTrack}.
   */
  static String trackIdPath(String assetId) {
    if (assetId == null || assetId.isEmpty()) {
      return NO_TRACK;
    }
    StringBuilder out = new StringBuilder(TRACK_PATH_PREFIX);
    for (byte b : assetId.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        out.append(c);
      } else {
        out.append('_').append(String.format(Locale.ROOT, "%02x", b & 0xff));
      }
    }
    return out.toString();
  }

  /** The track id MPRIS reserves for "no track". */
  static final String NO_TRACK = "/org/mpris/MediaPlayer2/TrackList/NoTrack";

  private static final String TRACK_PATH_PREFIX = "/io/baton/track/";
}
