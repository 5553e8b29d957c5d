package io.baton.cli;

import io.baton.api.AVSessionManager;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code baton unpair DEVICE}: forgets a paired device. */
@Command(name = "unpair", description = "Forget a paired device: its link closes, its sessions disappear here.")
final class UnpairCommand implements Callable<Integer> {
  @ParentCommand private BatonCli root;
  @Spec private CommandSpec spec;

  @Parameters(paramLabel = "DEVICE", description = "A paired device's id or name.")
  private String device;

  @Override
  public Integer call() {
    try (AVSessionManager manager = root.connect()) {
      Futures.await(manager.getDeviceManager().unpair(device));
    }
    return 0;
  }
}
