/**
 * The web control center: a page served by the daemon that shows every session live and sends them commands.
 *
 * <p>The entry point is {@link io.baton.web.WebBridge#start}; everything else in this package is internal. The bridge
 * is an SDK client of the daemon ({@code baton.web}, plus {@code web.<n>} per browser for commands), so every rule of
 * the daemon (valid commands, activation, rate limit) applies to the page exactly as to any app.
 */
package io.baton.web;
