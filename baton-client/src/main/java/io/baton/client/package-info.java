/**
 * The Baton SDK: {@link io.baton.api.AVSessionManager} and its sessions and controllers over the daemon's Unix domain
 * socket.
 *
 * <p>Only {@link io.baton.client.BatonManagerProvider} is public, for {@link java.util.ServiceLoader}; applications
 * program against {@code io.baton.api} and get here through {@link io.baton.api.AVSessionManager#builder()}.
 *
 * <p>Inside: {@code ManagerImpl} routes what the daemon sends; {@code DaemonConnection} owns the channel, the
 * {@code Connect} stream, waiting and retrying across daemon restarts; {@code SessionImpl} and
 * {@code ControllerImpl} implement the API objects and their recovery; {@code CallbackDispatcher} runs application
 * code on the callback executor.
 */
package io.baton.client;
