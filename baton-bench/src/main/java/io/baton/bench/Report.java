package io.baton.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a run's results: {@code latest.json} (flat keys, plus a {@code machine} object), {@code latest.md} (ratios
 * first, then the absolute targets, then the details, the machine and the caveats) and {@code command_rtt.svg} (the
 * command round trip's latency histogram, hand-written SVG).
 *
 * <p>A value that could not be measured is {@code null} in JSON and "n/a" in Markdown, and the reason is in a
 * {@code *_error} or {@code *_unavailable_reason} key: the report never invents a number.
 */
final class Report {
  private Report() {}

  /** A target: the key it is judged on, and the bound. */
  private record Target(String label, String key, boolean atMost, double bound, String shown) {
    /** "met", "missed", or "n/a" when the value is missing. */
    String verdict(Map<String, Object> r) {
      Double v = number(r, key);
      if (v == null) {
        return "n/a";
      }
      return (atMost ? v <= bound : v >= bound) ? "met" : "**missed**";
    }
  }

  /** Writes latest.json, latest.md and command_rtt.svg into {@code out}. */
  static void write(Path out, Map<String, Object> results, long[] commandSamples) throws IOException {
    Files.createDirectories(out);
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    Files.writeString(out.resolve("latest.json"), json.writeValueAsString(results) + "\n", StandardCharsets.UTF_8);
    Files.writeString(out.resolve("latest.md"), markdown(results), StandardCharsets.UTF_8);
    Files.writeString(out.resolve("command_rtt.svg"), svg(commandSamples, results), StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------------------------------------------ markdown

  static String markdown(Map<String, Object> r) {
    StringBuilder md = new StringBuilder();
    @SuppressWarnings("unchecked")
    Map<String, Object> machine = (Map<String, Object>) r.get("machine");
    md.append("# Baton benchmark: ").append(machine.get("mode")).append(" run, ").append(machine.get("date"))
        .append("\n\n");
    md.append("Machine: ").append(describeMachine(machine)).append(".\n\n");

    md.append("## Ratios (measured in this run)\n\n");
    md.append("| Ratio | Measured | Target | Verdict |\n|---|---|---|---|\n");
    for (Target t : List.of(
        new Target("Baton command p50 ÷ raw Unix-socket floor p50", "command_p50_vs_floor", true, 2.5, "≤ 2.5×"),
        new Target("Baton command p99 ÷ raw Unix-socket floor p99", "command_p99_vs_floor", true, 5, "≤ 5×"),
        new Target("MPRIS PlayPause p50 ÷ Baton command p50", "mpris_vs_baton_p50", false, 2,
            "≥ 2× (Baton at least 2× lower)"))) {
      String detail = switch (t.key) {
        case "command_p50_vs_floor" -> " (" + us(r, "command_rtt_us_p50") + " ÷ " + us(r, "floor_rtt_us_p50") + ")";
        case "command_p99_vs_floor" -> " (" + us(r, "command_rtt_us_p99") + " ÷ " + us(r, "floor_rtt_us_p99") + ")";
        default -> " (" + us(r, "mpris_playpause_us_p50") + " ÷ " + us(r, "command_rtt_us_p50") + ")";
      };
      md.append("| ").append(t.label).append(" | ").append(fmt(number(r, t.key), 2, "×")).append(detail)
          .append(" | ").append(t.shown).append(" | ").append(t.verdict(r)).append(" |\n");
    }
    md.append("\nWhere the command's time goes (same run): one gRPC stream hop with no Baton code (20-byte echo, same "
        + "transport settings) takes ").append(us(r, "grpc_hop_rtt_us_p50")).append(" at p50, ")
        .append(fmt(number(r, "grpc_hop_p50_vs_floor"), 2, "×")).append(" the raw socket; a Baton command is two hops "
        + "and takes ").append(fmt(number(r, "command_p50_vs_grpc_hop"), 2, "×")).append(" one hop.\n");
    if (r.get("mpris_unavailable_reason") != null) {
      md.append("\nMPRIS reference not measured: ").append(r.get("mpris_unavailable_reason")).append("\n");
    }

    md.append("\n## Absolute targets\n\n| Measurement | Measured | Target | Verdict |\n|---|---|---|---|\n");
    String scaleSessions = count(r, "scale_sessions");
    for (Target t : List.of(
        new Target("Fan-out: deliveries/s to " + count(r, "fanout_controllers") + " controllers in "
            + count(r, "fanout_processes") + " processes", "fanout_deliveries_per_s", false, 200_000, "≥ 200,000/s"),
        new Target("Fan-out: p99 publish→delivery at half that rate", "fanout_p99_ms", true, 20, "≤ 20 ms"),
        new Target("Scale: daemon heap per session (" + scaleSessions + " sessions)", "scale_bytes_per_session", true,
            16 * 1024, "≤ 16 KiB"),
        new Target("Scale: daemon heap per controller (" + count(r, "scale_controllers") + " controllers)",
            "scale_bytes_per_controller", true, 2 * 1024, "≤ 2 KiB"),
        new Target("Scale: list " + count(r, "ls_sessions") + " sessions (SDK round trip)", "ls_10k_ms", true, 200,
            "≤ 200 ms"),
        new Target("Start-up: daemon start → ready line", "daemon_ready_ms", true, 1000, "≤ 1,000 ms"),
        new Target("Start-up: `baton ls` wall time (new JVM)", "cli_ls_ms", true, 150, "≤ 150 ms"))) {
      String unit = t.key.endsWith("_ms") ? " ms" : t.key.startsWith("scale_bytes") ? " B" : "/s";
      md.append("| ").append(t.label).append(" | ").append(fmt(number(r, t.key), t.key.endsWith("_ms") ? 1 : 0, unit))
          .append(" | ").append(t.shown).append(" | ").append(t.verdict(r)).append(" |\n");
    }

    md.append("\n## Latency (µs)\n\n| Path | p50 | p99 | Samples |\n|---|---|---|---|\n");
    row(md, "Raw Unix-socket ping-pong, 1 byte, two JVMs (floor)", r, "floor_rtt_us_p50", "floor_rtt_us_p99",
        "floor_round_trips");
    row(md, "Baton command: controller → daemon → session app → back (3 JVMs)", r, "command_rtt_us_p50",
        "command_rtt_us_p99", "command_round_trips");
    row(md, "Remote command: controller → daemon A → device link (mutual TLS, loopback) → daemon B → app → back "
        + "(5 JVMs)", r, "remote_command_rtt_us_p50", "remote_command_rtt_us_p99", "remote_command_round_trips");
    row(md, "MPRIS `PlayPause()` to mpv over a private D-Bus bus", r, "mpris_playpause_us_p50",
        "mpris_playpause_us_p99", "mpris_calls");
    row(md, "MPRIS `Properties.Get(Position)`", r, "mpris_get_us_p50", "mpris_get_us_p99", "mpris_calls");
    md.append("\nHistogram of the command round trip: [command_rtt.svg](command_rtt.svg).\n");
    md.append("\nRemote ÷ local command round trip, p50, same run: ")
        .append(fmt(number(r, "remote_command_p50_vs_command"), 2, "×"))
        .append(" (the remote path adds daemon A, the TLS link and a second registry).\n");

    md.append("\n## Fan-out\n\n| Measurement | Value |\n|---|---|\n");
    kv(md, "Controllers × processes (filter ALL on playback state)", count(r, "fanout_processes") + " × "
        + count(r, "fanout_per_process"));
    kv(md, "Daemon outbox capacity per client", count(r, "fanout_outbox_capacity"));
    kv(md, "Publisher at full speed: updates/s", fmt(number(r, "fanout_publishes_per_s"), 0, "/s"));
    kv(md, "Deliveries/s at full speed (counted at the receivers)", fmt(number(r, "fanout_deliveries_per_s"), 0, "/s"));
    kv(md, "Full-speed warm-up rounds before measuring (until the rate stopped climbing)",
        count(r, "fanout_warmup_rounds"));
    kv(md, "At full speed, events coalesced / dropped by the daemon for receivers that fell behind",
        count(r, "fanout_coalesced_at_max") + " / " + count(r, "fanout_dropped_at_max"));
    kv(md, "Latency phase: updates/s (half the deliveries/s above)", fmt(number(r, "fanout_latency_publishes_per_s"),
        1, "/s"));
    kv(md, "Latency phase: delivered / published × controllers (coalesced, dropped)",
        count(r, "fanout_latency_delivered") + " / " + count(r, "fanout_latency_expected") + " ("
            + count(r, "fanout_latency_coalesced") + ", " + count(r, "fanout_latency_dropped") + ")");
    kv(md, "Publish→delivery p50 / p99 / max", fmt(number(r, "fanout_p50_ms"), 2, " ms") + " / "
        + fmt(number(r, "fanout_p99_ms"), 2, " ms") + " / " + fmt(number(r, "fanout_max_ms"), 2, " ms"));
    kv(md, "With one more controller process frozen (SIGSTOP): deliveries/s to the others",
        fmt(number(r, "fanout_with_stuck_deliveries_per_s"), 0, "/s"));
    kv(md, "Frozen client: events coalesced / dropped / queued (from `baton dump`)",
        count(r, "stuck_coalesced_events") + " / " + count(r, "stuck_dropped_events") + " / "
            + count(r, "stuck_queued_events"));
    kv(md, "Deliveries/s with the frozen client ÷ without", fmt(number(r, "fanout_stuck_throughput_ratio"), 2, "×"));
    kv(md, "Daemon live heap after full GC: before freezing / after the frozen phase",
        mib(r, "daemon_heap_before_stuck_bytes") + " / " + mib(r, "daemon_heap_after_stuck_bytes"));
    kv(md, "Daemon RSS: after warm-up / before freezing / after the frozen phase",
        fmt(kib(r, "daemon_rss_fanout_baseline_kb"), 1, " MiB") + " / " + fmt(kib(r, "daemon_rss_before_stuck_kb"), 1,
            " MiB") + " / " + fmt(kib(r, "daemon_rss_after_stuck_kb"), 1, " MiB"));

    md.append("\n## Scale\n\n| Measurement | Value |\n|---|---|\n");
    kv(md, "Sessions (2 processes) / controllers (4 processes)", scaleSessions + " / "
        + count(r, "scale_controllers"));
    kv(md, "Daemon heap after full GC: empty / with sessions / with controllers / after destroying all",
        mib(r, "scale_heap_baseline_bytes") + " / " + mib(r, "scale_heap_sessions_bytes") + " / "
            + mib(r, "scale_heap_controllers_bytes") + " / " + mib(r, "scale_heap_after_destroy_bytes"));
    kv(md, "Daemon RSS: empty / with sessions / with controllers", fmt(kib(r, "scale_rss_baseline_kb"), 1, " MiB")
        + " / " + fmt(kib(r, "scale_rss_sessions_kb"), 1, " MiB") + " / "
        + fmt(kib(r, "scale_rss_controllers_kb"), 1, " MiB"));
    kv(md, "Heap per session (with metadata) / per controller", fmt(number(r, "scale_bytes_per_session"), 0, " B")
        + " / " + fmt(number(r, "scale_bytes_per_controller"), 0, " B"));
    kv(md, "Sessions created / destroyed per second", fmt(number(r, "scale_session_create_per_s"), 0, "/s") + " / "
        + fmt(number(r, "scale_session_destroy_per_s"), 0, "/s"));
    kv(md, "Controllers created / destroyed per second", fmt(number(r, "scale_controller_create_per_s"), 0, "/s")
        + " / " + fmt(number(r, "scale_controller_destroy_per_s"), 0, "/s"));
    kv(md, "List all sessions: SDK round trip / `baton ls --json` wall time", fmt(number(r, "ls_10k_ms"), 1, " ms")
        + " / " + fmt(number(r, "cli_ls_10k_ms"), 1, " ms"));

    md.append("\n## Start-up and idle\n\n| Measurement | Value |\n|---|---|\n");
    kv(md, "Daemon start → ready line (median of " + count(r, "startup_runs") + ")",
        fmt(number(r, "daemon_ready_ms"), 0, " ms"));
    kv(md, "`baton ls` wall time, new JVM (median of " + count(r, "startup_runs") + "), via "
        + r.getOrDefault("cli_ls_via", "?"), fmt(number(r, "cli_ls_ms"), 0, " ms"));
    kv(md, "`baton ls` as a plain JVM with default flags / a bare JVM start (`java -version`) / `baton ls` ÷ bare "
        + "JVM", fmt(number(r, "cli_ls_plain_jvm_ms"), 0, " ms") + " / " + fmt(number(r, "bare_jvm_start_ms"), 0, " ms")
        + " / " + fmt(number(r, "cli_ls_vs_bare_jvm"), 2, "×"));
    kv(md, "`playerctl -l` wall time (median; fork+exec of /bin/true: " + fmt(number(r, "true_baseline_ms"), 1, " ms")
        + ")", fmt(number(r, "playerctl_ms"), 1, " ms"));
    kv(md, "Idle daemon with " + count(r, "idle_sessions") + " sessions over " + fmt(number(r, "idle_seconds"), 0, " s")
        + ": CPU / RSS", fmt(number(r, "idle_cpu_percent"), 2, " %") + " / "
        + fmt(kib(r, "idle_rss_kb"), 1, " MiB"));

    if (r.containsKey("mqtt_available")) {
      md.append("\n## MQTT bridge\n\n| Measurement | Value |\n|---|---|\n");
      if (Boolean.TRUE.equals(r.get("mqtt_available"))) {
        kv(md, "Devices × sessions through one mosquitto (devices share one JVM)", count(r, "mqtt_devices") + " × "
            + count(r, "mqtt_sessions") + " sessions in all");
        kv(md, "Command round trip via the broker (`BatonFleet`), p50 / p99", us(r, "mqtt_command_rtt_us_p50") + " / "
            + us(r, "mqtt_command_rtt_us_p99"));
        kv(md, "Reference: raw MQTT echo, same four broker legs, p50 / p99", us(r, "mqtt_echo_rtt_us_p50") + " / "
            + us(r, "mqtt_echo_rtt_us_p99"));
        kv(md, "Command p50 ÷ echo p50", fmt(number(r, "mqtt_command_p50_vs_echo"), 2, "×"));
        kv(md, "Sustained: snapshots delivered/s (state changes/s at the apps; cap at 1 per session per 100 ms)",
            fmt(number(r, "mqtt_updates_per_s"), 0, "/s") + " (" + fmt(number(r, "mqtt_state_changes_per_s"), 0, "/s")
                + "; cap " + fmt(number(r, "mqtt_updates_cap_per_s"), 0, "/s") + ")");
        kv(md, "Fleet listing: connect + every retained snapshot (`ls --fleet` via the SDK)",
            fmt(number(r, "mqtt_fleet_ls_ms"), 0, " ms") + " for " + count(r, "mqtt_fleet_sessions") + " sessions");
        kv(md, "Start of the devices' JVM (all daemons, bridges, sessions) → every snapshot seen by a subscriber", fmt(number(r, "mqtt_all_snapshots_ms"), 0,
            " ms"));
      } else {
        md.append("| Not measured | ").append(r.get("mqtt_unavailable_reason")).append(" |\n");
      }
    }

    List<String> jmh = new ArrayList<>();
    r.forEach((k, v) -> {
      if (k.startsWith("jmh_") && k.endsWith("_ns")) {
        jmh.add(k);
      }
    });
    if (!jmh.isEmpty()) {
      md.append("\n## Micro-benchmarks (JMH, ").append(r.get("jmh_settings")).append(")\n\n")
          .append("| Benchmark | ns/op |\n|---|---|\n");
      for (String k : jmh) {
        md.append("| `").append(r.get(k.replace("_ns", "_name"))).append("` | ").append(fmt(number(r, k), 1, ""))
            .append(" |\n");
      }
    }

    List<String> errors = new ArrayList<>();
    r.forEach((k, v) -> {
      if (k.endsWith("_error")) {
        errors.add("- " + k.replace("_error", "") + ": " + v);
      }
    });
    if (!errors.isEmpty()) {
      md.append("\n## Measurements that failed\n\n").append(String.join("\n", errors)).append("\n");
    }

    md.append("\n## How to read this\n\n")
        .append("- Every process runs on this machine at once (the daemon, the clients, the peers), with the same ")
        .append("JVM flags; ratios compare figures from this same run, so they travel better than absolute numbers.\n")
        .append("- The floor is the cost of two thread wake-ups across processes; a Baton command crosses the daemon, ")
        .append("so it needs at least two such round trips (controller ↔ daemon ↔ session app).\n")
        .append("- Fan-out latency compares the publisher's wall clock (epoch µs carried in the update) with the ")
        .append("receiver's: same machine, same clock; a clock step during the run would skew it (negative ")
        .append("latencies counted: ").append(count(r, "fanout_negative_latencies")).append(").\n")
        .append("- Coalesced and dropped events are the daemon's documented overload behaviour: a client that falls ")
        .append("behind gets the newest state instead of every intermediate one (coalesced), and a full outbox drops ")
        .append("events (dropped); both are counted by the daemon and reported here, not hidden. Deliveries are ")
        .append("counted at the receivers' listeners, one per controller.\n")
        .append("- Heap figures come from `jcmd GC.run` + `GC.heap_info` on the daemon (live data after a full GC).\n");
    return md.toString();
  }

  private static String describeMachine(Map<String, Object> m) {
    return m.get("cores") + " cores (" + m.get("cpu") + "), " + m.get("memory_gib") + " GiB RAM, " + m.get("os")
        + "; " + m.get("jdk") + "; JVM flags: " + m.get("jvm_flags");
  }

  private static void row(StringBuilder md, String label, Map<String, Object> r, String p50, String p99, String n) {
    md.append("| ").append(label).append(" | ").append(fmt(number(r, p50), 1, "")).append(" | ")
        .append(fmt(number(r, p99), 1, "")).append(" | ").append(count(r, n)).append(" |\n");
  }

  private static void kv(StringBuilder md, String label, String value) {
    md.append("| ").append(label).append(" | ").append(value).append(" |\n");
  }

  private static String us(Map<String, Object> r, String key) {
    return fmt(number(r, key), 1, " µs");
  }

  private static Double kib(Map<String, Object> r, String key) {
    Double v = number(r, key);
    return v == null || v < 0 ? null : v / 1024;
  }

  private static String mib(Map<String, Object> r, String key) {
    Double v = number(r, key);
    return v == null || v < 0 ? "n/a" : fmt(v / (1024 * 1024), 1, " MiB");
  }

  private static String count(Map<String, Object> r, String key) {
    Double v = number(r, key);
    return v == null ? "n/a" : String.format(Locale.ROOT, "%,d", Math.round(v));
  }

  static Double number(Map<String, Object> r, String key) {
    Object v = r.get(key);
    return v instanceof Number ? ((Number) v).doubleValue() : null;
  }

  private static String fmt(Double v, int decimals, String unit) {
    if (v == null || v.isNaN()) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%,." + decimals + "f", v) + unit;
  }

  // ------------------------------------------------------------------------------------------------ SVG

  /**
   * A histogram of the command round trip: 100 bins from 0 to twice the 99th percentile (slower samples are counted
   * in the caption), with the floor's p50 and the command's p50 and p99 marked.
   */
  static String svg(long[] sortedNanos, Map<String, Object> r) {
    int width = 860;
    int height = 420;
    int left = 70;
    int right = 20;
    int top = 50;
    int bottom = 60;
    int plotW = width - left - right;
    int plotH = height - top - bottom;
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
        .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
        .append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
    s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    s.append(text(width / 2, 24, "middle", 15,
        "Baton command round trip (controller → daemon → session app → back)"));
    if (sortedNanos.length == 0) {
      s.append(text(width / 2, height / 2, "middle", 13, "no samples"));
      return s.append("</svg>\n").toString();
    }
    double maxUs = Math.max(1, 2 * Stats.percentileMicros(sortedNanos, 0.99));
    double niceMax = niceCeiling(maxUs);
    int bins = 100;
    long[] counts = new long[bins];
    long over = 0;
    for (long n : sortedNanos) {
      double us = n / 1000.0;
      if (us > niceMax) {
        over++;
        continue;
      }
      counts[Math.min(bins - 1, (int) (us / niceMax * bins))]++;
    }
    long most = 1;
    for (long c : counts) {
      most = Math.max(most, c);
    }
    long peak = (long) niceCeiling(most);
    double barW = (double) plotW / bins;
    for (int i = 0; i < bins; i++) {
      double h = (double) counts[i] / peak * plotH;
      s.append(String.format(Locale.ROOT,
          "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#4a7ab5\"/>\n",
          left + i * barW + 0.5, top + plotH - h, Math.max(0.5, barW - 1), h));
    }
    // Axes and ticks.
    s.append(line(left, top + plotH, left + plotW, top + plotH, "#333", ""));
    s.append(line(left, top, left, top + plotH, "#333", ""));
    for (int i = 0; i <= 5; i++) {
      double us = niceMax * i / 5;
      double x = left + plotW * i / 5.0;
      s.append(line(x, top + plotH, x, top + plotH + 5, "#333", ""));
      s.append(text(x, top + plotH + 20, "middle", 12, fmt(us, 0, "")));
      double y = top + plotH - plotH * i / 5.0;
      s.append(line(left - 5, y, left, y, "#333", ""));
      s.append(text(left - 8, y + 4, "end", 12, String.format(Locale.ROOT, "%,d", Math.round(peak * i / 5.0))));
    }
    s.append(text(left + plotW / 2.0, height - 18, "middle", 13, "round trip (µs)"));
    s.append(String.format(Locale.ROOT,
        "<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"13\" transform=\"rotate(-90 16 %.1f)\">"
            + "commands per bin</text>\n", top + plotH / 2.0, top + plotH / 2.0));
    // Markers: floor p50, command p50, command p99.
    marker(s, number(r, "floor_rtt_us_p50"), "floor p50", "#999999", left, plotW, top, plotH, niceMax, 0);
    marker(s, number(r, "command_rtt_us_p50"), "p50", "#d62728", left, plotW, top, plotH, niceMax, 1);
    marker(s, number(r, "command_rtt_us_p99"), "p99", "#ff7f0e", left, plotW, top, plotH, niceMax, 2);
    s.append(text(left + plotW, top - 8, "end", 12, String.format(Locale.ROOT,
        "%,d commands; %,d slower than %s µs not shown", sortedNanos.length, over, fmt(niceMax, 0, ""))));
    return s.append("</svg>\n").toString();
  }

  private static void marker(StringBuilder s, Double us, String label, String color, int left, int plotW, int top,
      int plotH, double max, int slot) {
    if (us == null || us.isNaN() || us > max) {
      return;
    }
    double x = left + plotW * us / max;
    s.append(line(x, top, x, top + plotH, color, " stroke-dasharray=\"5,3\" stroke-width=\"1.5\""));
    // A white halo keeps the label readable where it crosses a bar.
    s.append(text(x + 4, top + 14 + 15 * slot, "start", 12, label + " " + fmt(us, 1, " µs")).replace("<text ",
        "<text fill=\"" + color + "\" stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\" "));
  }

  private static double niceCeiling(double v) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
    for (double step : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
      if (step * magnitude >= v) {
        return step * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static String line(double x1, double y1, double x2, double y2, String color, String extra) {
    return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"%s/>\n",
        x1, y1, x2, y2, color, extra);
  }

  private static String text(double x, double y, String anchor, int size, String content) {
    return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>\n",
        x, y, anchor, size, content.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
  }
}
