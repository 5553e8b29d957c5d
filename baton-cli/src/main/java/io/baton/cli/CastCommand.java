package io.baton.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.api.AVCastControlCommand;
import io.baton.api.AVCastController;
import io.baton.api.AVCastManager;
import io.baton.api.AVMediaDescription;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVQueueItem;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.AVSessionManager;
import io.baton.api.CastDevice;
import io.baton.api.LoopMode;
import io.baton.api.Nullable;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code baton cast …}: DLNA casting from the command line, through the SDK's {@link AVCastManager}. Same exit codes
 * and {@code --json} error shape as every other command.
 */
@Command(
    name = "cast",
    description = "Cast a session's media to DLNA/UPnP renderers (the daemon must run with --cast).",
    subcommands = {
      CastCommand.Devices.class,
      CastCommand.Add.class,
      CastCommand.Start.class,
      CastCommand.Send.class,
      CastCommand.State.class,
      CastCommand.Stop.class
    })
final class CastCommand implements Callable<Integer> {
  @ParentCommand BatonCli root;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand: devices, add, start, send, state "
        + "or stop");
  }

  /** A device as {@code cast devices --json} prints it. */
  static ObjectNode device(CastDevice d) {
    ObjectNode node = Json.object();
    node.put("deviceId", d.deviceId());
    node.put("name", d.info().deviceName());
    node.put("model", d.info().modelName());
    ArrayNode protocols = node.putArray("protocols");
    if ((d.info().supportedProtocols() & CastDevice.TYPE_DLNA) != 0) {
      protocols.add("DLNA");
    }
    node.put("address", d.address());
    node.put("source", d.source());
    return node;
  }

  /** The renderer DEVICE names: a device id, a unique prefix of one, or a unique friendly name. */
  static CastDevice resolveDevice(AVCastManager cast, String wanted) {
    List<CastDevice> devices = Futures.await(cast.getCastDevices(Duration.ZERO));
    List<CastDevice> matches = devices.stream()
        .filter(d -> d.deviceId().equals(wanted) || d.info().deviceName().equals(wanted))
        .collect(Collectors.toList());
    if (matches.isEmpty()) {
      matches = devices.stream().filter(d -> d.deviceId().startsWith(wanted)
          || d.deviceId().startsWith("uuid:" + wanted)).collect(Collectors.toList());
    }
    if (matches.size() != 1) {
      throw new AVSessionException(AVSessionErrorCode.DEVICE_CONNECTION_FAILED, (matches.isEmpty()
          ? "no known renderer is called '" + wanted + "'" : "'" + wanted + "' matches " + matches.size()
          + " renderers") + "; known: " + devices.stream().map(d -> d.deviceId() + " (" + d.info().deviceName()
          + ")").collect(Collectors.joining(", ")));
    }
    return matches.get(0);
  }

  /** {@code baton cast devices [--search MS]}. */
  @Command(name = "devices", description = "List the known renderers (after an SSDP search of --search MS).")
  static final class Devices implements Callable<Integer> {
    @ParentCommand CastCommand parent;
    @Spec CommandSpec spec;

    @Option(names = "--search", paramLabel = "MS", defaultValue = "0",
        description = "Search for renderers for MS milliseconds first (at most 10000; default: ${DEFAULT-VALUE}).")
    long searchMs;

    @Override
    public Integer call() {
      if (searchMs < 0 || searchMs > 10_000) {
        throw new ParameterException(spec.commandLine(), "--search must be from 0 to 10000, was " + searchMs);
      }
      PrintWriter out = spec.commandLine().getOut();
      try (AVSessionManager manager = parent.root.connect()) {
        List<CastDevice> devices = Futures.await(manager.getCastManager()
            .getCastDevices(Duration.ofMillis(searchMs)));
        if (parent.root.json()) {
          ArrayNode array = Json.MAPPER.createArrayNode();
          devices.forEach(d -> array.add(device(d)));
          out.println(Json.line(array));
        } else {
          for (CastDevice d : devices) {
            out.println(d.deviceId() + "  " + d.info().deviceName() + "  " + d.info().modelName() + "  "
                + d.address());
          }
        }
      }
      out.flush();
      return 0;
    }
  }

  /** {@code baton cast add URL}. */
  @Command(name = "add", description = "Add a renderer by its device description URL (no multicast needed).")
  static final class Add implements Callable<Integer> {
    @ParentCommand CastCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URL", description = "e.g. http://192.168.1.20:49494/description.xml")
    String url;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (AVSessionManager manager = parent.root.connect()) {
        CastDevice d = Futures.await(manager.getCastManager().addCastDevice(url));
        out.println(parent.root.json() ? Json.line(device(d)) : d.deviceId() + "  " + d.info().deviceName());
      }
      out.flush();
      return 0;
    }
  }

  /** What {@code cast start} plays: exactly one of a URL or a local file. */
  static final class Media {
    @Option(names = "--url", paramLabel = "URL", required = true, description = "An http(s) URL of the media.")
    @Nullable String url;

    @Option(names = "--file", paramLabel = "PATH", required = true,
        description = "A local file, served by the daemon for as long as the cast lasts.")
    @Nullable Path file;
  }

  /** {@code baton cast start SESSION DEVICE (--url URL | --file PATH)}. */
  @Command(name = "start", description = "Cast a session to a renderer and play media there.")
  static final class Start implements Callable<Integer> {
    @ParentCommand CastCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SESSION", description = "A session id or a unique prefix of one.")
    String session;

    @Parameters(index = "1", paramLabel = "DEVICE", description = "A renderer's id (or unique prefix) or name.")
    String device;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Media media;

    @Option(names = "--title", paramLabel = "TITLE", description = "Title sent to the renderer (DIDL-Lite).")
    @Nullable String title;

    @Option(names = "--artist", paramLabel = "ARTIST", description = "Artist sent to the renderer.")
    @Nullable String artist;

    @Option(names = "--duration", paramLabel = "MS", description = "Duration sent to the renderer, ms.")
    int durationMs;

    @Option(names = "--prepare", description = "Load the media without playing it.")
    boolean prepareOnly;

    @Override
    public Integer call() {
      String uri;
      String assetId;
      if (media.file != null) {
        Path path = media.file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
          throw new ParameterException(spec.commandLine(), "--file " + media.file + ": no such file");
        }
        uri = path.toUri().toString();
        assetId = path.getFileName().toString();
      } else {
        uri = media.url;
        assetId = media.url;
      }
      AVMediaDescription description = AVMediaDescription.builder().setAssetId(assetId).setMediaUri(uri)
          .setTitle(title != null ? title : assetId).setArtist(artist != null ? artist : "")
          .setDurationMs(durationMs).build();
      PrintWriter out = spec.commandLine().getOut();
      try (AVSessionManager manager = parent.root.connect()) {
        String sessionId = SessionIds.resolve(manager, session);
        AVCastManager cast = manager.getCastManager();
        CastDevice target = resolveDevice(cast, device);
        Futures.await(cast.startCasting(sessionId, target.toOutputDeviceInfo()));
        AVCastController controller = Futures.await(cast.getAVCastController(sessionId));
        AVQueueItem item = new AVQueueItem(1, description);
        Futures.await(prepareOnly ? controller.prepare(item) : controller.start(item));
        if (parent.root.json()) {
          out.println(Json.line(Json.object().put("ok", true).put("sessionId", sessionId)
              .put("deviceId", target.deviceId())));
        }
      }
      out.flush();
      return 0;
    }
  }

  /** {@code baton cast send SESSION COMMAND [ARG]}. */
  @Command(name = "send", description = "Send a command to the renderer a session is cast to.",
      footer = {"", "Commands: play, pause, stop, play-next, play-previous, fast-forward [MS], rewind [MS], seek MS,",
          "  set-volume 0..100, set-speed X, set-loop-mode sequence|single|list|shuffle, toggle-mute"})
  static final class Send implements Callable<Integer> {
    @ParentCommand CastCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SESSION") String session;

    @Parameters(index = "1", paramLabel = "COMMAND") String command;

    @Parameters(index = "2", arity = "0..1", paramLabel = "ARG") @Nullable String argument;

    @Override
    public Integer call() {
      AVCastControlCommand castCommand;
      try {
        castCommand = toCastCommand(command, argument);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      PrintWriter out = spec.commandLine().getOut();
      try (AVSessionManager manager = parent.root.connect()) {
        String sessionId = SessionIds.resolve(manager, session);
        AVCastController controller = Futures.await(manager.getCastManager().getAVCastController(sessionId));
        Futures.await(controller.sendControlCommand(castCommand));
        if (parent.root.json()) {
          out.println("{\"ok\":true}");
        }
      }
      out.flush();
      return 0;
    }
  }

  /**
   * The cast command {@code name} and {@code argument} mean.
   *
   * @throws IllegalArgumentException naming the problem
   */
  static AVCastControlCommand toCastCommand(String name, @Nullable String argument) {
    switch (name) {
      case "play":
        return none(name, argument, AVCastControlCommand.play());
      case "pause":
        return none(name, argument, AVCastControlCommand.pause());
      case "stop":
        return none(name, argument, AVCastControlCommand.stop());
      case "play-next":
        return none(name, argument, AVCastControlCommand.playNext());
      case "play-previous":
        return none(name, argument, AVCastControlCommand.playPrevious());
      case "toggle-mute":
        return none(name, argument, AVCastControlCommand.toggleMute());
      case "fast-forward":
        return argument == null ? AVCastControlCommand.of(io.baton.api.AVCastControlCommandType.FAST_FORWARD)
            : AVCastControlCommand.fastForward(number(name, argument));
      case "rewind":
        return argument == null ? AVCastControlCommand.of(io.baton.api.AVCastControlCommandType.REWIND)
            : AVCastControlCommand.rewind(number(name, argument));
      case "seek":
        return AVCastControlCommand.seek(number(name, required(name, argument)));
      case "set-volume":
        long volume = number(name, required(name, argument));
        if (volume > Integer.MAX_VALUE) {
          throw new IllegalArgumentException("set-volume needs 0..100, got " + argument);
        }
        return AVCastControlCommand.setVolume((int) volume);
      case "set-speed":
        try {
          return AVCastControlCommand.setSpeed(Double.parseDouble(required(name, argument)));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("set-speed needs a number such as 1.5, got '" + argument + "'");
        }
      case "set-loop-mode":
        try {
          return AVCastControlCommand.setLoopMode(
              LoopMode.valueOf(required(name, argument).toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("set-loop-mode needs sequence, single, list or shuffle; got '"
              + argument + "'");
        }
      default:
        throw new IllegalArgumentException("Unknown cast command '" + name + "'; commands: play, pause, stop, "
            + "play-next, play-previous, fast-forward, rewind, seek, set-volume, set-speed, set-loop-mode, "
            + "toggle-mute");
    }
  }

  private static AVCastControlCommand none(String name, @Nullable String argument, AVCastControlCommand c) {
    if (argument != null) {
      throw new IllegalArgumentException(name + " takes no argument, got '" + argument + "'");
    }
    return c;
  }

  private static String required(String name, @Nullable String argument) {
    if (argument == null) {
      throw new IllegalArgumentException(name + " needs an argument");
    }
    return argument;
  }

  private static long number(String name, String argument) {
    if (!argument.matches("[0-9]{1,18}")) {
      throw new IllegalArgumentException(name + " needs a whole number (0 or more), got '" + argument + "'");
    }
    return Long.parseLong(argument);
  }

  /** {@code baton cast state SESSION}. */
  @Command(name = "state", description = "Show the renderer's state for a session being cast.")
  static final class State implements Callable<Integer> {
    @ParentCommand CastCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SESSION") String session;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (AVSessionManager manager = parent.root.connect()) {
        String sessionId = SessionIds.resolve(manager, session);
        AVCastController controller = Futures.await(manager.getCastManager().getAVCastController(sessionId));
        AVPlaybackState state = Futures.await(controller.getAVPlaybackState());
        Optional<AVQueueItem> item = Futures.await(controller.getCurrentItem());
        List<String> commands = Futures.await(controller.getValidCommands());
        long position = controller.getRealPlaybackPosition();
        ObjectNode node = Json.object();
        node.put("sessionId", sessionId);
        node.put("state", String.valueOf(state.state()));
        node.put("position", position);
        node.put("duration", state.durationMs() == null ? 0 : state.durationMs());
        node.put("uri", item.map(i -> i.description().mediaUri()).orElse(""));
        node.put("title", item.map(i -> i.description().title()).orElse(""));
        node.put("speed", state.speed());
        node.put("volume", state.volume());
        node.put("muted", state.muted());
        node.put("loopMode", String.valueOf(state.loopMode()));
        node.set("validCommands", Json.strings(commands));
        if (parent.root.json()) {
          out.println(Json.line(node));
        } else {
          node.fields().forEachRemaining(e -> out.println(e.getKey() + ": " + e.getValue().asText(
              e.getValue().toString())));
        }
      }
      out.flush();
      return 0;
    }
  }

  /** {@code baton cast stop SESSION}. */
  @Command(name = "stop", description = "Stop the renderer and end the session's cast.")
  static final class Stop implements Callable<Integer> {
    @ParentCommand CastCommand parent;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SESSION") String session;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (AVSessionManager manager = parent.root.connect()) {
        Futures.await(manager.getCastManager().stopCasting(SessionIds.resolve(manager, session)));
        if (parent.root.json()) {
          out.println("{\"ok\":true}");
        }
      }
      out.flush();
      return 0;
    }
  }
}
