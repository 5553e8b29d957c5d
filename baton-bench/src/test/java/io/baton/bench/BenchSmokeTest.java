package io.baton.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the whole benchmark harness at tiny sizes (real daemon, real SDK clients, the CLI, MPRIS when mpv is
 * installed; no JMH) and checks that the report has every key with a sane value. It proves the harness works, not
 * that Baton is fast: the numbers of a run this small are meaningless.
 */
class BenchSmokeTest {
  /** Keys that must hold a number in every run. */
  private static final List<String> NUMBERS = List.of(
      "floor_rtt_us_p50", "floor_rtt_us_p99", "command_rtt_us_p50", "command_rtt_us_p99", "command_p50_vs_floor",
      "command_p99_vs_floor", "fanout_deliveries_per_s", "fanout_p50_ms", "fanout_p99_ms",
      "fanout_with_stuck_deliveries_per_s", "stuck_dropped_events", "stuck_coalesced_events",
      "daemon_rss_before_stuck_kb", "daemon_rss_after_stuck_kb", "daemon_heap_before_stuck_bytes",
      "scale_bytes_per_session", "scale_bytes_per_controller",
      "scale_session_create_per_s", "scale_session_destroy_per_s", "scale_controller_create_per_s",
      "scale_controller_destroy_per_s", "ls_10k_ms", "cli_ls_10k_ms", "daemon_ready_ms", "cli_ls_ms",
      "idle_cpu_percent", "idle_rss_kb");
  /** Keys that hold a number when the MPRIS peers are installed, and null (with a reason) otherwise. */
  private static final List<String> MPRIS_NUMBERS = List.of(
      "mpris_playpause_us_p50", "mpris_get_us_p50", "playerctl_ms", "mpris_vs_baton_p50");

  @Test
  void run_tinySizes_writesEveryKeyWithASaneValue(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("results");

    BenchMain.run(BenchMain.Sizes.SMOKE, out, Set.of());

    JsonNode json = new ObjectMapper().readTree(out.resolve("latest.json").toFile());
    List<String> errors = new ArrayList<>();
    for (Iterator<String> keys = json.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (key.endsWith("_error")) {
        errors.add(key + ": " + json.get(key).asText());
      }
    }
    assertThat(errors).as("failed measurements").isEmpty();
    for (String key : NUMBERS) {
      assertThat(json.path(key).isNumber()).as("%s is a number in %s", key, json).isTrue();
    }
    assertThat(json.get("floor_rtt_us_p50").asDouble()).isPositive();
    assertThat(json.get("floor_rtt_us_p99").asDouble()).isGreaterThanOrEqualTo(json.get("floor_rtt_us_p50").asDouble());
    assertThat(json.get("command_rtt_us_p50").asDouble()).isPositive();
    assertThat(json.get("command_rtt_us_p99").asDouble())
        .isGreaterThanOrEqualTo(json.get("command_rtt_us_p50").asDouble());
    assertThat(json.get("fanout_deliveries_per_s").asDouble()).isPositive();
    assertThat(json.get("fanout_latency_delivered").asLong()).isPositive();
    assertThat(json.get("scale_bytes_per_session").asDouble()).isPositive();
    assertThat(json.get("ls_sessions").asInt()).isEqualTo(BenchMain.Sizes.SMOKE.scaleSessions());
    assertThat(json.get("daemon_ready_ms").asDouble()).isPositive();
    assertThat(json.get("cli_ls_ms").asDouble()).isPositive();
    assertThat(json.get("idle_cpu_percent").asDouble()).isBetween(0.0, 200.0);
    if (json.path("mpris_available").asBoolean()) {
      for (String key : MPRIS_NUMBERS) {
        assertThat(json.path(key).isNumber()).as("%s is a number", key).isTrue();
      }
    } else {
      assertThat(json.path("mpris_unavailable_reason").asText()).isNotBlank();
    }
    JsonNode machine = json.get("machine");
    assertThat(machine.get("cores").asInt()).isPositive();
    assertThat(machine.get("jdk").asText()).isNotBlank();
    assertThat(machine.get("date").asText()).isNotBlank();
    assertThat(Files.readString(out.resolve("latest.md"))).contains("## Ratios", "## Absolute targets");
    assertThat(Files.readString(out.resolve("command_rtt.svg"))).startsWith("<svg").contains("</svg>");
  }
}
