/**
 * The MPRIS bridge: Baton sessions as MPRIS players on a D-Bus session bus and MPRIS players as Baton sessions.
 *
 * <p>{@link io.baton.mpris.MprisBridge} is the entry point ({@code baton daemon} starts it). Inside: {@code BridgeLink}
 * is one connected period of the bus; {@code Exporter} and {@code ExportedSession} export sessions;
 * {@code Importer} and {@code ImportedPlayer} import players; {@code MprisMapping}, {@code MprisMetadata} and
 * {@code MprisNames} are the mapping tables and naming rules; {@code AVSessionError} the D-Bus error names.
 */
package io.baton.mpris;
