package io.baton.mpris;

import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import java.util.Map;
import java.util.function.Function;
import org.freedesktop.dbus.exceptions.DBusExecutionException;

/**
 * The D-Bus errors an exported session answers with when Baton refuses a call: one error name per
 * {@link AVSessionErrorCode}, {@value #NAME_PREFIX}{@code <code>} (for example
 * {@code io.baton.mpris.AVSessionError.Code6600106}), with the message {@code "<code>: <message> (<detail>)"}.
 *
 * <p>dbus-java names the D-Bus error of an exception thrown by an exported method after the exception's Java class
 * (with {@code $} turned into {@code .}) and offers no other way to choose it, hence one nested class per code.
 * {@code AVSessionErrorTest} checks that every code has one.
 */
/* package */ final class AVSessionError {
  /** Every error name starts with this, followed by the decimal code. */
  static final String NAME_PREFIX = "io.baton.mpris.AVSessionError.Code";

  private static final Map<Integer, Function<String, AVSessionDBusException>> BY_CODE = Map.ofEntries(
      Map.entry(201, Code201::new),
      Map.entry(202, Code202::new),
      Map.entry(401, Code401::new),
      Map.entry(6600101, Code6600101::new),
      Map.entry(6600102, Code6600102::new),
      Map.entry(6600103, Code6600103::new),
      Map.entry(6600104, Code6600104::new),
      Map.entry(6600105, Code6600105::new),
      Map.entry(6600106, Code6600106::new),
      Map.entry(6600107, Code6600107::new),
      Map.entry(6600108, Code6600108::new),
      Map.entry(6600109, Code6600109::new),
      Map.entry(6611000, Code6611000::new),
      Map.entry(6611001, Code6611001::new),
      Map.entry(6611002, Code6611002::new),
      Map.entry(6611003, Code6611003::new),
      Map.entry(6611004, Code6611004::new),
      Map.entry(6611100, Code6611100::new),
      Map.entry(6611101, Code6611101::new),
      Map.entry(6611102, Code6611102::new),
      Map.entry(6611103, Code6611103::new),
      Map.entry(6611104, Code6611104::new),
      Map.entry(6611105, Code6611105::new),
      Map.entry(6611106, Code6611106::new),
      Map.entry(6611107, Code6611107::new),
      Map.entry(6611108, Code6611108::new),
      Map.entry(6612000, Code6612000::new),
      Map.entry(6612001, Code6612001::new),
      Map.entry(6612002, Code6612002::new),
      Map.entry(6612003, Code6612003::new),
      Map.entry(6612004, Code6612004::new),
      Map.entry(6612005, Code6612005::new),
      Map.entry(6612006, Code6612006::new),
      Map.entry(6612007, Code6612007::new),
      Map.entry(6612008, Code6612008::new),
      Map.entry(6612100, Code6612100::new),
      Map.entry(6612101, Code6612101::new),
      Map.entry(6612102, Code6612102::new),
      Map.entry(6612103, Code6612103::new),
      Map.entry(6612104, Code6612104::new),
      Map.entry(6612105, Code6612105::new),
      Map.entry(6612106, Code6612106::new),
      Map.entry(6612107, Code6612107::new));

  private AVSessionError() {}

  /** The D-Bus error for {@code e}: its code in the name, code, message and detail in the message. */
  static DBusExecutionException of(AVSessionException e) {
    String message = e.code() + ": " + e.getMessage();
    Function<String, AVSessionDBusException> factory = BY_CODE.get(e.code());
    // Every enum value has a class (see the test); the fallback only guards against a code added without one.
    return factory != null ? factory.apply(message) : new Code6600101(message);
  }

  /** The D-Bus error name for {@code code}. */
  static String name(AVSessionErrorCode code) {
    return NAME_PREFIX + code.code();
  }

  /** Whether a class exists for {@code code}. */
  static boolean covers(AVSessionErrorCode code) {
    return BY_CODE.containsKey(code.code());
  }

  /** The common type of the per-code errors. */
  abstract static class AVSessionDBusException extends DBusExecutionException {
    private static final long serialVersionUID = 1L;

    AVSessionDBusException(String message) {
      super(message);
    }
  }

  static final class Code201 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code201(String message) {
      super(message);
    }
  }

  static final class Code202 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code202(String message) {
      super(message);
    }
  }

  static final class Code401 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code401(String message) {
      super(message);
    }
  }

  static final class Code6600101 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6600101(String message) {
      super(message);
    }
  }

  static final class Code6600102 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6600102(String message) {
      super(message);
    }
  }

  static final class Code6600103 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6600103(String message) {
      super(message);
    }
  }

  static final class Code6600104 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6600104(String message) {
      super(message);
    }
  }

  static final class Code6600105 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6600105(String message) {
      super(message);
    }
  }

  static final class Code6600106 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6600106(String message) {
      super(message);
    }
  }

  static final class Code6600107 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6600107(String message) {
      super(message);
    }
  }

  static final class Code6600108 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6600108(String message) {
      super(message);
    }
  }

  static final class Code6600109 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6600109(String message) {
      super(message);
    }
  }

  static final class Code6611000 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6611000(String message) {
      super(message);
    }
  }

  static final class Code6611001 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6611001(String message) {
      super(message);
    }
  }

  static final class Code6611002 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6611002(String message) {
      super(message);
    }
  }

  static final class Code6611003 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6611003(String message) {
      super(message);
    }
  }

  static final class Code6611004 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6611004(String message) {
      super(message);
    }
  }

  static final class Code6611100 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6611100(String message) {
      super(message);
    }
  }

  static final class Code6611101 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6611101(String message) {
      super(message);
    }
  }

  static final class Code6611102 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6611102(String message) {
      super(message);
    }
  }

  static final class Code6611103 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6611103(String message) {
      super(message);
    }
  }

  static final class Code6611104 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6611104(String message) {
      super(message);
    }
  }

  static final class Code6611105 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6611105(String message) {
      super(message);
    }
  }

  static final class Code6611106 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6611106(String message) {
      super(message);
    }
  }

  static final class Code6611107 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6611107(String message) {
      super(message);
    }
  }

  static final class Code6611108 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6611108(String message) {
      super(message);
    }
  }

  static final class Code6612000 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6612000(String message) {
      super(message);
    }
  }

  static final class Code6612001 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6612001(String message) {
      super(message);
    }
  }

  static final class Code6612002 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6612002(String message) {
      super(message);
    }
  }

  static final class Code6612003 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6612003(String message) {
      super(message);
    }
  }

  static final class Code6612004 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6612004(String message) {
      super(message);
    }
  }

  static final class Code6612005 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6612005(String message) {
      super(message);
    }
  }

  static final class Code6612006 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6612006(String message) {
      super(message);
    }
  }

  static final class Code6612007 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6612007(String message) {
      super(message);
    }
  }

  static final class Code6612008 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6612008(String message) {
      super(message);
    }
  }

  static final class Code6612100 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6612100(String message) {
      super(message);
    }
  }

  static final class Code6612101 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6612101(String message) {
      super(message);
    }
  }

  static final class Code6612102 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6612102(String message) {
      super(message);
    }
  }

  static final class Code6612103 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6612103(String message) {
      super(message);
    }
  }

  static final class Code6612104 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6612104(String message) {
      super(message);
    }
  }

  static final class Code6612105 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6612105(String message) {
      super(message);
    }
  }

  static final class Code6612106 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6612106(String message) {
      super(message);
    }
  }

  static final class Code6612107 extends AVSessionDBusException {
    private static final long serialVersionUID = 1L;

    Code6612107(String message) {
      super(message);
    }
  }
}
