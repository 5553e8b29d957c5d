package io.baton.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.api.AVMetadata;
import io.baton.api.AVPlaybackState;
import io.baton.api.AVQueueItem;
import io.baton.api.AVSessionController;
import io.baton.api.AVSessionDescriptor;
import io.baton.api.AVSessionManager;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code baton show SESSION}: one session's state, read through a controller: the descriptor's fields (as in
 * {@code ls}) plus {@code metadata}, {@code playbackState} (with {@code realPosition}, the extrapolated position now),
 * {@code validCommands}, {@code queueTitle} and {@code queueItems}.
 */
@Command(name = "show", description = "Show one session's metadata, playback state, commands and queue.")
final class ShowCommand implements Callable<Integer> {
  @ParentCommand private BatonCli root;
  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SESSION", description = "A session id or a unique prefix of one.")
  private String session;

  @Override
  public Integer call() {
    ObjectNode node;
    try (AVSessionManager manager = root.connect()) {
      AVSessionController controller =
          Futures.await(manager.createController(SessionIds.resolve(manager, session)));
      node = read(controller);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(root.json() ? Json.line(node) + "\n" : Json.text(node));
    out.flush();
    return 0;
  }

  /** Everything {@code show} prints, read through {@code controller}. */
  static ObjectNode read(AVSessionController controller) {
    CompletableFuture<AVSessionDescriptor> descriptor = controller.getDescriptor();
    CompletableFuture<AVMetadata> metadata = controller.getAVMetadata();
    CompletableFuture<AVPlaybackState> playbackState = controller.getAVPlaybackState();
    CompletableFuture<List<String>> validCommands = controller.getValidCommands();
    CompletableFuture<String> queueTitle = controller.getAVQueueTitle();
    CompletableFuture<List<AVQueueItem>> queueItems = controller.getAVQueueItems();

    ObjectNode node = Json.descriptor(Futures.await(descriptor));
    node.set("metadata", Json.metadata(Futures.await(metadata)));
    ObjectNode state = Json.playbackState(Futures.await(playbackState));
    // After getAVPlaybackState completed, so that the extrapolation starts from the state just read.
    state.put("realPosition", controller.getRealPlaybackPosition());
    node.set("playbackState", state);
    node.set("validCommands", Json.strings(Futures.await(validCommands)));
    node.put("queueTitle", Futures.await(queueTitle));
    node.set("queueItems", Json.queueItems(Futures.await(queueItems)));
    return node;
  }
}
