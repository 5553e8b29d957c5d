package io.baton.cast.dlna;

import io.baton.api.LoopMode;
import io.baton.api.Nullable;
import io.baton.api.PlaybackState;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** UPnP AV's string values and Baton's typed ones, converted in one place. */
final class UpnpValues {
  private UpnpValues() {}

  /** Milliseconds of an {@code H+:MM:SS[.F+]} time; -1 for empty, NOT_IMPLEMENTED or malformed values. */
  static long parseTime(@Nullable String value) {
    if (value == null) {
      return -1;
    }
    String v = value.trim();
    if (v.startsWith("-") || v.startsWith("+")) {
      v = v.substring(1);
    }
    String[] parts = v.split(":");
    if (parts.length != 3) {
      return -1;
    }
    try {
      long hours = Long.parseLong(parts[0]);
      long minutes = Long.parseLong(parts[1]);
      String[] secondParts = parts[2].split("\\.", 2);
      long seconds = Long.parseLong(secondParts[0]);
      long millis = 0;
      if (secondParts.length == 2 && !secondParts[1].isEmpty()) {
        String fraction = (secondParts[1] + "000").substring(0, 3);
        millis = Long.parseLong(fraction);
      }
      if (hours < 0 || minutes < 0 || minutes > 59 || seconds < 0 || seconds > 59) {
        return -1;
      }
      return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** {@code H:MM:SS} of whole seconds (what every renderer accepts as a Seek target or a DIDL duration). */
  static String formatTime(long ms) {
    long seconds = Math.max(0, ms) / 1000;
    return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
  }

  /** The playback state a TransportState means. */
  static PlaybackState playbackState(@Nullable String transportState) {
    if (transportState == null) {
      return PlaybackState.INITIAL;
    }
    switch (transportState) {
      case "PLAYING":
        return PlaybackState.PLAY;
      case "PAUSED_PLAYBACK":
      case "PAUSED_RECORDING":
        return PlaybackState.PAUSE;
      case "STOPPED":
        return PlaybackState.STOP;
      case "TRANSITIONING":
        return PlaybackState.BUFFERING;
      case "NO_MEDIA_PRESENT":
        return PlaybackState.IDLE;
      default:
        return PlaybackState.INITIAL;
    }
  }

  /** A TransportPlaySpeed value ("1", "2", "1/2", "-1") as a number; null when it is none. */
  static @Nullable Double parseSpeed(String value) {
    String v = value.trim();
    try {
      int slash = v.indexOf('/');
      if (slash > 0) {
        return Double.parseDouble(v.substring(0, slash)) / Double.parseDouble(v.substring(slash + 1));
      }
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The TransportPlaySpeed value of {@code speed} among the renderer's {@code offered} values; null if absent. */
  static @Nullable String speedValue(double speed, Iterable<String> offered) {
    for (String value : offered) {
      Double parsed = parseSpeed(value);
      if (parsed != null && Math.abs(parsed - speed) < 1e-9) {
        return value;
      }
    }
    return null;
  }

  /** The UPnP play mode for a loop mode; null for modes UPnP has none for. */
  static @Nullable String playMode(LoopMode mode) {
    switch (mode) {
      case SEQUENCE:
        return "NORMAL";
      case SINGLE:
        return "REPEAT_ONE";
      case LIST:
        return "REPEAT_ALL";
      case SHUFFLE:
        return "SHUFFLE";
      default:
        return null;
    }
  }

  /** The loop mode a UPnP play mode means (SEQUENCE for NORMAL and anything unknown). */
  static LoopMode loopMode(@Nullable String playMode) {
    if (playMode == null) {
      return LoopMode.SEQUENCE;
    }
    switch (playMode) {
      case "REPEAT_ONE":
        return LoopMode.SINGLE;
      case "REPEAT_ALL":
        return LoopMode.LIST;
      case "SHUFFLE":
      case "SHUFFLE_NOREPEAT":
      case "RANDOM":
        return LoopMode.SHUFFLE;
      default:
        return LoopMode.SEQUENCE;
    }
  }

  /**
   * The variables of instance 0 in a {@code LastChange} event ({@code <Event><InstanceID val="0"><TransportState
   * val="PLAYING"/>…}), by name; empty when the value does not parse.
   */
  static Map<String, String> parseLastChange(String xml) {
    Map<String, String> values = new LinkedHashMap<>();
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      NodeList instances = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)))
          .getElementsByTagNameNS("*", "InstanceID");
      for (int i = 0; i < instances.getLength(); i++) {
        Element instance = (Element) instances.item(i);
        if (!instance.getAttribute("val").trim().equals("0")) {
          continue;
        }
        for (Node n = instance.getFirstChild(); n != null; n = n.getNextSibling()) {
          if (n instanceof Element) {
            Element e = (Element) n;
            values.put(e.getLocalName() != null ? e.getLocalName() : e.getTagName(), e.getAttribute("val"));
          }
        }
      }
    } catch (Exception e) {
      return Map.of();
    }
    return values;
  }
}
