package io.baton.mpris.dbus;

import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.DBusMemberName;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;

/**
 * The MPRIS interface {@code org.mpris.MediaPlayer2.Player}: transport methods and the {@link Seeked} signal. Its
 * properties (PlaybackStatus, Metadata, Position, …) are read through {@code org.freedesktop.DBus.Properties}.
 * Positions and offsets are in microseconds.
 */
@DBusInterfaceName(MediaPlayer2Player.INTERFACE)
public interface MediaPlayer2Player extends DBusInterface {
  /** The interface name. */
  String INTERFACE = "org.mpris.MediaPlayer2.Player";

  /** Skips to the next track. */
  @DBusMemberName("Next")
  void next();

  /** Skips to the previous track. */
  @DBusMemberName("Previous")
  void previous();

  /** Pauses playback. */
  @DBusMemberName("Pause")
  void pause();

  /** Pauses when playing, otherwise plays. */
  @DBusMemberName("PlayPause")
  void playPause();

  /** Stops playback. */
  @DBusMemberName("Stop")
  void stop();

  /** Starts or resumes playback. */
  @DBusMemberName("Play")
  void play();

  /** Moves the position by {@code offsetUs} microseconds (negative: backwards). */
  @DBusMemberName("Seek")
  void seek(Long offsetUs);

  /** Moves to {@code positionUs} in track {@code trackId}; ignored by the player when that is not the current one. */
  @DBusMemberName("SetPosition")
  void setPosition(DBusPath trackId, Long positionUs);

  /** Opens and plays {@code uri}. */
  @DBusMemberName("OpenUri")
  void openUri(String uri);

  /** Emitted when the position jumped in a way the playback state does not explain. */
  class Seeked extends DBusSignal {
    private final long positionUs;

    /**
     * A Seeked signal from the object at {@code path}.
     *
     * @param positionUs the new position, in microseconds
     * @throws DBusException if dbus-java cannot build the message
     */
    public Seeked(String path, long positionUs) throws DBusException {
      super(path, positionUs);
      this.positionUs = positionUs;
    }

    /** The new position, in microseconds. */
    public long positionUs() {
      return positionUs;
    }
  }
}
