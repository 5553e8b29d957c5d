package io.baton.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The {@code baton} command's contract, against a real daemon and a real demo player. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;
  private BatonFixture baton;
  private BatonFixture.DemoPlayer player;

  @BeforeEach
  void setUp() throws Exception {
    baton = new BatonFixture(dir).startDaemon();
    player = baton.demoPlayer("--title", "CLI Tone");
  }

  @AfterEach
  void tearDown() throws Exception {
    baton.close();
  }

  @Test
  void ls_json_listsTheSessionWithTheDocumentedFields() throws Exception {
    BatonFixture.CliResult ls = baton.cli("ls", "--json");

    assertThat(ls.exitCode()).as(ls.stderr()).isZero();
    JsonNode session = JSON.readTree(ls.stdout()).get(0);
    assertThat(session.get("sessionId").asText()).isEqualTo(player.sessionId());
    assertThat(session.get("type").asText()).isEqualTo("audio");
    assertThat(session.get("active").asBoolean()).isTrue();
    assertThat(session.get("title").asText()).isEqualTo("CLI Tone");
    assertThat(session.get("remote").asBoolean()).isFalse();
    for (String field : new String[] {"tag", "appId", "pid", "top", "deviceId"}) {
      assertThat(session.has(field)).as(field).isTrue();
    }
  }

  @Test
  void sendThenShow_seekReachesPlayerAndShowReportsState() throws Exception {
    BatonFixture.CliResult send = baton.cli("send", player.sessionId(), "seek", "42000");
    assertThat(send.exitCode()).as(send.stderr()).isZero();
    assertThat(JSON.readTree(player.process().nextLine(WAIT)).get("command").asText()).isEqualTo("seek");

    BatonFixture.CliResult show = baton.cli("show", player.sessionId().substring(0, 12), "--json");

    assertThat(show.exitCode()).as(show.stderr()).isZero();
    JsonNode state = JSON.readTree(show.stdout());
    assertThat(state.get("metadata").get("title").asText()).isEqualTo("CLI Tone");
    assertThat(state.get("playbackState").get("position").get("elapsedTime").asLong()).isEqualTo(42000);
    assertThat(state.get("validCommands").toString()).contains("seek", "play");
  }

  @Test
  void errors_exitCodesAndMessagesFollowTheContract() throws Exception {
    BatonFixture.CliResult unknown = baton.cli("show", "F".repeat(64));
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.stderr()).contains("error 6600102: The session does not exist.");

    BatonFixture.CliResult json = baton.cli("show", "F".repeat(64), "--json");
    assertThat(json.exitCode()).isEqualTo(1);
    assertThat(JSON.readTree(json.stdout()).get("error").get("code").asInt()).isEqualTo(6600102);

    BatonFixture.CliResult usage = baton.cli("send", player.sessionId(), "dance");
    assertThat(usage.exitCode()).isEqualTo(2);
  }

  @Test
  void key_playPause_togglesTheTopSession() throws Exception {
    BatonFixture.CliResult key = baton.cli("key", "play-pause");

    assertThat(key.exitCode()).as(key.stderr()).isZero();
    assertThat(JSON.readTree(player.process().nextLine(WAIT)).get("command").asText()).isEqualTo("play");
  }

  @Test
  void watch_session_printsEventsAsJsonLines() throws Exception {
    JavaProcess watch = baton.cliProcess("watch", player.sessionId());
    // The watcher subscribes asynchronously: keep poking the player until an event shows up.
    String line = null;
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (line == null && System.nanoTime() < deadline) {
      baton.cli("send", player.sessionId(), "toggle-favorite", "demo-1");
      line = watch.drainLines().stream().filter(l -> l.contains("playbackStateChange")).findFirst().orElse(null);
    }

    assertThat(line).isNotNull();
    JsonNode event = JSON.readTree(line);
    assertThat(event.get("sessionId").asText()).isEqualTo(player.sessionId());
    assertThat(event.get("playbackState").get("isFavorite")).isNotNull();
  }
}
