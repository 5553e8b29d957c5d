package io.baton.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who can reach the daemon, tested with a real second user ({@code nobody}, uid 65534, via {@code setpriv}): in the
 * default per-user mode the socket (0600 in a 0700 directory) keeps other users out; in shared mode they connect and
 * the access policy's grants decide (201 without one). Runs only as root, which can switch users.
 */
@Timeout(120)
class SecurityTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int NOBODY = 65534;

  @TempDir Path dir;
  private String classPathForNobody;

  @BeforeEach
  void setUp() throws IOException, InterruptedException {
    assumeTrue(isRoot() && Files.isExecutable(Paths.get("/usr/bin/setpriv")),
        "needs root and setpriv to run a client as another user");
    // Everything the other user touches must be readable by it, so that only Baton's own modes can stop it.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    classPathForNobody = copyClassPath(dir.resolve("cp"));
  }

  @Test
  void perUserMode_anotherUserCannotConnect_theOwnerCan() throws Exception {
    try (BatonFixture baton = new BatonFixture(dir.resolve("user")).startDaemon()) {
      Files.setPosixFilePermissions(dir.resolve("user"), PosixFilePermissions.fromString("rwxr-xr-x"));
      assertThat(mode(baton.socket)).isEqualTo("rw-------");
      assertThat(mode(baton.socket.getParent())).isEqualTo("rwx------");

      BatonFixture.CliResult stranger = asNobody(baton, "ls", "--json");
      BatonFixture.CliResult owner = baton.cli("ls", "--json");

      assertThat(stranger.exitCode()).as(stranger.stderr()).isEqualTo(1);
      assertThat(JSON.readTree(stranger.stdout()).get("error").get("code").asInt()).isEqualTo(6600101);
      assertThat(owner.exitCode()).as(owner.stderr()).isZero();
      assertThat(baton.cli("dump").stdout()).doesNotContain("\"uid\":" + NOBODY);
    }
  }

  @Test
  void sharedMode_everyUserConnects_grantsDecideWhatTheyMayDo() throws Exception {
    Path noGrant = config("shared.properties", "access.sharedSocket=true\n");
    try (BatonFixture baton = new BatonFixture(dir.resolve("shared")).startDaemon("--config", noGrant.toString())) {
      Files.setPosixFilePermissions(dir.resolve("shared"), PosixFilePermissions.fromString("rwxr-xr-x"));
      assertThat(mode(baton.socket)).isEqualTo("rw-rw-rw-");

      BatonFixture.CliResult ls = asNobody(baton, "ls", "--json");
      BatonFixture.CliResult key = asNobody(baton, "key", "play", "--json");

      assertThat(ls.exitCode()).as(ls.stderr()).isEqualTo(1);
      assertThat(JSON.readTree(ls.stdout()).get("error").get("code").asInt()).isEqualTo(201);
      assertThat(JSON.readTree(ls.stdout()).get("error").get("detail").asText()).contains("uid " + NOBODY);
      assertThat(JSON.readTree(key.stdout()).get("error").get("code").asInt()).isEqualTo(201);
    }
    Path granted = config("granted.properties", "access.sharedSocket=true\naccess.grantedUids=" + NOBODY + "\n");
    try (BatonFixture baton = new BatonFixture(dir.resolve("granted")).startDaemon("--config", granted.toString())) {
      Files.setPosixFilePermissions(dir.resolve("granted"), PosixFilePermissions.fromString("rwxr-xr-x"));
      baton.demoPlayer("--title", "Shared");

      BatonFixture.CliResult ls = asNobody(baton, "ls", "--json");
      BatonFixture.CliResult key = asNobody(baton, "key", "play", "--json");

      assertThat(ls.exitCode()).as(ls.stderr()).isZero();
      assertThat(JSON.readTree(ls.stdout()).get(0).get("title").asText()).isEqualTo("Shared");
      // Granted but not a system caller: system key events also need access.systemUids.
      assertThat(JSON.readTree(key.stdout()).get("error").get("code").asInt()).isEqualTo(202);
    }
  }

  private BatonFixture.CliResult asNobody(BatonFixture baton, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--socket");
    all.add(baton.socket.toString());
    try (JavaProcess p = JavaProcess.baton(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
        "--clear-groups", "--"), classPathForNobody, all)) {
      int exit = p.waitFor(BatonFixture.START_TIMEOUT);
      return new BatonFixture.CliResult(exit, String.join("\n", p.drainLines()), p.stderr());
    }
  }

  private Path config(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  private static boolean isRoot() throws IOException, InterruptedException {
    Process id = new ProcessBuilder("id", "-u").start();
    String uid = new String(id.getInputStream().readAllBytes()).trim();
    id.waitFor();
    return uid.equals("0");
  }

  /** Copies this JVM's class path into {@code target}, world-readable, and returns the copy's class path. */
  private static String copyClassPath(Path target) throws IOException {
    List<String> entries = new ArrayList<>();
    int i = 0;
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path source = Paths.get(entry);
      if (!Files.exists(source)) {
        continue;
      }
      Path copy = target.resolve((i++) + "-" + source.getFileName());
      if (Files.isDirectory(source)) {
        try (Stream<Path> walk = Files.walk(source)) {
          for (Path p : (Iterable<Path>) walk::iterator) {
            Path to = copy.resolve(source.relativize(p).toString());
            if (Files.isDirectory(p)) {
              Files.createDirectories(to);
            } else {
              Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
            }
          }
        }
      } else {
        Files.createDirectories(target);
        Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
      }
      entries.add(copy.toString());
    }
    try (Stream<Path> walk = Files.walk(target)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x"
            : "rw-r--r--"));
      }
    }
    return String.join(File.pathSeparator, entries);
  }
}
