package io.baton.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.AVSessionManager;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code baton dump}: the daemon's internal state (sessions, controllers, clients, rate limiting), pretty-printed. */
@Command(name = "dump", description = "Print the daemon's internal state as JSON.")
final class DumpCommand implements Callable<Integer> {
  @ParentCommand private BatonCli root;
  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    String dump;
    try (AVSessionManager manager = root.connect()) {
      dump = Futures.await(manager.dump());
    }
    PrintWriter out = spec.commandLine().getOut();
    try {
      out.println(Json.pretty(wholeNumbers(Json.MAPPER.readTree(dump))));
    } catch (JsonProcessingException e) {
      throw new AVSessionException(AVSessionErrorCode.SERVICE_EXCEPTION, "the daemon's dump is not JSON: " + e, e);
    }
    out.flush();
    return 0;
  }

  /** The dump travels as a protobuf Struct, whose numbers are all doubles: print counts and pids as integers. */
  private static JsonNode wholeNumbers(JsonNode node) {
    if (node.isDouble() && node.doubleValue() == Math.rint(node.doubleValue())
        && Math.abs(node.doubleValue()) < 1e15) {
      return LongNode.valueOf(node.longValue());
    }
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      object.fieldNames().forEachRemaining(name -> object.set(name, wholeNumbers(object.get(name))));
    } else if (node.isArray()) {
      ArrayNode array = (ArrayNode) node;
      for (int i = 0; i < array.size(); i++) {
        array.set(i, wholeNumbers(array.get(i)));
      }
    }
    return node;
  }
}
