package io.baton.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class SocketPathsTest {

  private static final LongSupplier UID = () -> 1000;

  @Test
  void defaultSocket_batonSocketSet_winsOverEverything() {
    Map<String, String> env = Map.of("BATON_SOCKET", "/srv/baton.sock", "XDG_RUNTIME_DIR", "/run/user/1000");

    assertThat(SocketPaths.defaultSocket(env, UID)).isEqualTo(Path.of("/srv/baton.sock"));
  }

  @Test
  void defaultSocket_batonSocketEmpty_usesXdgRuntimeDir() {
    Map<String, String> env = Map.of("BATON_SOCKET", "", "XDG_RUNTIME_DIR", "/run/user/1000");

    assertThat(SocketPaths.defaultSocket(env, UID)).isEqualTo(Path.of("/run/user/1000/baton/baton.sock"));
  }

  @Test
  void defaultSocket_onlyXdgRuntimeDir_usesIt() {
    Map<String, String> env = Map.of("XDG_RUNTIME_DIR", "/run/user/1000");

    assertThat(SocketPaths.defaultSocket(env, UID)).isEqualTo(Path.of("/run/user/1000/baton/baton.sock"));
  }

  @Test
  void defaultSocket_xdgRuntimeDirEmpty_usesTmpWithUid() {
    Map<String, String> env = Map.of("XDG_RUNTIME_DIR", "");

    assertThat(SocketPaths.defaultSocket(env, UID)).isEqualTo(Path.of("/tmp/baton-1000/baton.sock"));
  }

  @Test
  void defaultSocket_xdgRuntimeDirRelative_isIgnored() {
    Map<String, String> env = Map.of("XDG_RUNTIME_DIR", "run/user");

    assertThat(SocketPaths.defaultSocket(env, UID)).isEqualTo(Path.of("/tmp/baton-1000/baton.sock"));
  }

  @Test
  void defaultSocket_nothingSet_usesTmpWithUid() {
    assertThat(SocketPaths.defaultSocket(Map.of(), () -> 4242)).isEqualTo(Path.of("/tmp/baton-4242/baton.sock"));
  }

  @Test
  void defaultSocket_socketVariableSet_doesNotReadUid() {
    LongSupplier failing = () -> {
      throw new AssertionError("uid read");
    };

    assertThat(SocketPaths.defaultSocket(Map.of("BATON_SOCKET", "/a.sock"), failing)).isEqualTo(Path.of("/a.sock"));
  }

  @Test
  void defaultSocket_currentProcess_isAbsolute() {
    assertThat(SocketPaths.defaultSocket(Map.of()).toString()).matches("/tmp/baton-\\d+/baton\\.sock");
    assertThat(SocketPaths.defaultSocket().isAbsolute()).isTrue();
  }

  @Test
  void defaultStateDir_xdgStateHomeSet_usesIt() {
    Map<String, String> env = Map.of("XDG_STATE_HOME", "/var/state", "HOME", "/home/u");

    assertThat(SocketPaths.defaultStateDir(env)).isEqualTo(Path.of("/var/state/baton"));
  }

  @Test
  void defaultStateDir_xdgStateHomeEmpty_usesHome() {
    Map<String, String> env = Map.of("XDG_STATE_HOME", "", "HOME", "/home/u");

    assertThat(SocketPaths.defaultStateDir(env)).isEqualTo(Path.of("/home/u/.local/state/baton"));
  }

  @Test
  void defaultStateDir_nothingSet_usesUserHome() {
    assertThat(SocketPaths.defaultStateDir(Map.of()))
        .isEqualTo(Path.of(System.getProperty("user.home"), ".local", "state", "baton"));
  }
}
