package io.baton.protocol;

import io.baton.api.AVCastControlCommand;
import io.baton.api.AVCastControlCommandType;
import io.baton.api.CastDevice;
import io.baton.api.LoopMode;
import io.baton.protocol.v1.CastCommand;
import io.baton.protocol.v1.CastCommandType;

/** Converts the cast API's values to their {@code cast_service.proto} messages and back: the one mapping for both. */
public final class CastConverters {
  private CastConverters() {}

  public static io.baton.protocol.v1.CastDevice toProto(CastDevice device) {
    return io.baton.protocol.v1.CastDevice.newBuilder()
        .setInfo(ProtoConverters.toProto(device.info()))
        .setAddress(device.address())
        .setSource(device.source())
        .build();
  }

  public static CastDevice fromProto(io.baton.protocol.v1.CastDevice proto) {
    return new CastDevice(ProtoConverters.fromProto(proto.getInfo()), proto.getAddress(), proto.getSource());
  }

  public static CastCommand toProto(AVCastControlCommand command) {
    CastCommand.Builder b = CastCommand.newBuilder().setCommandValue(command.command().value());
    Object p = command.parameter();
    if (p instanceof Long) {
      b.setTimeMs((Long) p);
    } else if (p instanceof Integer) {
      b.setVolume((Integer) p);
    } else if (p instanceof Double) {
      b.setSpeed((Double) p);
    } else if (p instanceof LoopMode) {
      b.setLoopModeValue(((LoopMode) p).value());
    }
    return b.build();
  }

  /** @throws IllegalArgumentException for an unknown command or loop mode number */
  public static AVCastControlCommand fromProto(CastCommand proto) {
    if (proto.getCommand() == CastCommandType.UNRECOGNIZED) {
      throw new IllegalArgumentException("unknown cast command " + proto.getCommandValue());
    }
    AVCastControlCommandType type = AVCastControlCommandType.fromValue(proto.getCommandValue());
    switch (proto.getParameterCase()) {
      case TIME_MS:
        return new AVCastControlCommand(type, proto.getTimeMs());
      case VOLUME:
        return new AVCastControlCommand(type, proto.getVolume());
      case SPEED:
        return new AVCastControlCommand(type, proto.getSpeed());
      case LOOP_MODE:
        return new AVCastControlCommand(type, LoopMode.fromValue(proto.getLoopModeValue()));
      default:
        return new AVCastControlCommand(type, null);
    }
  }
}
