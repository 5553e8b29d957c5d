package io.baton.bench.mpris;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.DBusMemberName;
import org.freedesktop.dbus.interfaces.DBusInterface;

/**
 * The three transport methods of the MPRIS {@code org.mpris.MediaPlayer2.Player} interface that the reference
 * benchmark calls on a real player; dbus-java builds a remote proxy from this declaration.
 *
 * <p>Only what {@link MprisPeerBench} needs is declared: dbus-java does not check a remote interface against the
 * peer's introspection data, so a partial declaration is enough and keeps the reference free of unused surface.
 *
 * <p>Threading: the proxy may be called from any thread; each call blocks until the player replies or dbus-java's
 * method-call timeout expires. Errors: a call to a missing player fails with dbus-java's {@code ServiceUnknown}
 * runtime exception.
 */
@DBusInterfaceName("org.mpris.MediaPlayer2.Player")
/* package */ interface MprisPlayer extends DBusInterface {

  /** Toggles between playing and paused: the cheapest state-changing MPRIS command, hence the one measured. */
  @DBusMemberName("PlayPause")
  void playPause();

  /** Starts or resumes playback; not timed, declared so that manual experiments can put mpv in a known state. */
  @DBusMemberName("Play")
  void play();

  /** Pauses playback; not timed, declared alongside {@link #play()} for the same manual experiments. */
  @DBusMemberName("Pause")
  void pause();
}
