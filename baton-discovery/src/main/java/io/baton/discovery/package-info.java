/**
 * mDNS/DNS-SD discovery of Baton daemons: service type {@code _baton._tcp}, one service instance per daemon that
 * listens for links from other devices.
 *
 * <p>{@link io.baton.discovery.DeviceAnnouncer} announces this daemon on the interface of the address it listens on;
 * {@link io.baton.discovery.DeviceBrowser} finds the others on one interface and reports them as
 * {@link io.baton.discovery.DiscoveredDevice}s. Inside: {@code ServiceRecord} is the one place that knows the record
 * layout (type, TXT keys, instance names) and validates what peers announce; {@code MdnsEndpoint} owns one JmDNS
 * instance's lifecycle (background start, retries, bounded close). JmDNS types never leave this package.
 */
package io.baton.discovery;
