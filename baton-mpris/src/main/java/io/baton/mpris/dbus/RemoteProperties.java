package io.baton.mpris.dbus;

import java.util.Map;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.types.Variant;

/**
 * {@code org.freedesktop.DBus.Properties} as the bridge calls it on other players: the same wire interface as
 * dbus-java's {@link org.freedesktop.dbus.interfaces.Properties}, with concrete types so that the asynchronous calls
 * find the methods by their argument classes.
 */
@DBusInterfaceName("org.freedesktop.DBus.Properties")
public interface RemoteProperties extends DBusInterface {
  /** One property's value. */
  Variant<?> Get(String interfaceName, String propertyName);

  /** Sets one property. */
  void Set(String interfaceName, String propertyName, Variant<?> value);

  /** Every property of an interface. */
  Map<String, Variant<?>> GetAll(String interfaceName);
}
