package io.baton.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.api.AVControlCommand;
import io.baton.api.AVControlCommandType;
import io.baton.api.AVSessionController;
import io.baton.api.AVSessionException;
import io.baton.api.AVSessionManager;
import io.baton.api.LoopMode;
import io.baton.api.Nullable;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code baton send SESSION COMMAND [ARG] [--count N]}: sends a control command through a controller.
 *
 * <p>Without {@code --count}, success prints nothing ({@code {"ok":true}} with {@code --json}). With {@code --count N}
 * the command is sent N times over the one connection, one after the other, each waiting for its answer, and the
 * result is always JSON: {@code {"sent":N,"ok":K,"errors":{"<code>":M,…}}}, exit status 0. With {@code --fleet}, the
 * command goes through an MQTT broker to the device that lists the session (see {@link FleetOptions}); never
 * implicitly, so that a mistyped local id cannot reach a device elsewhere.
 */
@Command(
    name = "send",
    description = "Send a control command to a session.",
    footer = {
      "",
      "Commands:",
      "  play, pause, stop, play-next, play-previous",
      "  fast-forward [MS], rewind [MS]  (no MS: the session's skip interval)",
      "  seek MS",
      "  set-speed X",
      "  set-loop-mode sequence|single|list|shuffle|custom",
      "  toggle-favorite ASSET",
      "  play-from-asset ID  (numeric: playFromAssetId, else playWithAssetId)"
    })
final class SendCommand implements Callable<Integer> {
  /** The COMMAND names, in the order the help lists them. */
  static final List<String> COMMANDS = List.of("play", "pause", "stop", "play-next", "play-previous", "fast-forward",
      "rewind", "seek", "set-speed", "set-loop-mode", "toggle-favorite", "play-from-asset");

