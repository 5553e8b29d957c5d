package io.baton.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.baton.api.AVSessionDescriptor;
import io.baton.api.AVSessionManager;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code baton history [--max N]}: recently played sessions that are gone, newest first, as a table or (with
 * {@code --json}) an array of descriptors with {@code lastSeenTimeMs}.
 */
@Command(name = "history", description = "List recently played sessions that are no longer alive.")
final class HistoryCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  @ParentCommand private BatonCli root;
  @Spec private CommandSpec spec;

  @Option(
      names = "--max",
      paramLabel = "N",
      description = "How many entries, 1 to 10; 0 (the default) means the daemon's default, 3.")
  private int max;

  @Override
  public Integer call() {
    List<AVSessionDescriptor> entries;
    try (AVSessionManager manager = root.connect()) {
      entries = Futures.await(manager.getHistoricalSessionDescriptors(max));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (root.json()) {
      ArrayNode array = Json.MAPPER.createArrayNode();
      entries.forEach(d -> array.add(Json.historyEntry(d)));
      out.println(Json.line(array));
    } else {
      Table table = new Table("SESSION", "APP", "TAG", "TYPE", "LAST SEEN", "TITLE");
      entries.forEach(d -> table.addRow(LsCommand.shortId(d.sessionId()), d.appId(), d.tag(), d.type().label(),
          TIME.format(Instant.ofEpochMilli(d.lastSeenTimeMs())), d.title()));
      out.print(table.render());
    }
    out.flush();
    return 0;
  }
}
