package io.baton.cast.dlna;

import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import io.baton.api.CastDevice;
import io.baton.api.Nullable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jupnp.controlpoint.ActionCallback;
import org.jupnp.controlpoint.ControlPoint;
import org.jupnp.model.action.ActionArgumentValue;
import org.jupnp.model.action.ActionException;
import org.jupnp.model.action.ActionInvocation;
import org.jupnp.model.message.UpnpResponse;
import org.jupnp.model.meta.Action;
import org.jupnp.model.meta.ActionArgument;
import org.jupnp.model.meta.RemoteDevice;
import org.jupnp.model.meta.RemoteService;
import org.jupnp.model.meta.StateVariable;
import org.jupnp.model.types.UDAServiceType;

/**
 * One MediaRenderer and its services, and the only place where UPnP actions are invoked: stringly typed jUPnP calls
 * go in, plain maps and {@link AVSessionException}s come out.
 *
 * <p>Every action runs on Baton's I/O executor with jUPnP's synchronous path (so the transport failure, if any, is
 * known on that thread) and is bounded by the control deadline. An action is never sent with an input argument
 * missing: some renderers crash on that (gmediarender does on a Seek without Unit/Target).
 */
final class Renderer {
  enum Kind { AV_TRANSPORT, RENDERING_CONTROL, CONNECTION_MANAGER }

  private final RemoteDevice device;
  private final CastDevice castDevice;
  private final Map<Kind, RemoteService> services = new HashMap<>();
  private final ControlPoint controlPoint;
  private final Executor io;
  private final Duration deadline;

  Renderer(RemoteDevice device, CastDevice castDevice, ControlPoint controlPoint, Executor io, Duration deadline) {
    this.device = device;
    this.castDevice = castDevice;
    this.controlPoint = controlPoint;
    this.io = io;
    this.deadline = deadline;
    put(Kind.AV_TRANSPORT, "AVTransport");
    put(Kind.RENDERING_CONTROL, "RenderingControl");
    put(Kind.CONNECTION_MANAGER, "ConnectionManager");
  }

  private void put(Kind kind, String type) {
    RemoteService service = device.findService(new UDAServiceType(type));
    if (service != null) {
      services.put(kind, service);
    }
  }

  /** Whether {@code device} can be cast to: it has an AVTransport service. */
  static boolean isRenderer(RemoteDevice device) {
    return device.findService(new UDAServiceType("AVTransport")) != null;
  }

  ControlPoint controlPoint() {
    return controlPoint;
  }

  Executor io() {
    return io;
  }

  CastDevice castDevice() {
    return castDevice;
  }

  String id() {
    return castDevice.deviceId();
  }

  RemoteDevice device() {
    return device;
  }

  @Nullable RemoteService service(Kind kind) {
    return services.get(kind);
  }

  /** Whether the service of {@code kind} has the action {@code name}. */
  boolean hasAction(Kind kind, String name) {
    RemoteService service = services.get(kind);
    return service != null && service.getAction(name) != null;
  }

  /** The allowed values of a state variable of the service of {@code kind} (empty when not declared). */
  List<String> allowedValues(Kind kind, String variable) {
    RemoteService service = services.get(kind);
    StateVariable<RemoteService> v = service == null ? null : service.getStateVariable(variable);
    if (v == null || v.getTypeDetails().getAllowedValues() == null) {
      return List.of();
    }
    List<String> values = new ArrayList<>();
    for (String value : v.getTypeDetails().getAllowedValues()) {
      values.add(value.trim());
    }
    return values;
  }

  /**
   * Invokes {@code action} of the service of {@code kind} with {@code inputs} (every input argument but InstanceID,
   * which is 0): completes with the output arguments by name, or fails with the mapped error.
   */
  CompletableFuture<Map<String, String>> invoke(Kind kind, String action, Map<String, String> inputs) {
    CompletableFuture<Map<String, String>> result = new CompletableFuture<>();
    try {
      io.execute(() -> {
        try {
          result.complete(invokeNow(kind, action, inputs));
        } catch (AVSessionException e) {
          result.completeExceptionally(e);
        } catch (RuntimeException e) {
          result.completeExceptionally(new AVSessionException(AVSessionErrorCode.ERR_CODE_REMOTE_ERROR,
              action + " failed: " + CastErrors.describe(e), e));
        }
      });
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(new AVSessionException(AVSessionErrorCode.MESSAGE_OVERLOAD,
          "too many renderer calls in flight"));
    }
    return result;
  }

  private Map<String, String> invokeNow(Kind kind, String actionName, Map<String, String> inputs) {
    RemoteService service = services.get(kind);
    Action<RemoteService> action = service == null ? null : service.getAction(actionName);
    if (action == null) {
      throw new AVSessionException(AVSessionErrorCode.COMMAND_INVALID,
          "the renderer has no " + actionName + " action");
    }
    ActionInvocation<RemoteService> invocation = new ActionInvocation<>(action);
    for (ActionArgument<RemoteService> argument : action.getInputArguments()) {
      String name = argument.getName();
      String value = name.equals("InstanceID") ? inputs.getOrDefault(name, "0") : inputs.get(name);
      if (value == null) {
        // A programming error in Baton: the renderer must never see it.
        throw new IllegalStateException(actionName + " needs argument " + name);
      }
      invocation.setInput(name, value);
    }
    Map<String, String> outputs = new LinkedHashMap<>();
    AVSessionException[] failure = new AVSessionException[1];
    ActionCallback callback = new ActionCallback(invocation, controlPoint) {
      @Override
      public void success(ActionInvocation invocation) {
        for (ActionArgumentValue<?> value : ((ActionInvocation<?>) invocation).getOutput()) {
          outputs.put(value.getArgument().getName(), value.getValue() == null ? "" : value.toString());
        }
      }

      @Override
      public void failure(ActionInvocation invocation, UpnpResponse operation, String defaultMessage) {
        IOException transport = JdkStreamClient.lastFailure();
        ActionException fault = invocation.getFailure();
        if (transport != null) {
          failure[0] = CastErrors.fromTransport(actionName, transport, deadline);
        } else if (fault != null && operation != null) {
          failure[0] = CastErrors.fromFault(actionName, fault.getErrorCode(), fault.getMessage());
        } else {
          failure[0] = new AVSessionException(AVSessionErrorCode.ERR_CODE_REMOTE_ERROR,
              actionName + " failed: " + defaultMessage);
        }
      }
    };
    callback.run();
    if (failure[0] != null) {
      throw failure[0];
    }
    return outputs;
  }
}