  private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]+");

  @ParentCommand private BatonCli root;
  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SESSION", description = "A session id or a unique prefix of one.")
  private String session;

  @Parameters(index = "1", paramLabel = "COMMAND", description = "What to send (see below).")
  private String command;

  @Parameters(index = "2", arity = "0..1", paramLabel = "ARG", description = "The command's argument, if any.")
  private @Nullable String argument;

  @Option(
      names = "--count",
      paramLabel = "N",
      description = "Send N times as fast as answers come back and print a JSON summary.")
  private @Nullable Integer count;

  @Mixin private FleetOptions fleetOptions;

  @Option(names = "--device", paramLabel = "DEVICE",
      description = "With --fleet: the device (id or unique prefix) that has the session.")
  private @Nullable String device;

  @Override
  public Integer call() {
    AVControlCommand controlCommand;
    try {
      controlCommand = toControlCommand(command, argument);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (count != null && count < 1) {
      throw new ParameterException(spec.commandLine(), "--count must be at least 1, was " + count);
    }
    fleetOptions.checkUnused(spec);
    if (device != null && !fleetOptions.fleet) {
      throw new ParameterException(spec.commandLine(), "--device goes with --fleet");
    }
    if (fleetOptions.fleet) {
      return FleetOptions.send(root, spec, fleetOptions, device, session, controlCommand, count);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (AVSessionManager manager = root.connect()) {
      AVSessionController controller =
          Futures.await(manager.createController(SessionIds.resolve(manager, session)));
      if (count == null) {
        Futures.await(controller.sendControlCommand(controlCommand));
        if (root.json()) {
          out.println("{\"ok\":true}");
        }
      } else {
        out.println(Json.line(sendRepeatedly(controller, controlCommand, count)));
      }
    }
    out.flush();
    return 0;
  }

  /** Sends {@code command} {@code count} times, sequentially, and summarizes the answers. */
  private static ObjectNode sendRepeatedly(
      AVSessionController controller, AVControlCommand command, int count) {
    int ok = 0;
    Map<Integer, Integer> errors = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      try {
        Futures.await(controller.sendControlCommand(command));
        ok++;
      } catch (AVSessionException e) {
        errors.merge(e.code(), 1, Integer::sum);
      }
    }
    return summary(count, ok, errors);
  }

  /** {@code {"sent":N,"ok":K,"errors":{"<code>":M,…}}}. */
  static ObjectNode summary(int sent, int ok, Map<Integer, Integer> errors) {
    ObjectNode node = Json.object().put("sent", sent).put("ok", ok);
    ObjectNode errorCounts = node.putObject("errors");
    errors.forEach((code, n) -> errorCounts.put(String.valueOf(code), n));
    return node;
  }

  /**
   * The control command that {@code name} and {@code argument} mean.
   *
   * @throws IllegalArgumentException naming the problem: an unknown command, a missing, extra or malformed argument
   */
  static AVControlCommand toControlCommand(String name, @Nullable String argument) {
    return switch (name) {
      case "play" -> noArgument(name, argument, AVControlCommand.play());
      case "pause" -> noArgument(name, argument, AVControlCommand.pause());
      case "stop" -> noArgument(name, argument, AVControlCommand.stop());
      case "play-next" -> noArgument(name, argument, AVControlCommand.playNext());
      case "play-previous" -> noArgument(name, argument, AVControlCommand.playPrevious());
      // Without MS, the session's skip interval applies.
      case "fast-forward" -> argument == null
          ? AVControlCommand.of(AVControlCommandType.FAST_FORWARD)
          : AVControlCommand.fastForward(milliseconds(name, argument));
      case "rewind" -> argument == null
          ? AVControlCommand.of(AVControlCommandType.REWIND)
          : AVControlCommand.rewind(milliseconds(name, argument));
      case "seek" -> AVControlCommand.seek(milliseconds(name, required(name, argument, "MS")));
      case "set-speed" -> AVControlCommand.setSpeed(speed(required(name, argument, "X")));
      case "set-loop-mode" -> AVControlCommand.setLoopMode(loopMode(required(name, argument, "MODE")));
      case "toggle-favorite" -> AVControlCommand.toggleFavorite(nonEmpty(name, required(name, argument, "ASSET")));
      case "play-from-asset" -> playFromAsset(nonEmpty(name, required(name, argument, "ID")));
      default -> throw new IllegalArgumentException(
          "Unknown command '" + name + "'; commands: " + String.join(", ", COMMANDS));
    };
  }

  /** A numeric id plays by number (playFromAssetId), any other by name (playWithAssetId). */
  private static AVControlCommand playFromAsset(String assetId) {
    return WHOLE_NUMBER.matcher(assetId).matches() && fitsInLong(assetId)
        ? AVControlCommand.playFromAssetId(Long.parseLong(assetId))
        : AVControlCommand.playWithAssetId(assetId);
  }

  private static AVControlCommand noArgument(String name, @Nullable String argument, AVControlCommand command) {
    if (argument != null) {
      throw new IllegalArgumentException(name + " takes no argument, got '" + argument + "'");
    }
    return command;
  }

  private static String required(String name, @Nullable String argument, String label) {
    if (argument == null) {
      throw new IllegalArgumentException(name + " needs an argument: " + name + " " + label);
    }
    return argument;
  }

  private static String nonEmpty(String name, String argument) {
    if (argument.isEmpty()) {
      throw new IllegalArgumentException(name + " needs a non-empty argument");
    }
    return argument;
  }

  private static long milliseconds(String name, String argument) {
    if (!WHOLE_NUMBER.matcher(argument).matches() || !fitsInLong(argument)) {
      throw new IllegalArgumentException(
          name + " needs a whole number of milliseconds (0 or more), got '" + argument + "'");
    }
    return Long.parseLong(argument);
  }

  private static boolean fitsInLong(String digits) {
    try {
      Long.parseLong(digits);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static double speed(String argument) {
    try {
      double speed = Double.parseDouble(argument);
      if (Double.isFinite(speed)) {
        return speed;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new IllegalArgumentException("set-speed needs a number such as 1.5, got '" + argument + "'");
  }

  private static LoopMode loopMode(String argument) {
    return switch (argument.toLowerCase(Locale.ROOT)) {
      case "sequence" -> LoopMode.SEQUENCE;
      case "single" -> LoopMode.SINGLE;
      case "list" -> LoopMode.LIST;
      case "shuffle" -> LoopMode.SHUFFLE;
      case "custom" -> LoopMode.CUSTOM;
      default -> throw new IllegalArgumentException(
          "set-loop-mode needs one of sequence, single, list, shuffle, custom; got '" + argument + "'");
    };
  }
}
