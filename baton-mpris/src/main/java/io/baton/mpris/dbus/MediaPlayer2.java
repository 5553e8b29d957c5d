package io.baton.mpris.dbus;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.DBusMemberName;
import org.freedesktop.dbus.interfaces.DBusInterface;

/**
 * The MPRIS root interface {@code org.mpris.MediaPlayer2}: the methods of a player as an application. Its properties
 * (Identity, CanQuit, …) are read through {@code org.freedesktop.DBus.Properties}.
 */
@DBusInterfaceName(MediaPlayer2.INTERFACE)
public interface MediaPlayer2 extends DBusInterface {
  /** The interface name. */
  String INTERFACE = "org.mpris.MediaPlayer2";

  /** The object path every MPRIS player exports its interfaces at. */
  String OBJECT_PATH = "/org/mpris/MediaPlayer2";

  /** The prefix of every MPRIS player's well-known bus name. */
  String BUS_NAME_PREFIX = "org.mpris.MediaPlayer2.";

  /** Brings the player's user interface to the front; only meaningful when CanRaise is true. */
  @DBusMemberName("Raise")
  void raise();

  /** Asks the player to quit; only meaningful when CanQuit is true. */
  @DBusMemberName("Quit")
  void quit();
}
