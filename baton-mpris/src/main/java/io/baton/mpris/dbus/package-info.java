/**
 * The D-Bus interfaces of MPRIS 2.2 as dbus-java declarations, used by the bridge in {@code io.baton.mpris} both to
 * export Baton sessions and to call real players. Not part of Baton's API: these types are public only because
 * dbus-java builds proxies of them and instantiates their signals by reflection.
 *
 * <p>Parameters are boxed ({@code Long}, not {@code long}) because dbus-java's asynchronous calls look methods up by
 * the classes of their arguments.
 */
package io.baton.mpris.dbus;
