package io.baton.cli;

import io.baton.api.AVSessionManager;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code baton move SESSION DEVICE|local}: moves a session's output to a connected device, or back. */
@Command(name = "move", description = {
    "Move a session's output to a connected device (upstream castAudio): the device gets a session with the same tag "
        + "and type that its controllers drive; commands come back to the owning app.",
    "`baton move SESSION local` brings it back."})
final class MoveCommand implements Callable<Integer> {
  @ParentCommand private BatonCli root;
  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SESSION", description = "A local session's id (or a unique prefix).")
  private String session;

  @Parameters(index = "1", paramLabel = "DEVICE", description = "A connected device's id or name, or `local`.")
  private String device;

  @Override
  public Integer call() {
    try (AVSessionManager manager = root.connect()) {
      String sessionId = SessionIds.resolve(manager, session);
      Futures.await(manager.getDeviceManager().moveSession(sessionId, device));
    }
    return 0;
  }
}
