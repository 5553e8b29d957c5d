package io.baton.service.session;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** A recording {@link ClientHandle}: keeps everything the registry sends it. */
final class FakeClient implements ClientHandle {
  final Caller caller;
  final List<CommandRequest> commands = new CopyOnWriteArrayList<>();
  final List<ControllerEventRecord> controllerEvents = new CopyOnWriteArrayList<>();
  final List<ManagerEvent> managerEvents = new CopyOnWriteArrayList<>();
  volatile int capacity = Integer.MAX_VALUE;
  volatile long dropped;

  record ControllerEventRecord(long controllerId, ControllerEvent event) {}

  FakeClient(String appId, int pid, int uid, boolean trusted) {
    this.caller = new Caller(UUID.randomUUID().toString(), appId, pid, uid, trusted);
  }

  @Override
  public Caller caller() {
    return caller;
  }

  @Override
  public boolean offerCommand(CommandRequest request) {
    if (commands.size() >= capacity) {
      return false;
    }
    commands.add(request);
    return true;
  }

  @Override
  public void offerControllerEvent(long[] controllerIds, ControllerEvent event) {
    for (long id : controllerIds) {
      controllerEvents.add(new ControllerEventRecord(id, event));
    }
  }

  @Override
  public void offerManagerEvent(ManagerEvent event) {
    managerEvents.add(event);
  }

  @Override
  public long droppedEvents() {
    return dropped;
  }

  @Override
  public long coalescedEvents() {
    return 0;
  }

  @Override
  public int queuedEvents() {
    return commands.size();
  }

  /** Payloads of the controller events of one kind, in order. */
  List<Object> events(ControllerEvent.Kind kind) {
    return controllerEvents.stream().filter(r -> r.event().kind() == kind).map(r -> r.event().payload()).toList();
  }

  CommandRequest lastCommand() {
    return commands.get(commands.size() - 1);
  }
}
