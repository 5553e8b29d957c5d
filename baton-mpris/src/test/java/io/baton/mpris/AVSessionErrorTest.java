package io.baton.mpris;

import static org.assertj.core.api.Assertions.assertThat;

import io.baton.api.AVSessionErrorCode;
import org.freedesktop.dbus.connections.AbstractConnection;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Tests for {@link AVSessionError}. */
class AVSessionErrorTest {

  @ParameterizedTest
  @EnumSource(AVSessionErrorCode.class)
  void of_everyCode_hasItsOwnDBusErrorName(AVSessionErrorCode code) {
    DBusExecutionException error = AVSessionError.of(code.toException("detail"));

    // dbus-java names the D-Bus error after the exception's class, '$' turned into '.'.
    String wireName = AbstractConnection.DOLLAR_PATTERN.matcher(error.getClass().getName()).replaceAll(".");
    assertThat(AVSessionError.covers(code)).isTrue();
    assertThat(wireName).isEqualTo(AVSessionError.name(code)).isEqualTo(AVSessionError.NAME_PREFIX + code.code());
  }

  @Test
  void of_inactiveSession_messageCarriesCodeMessageAndDetail() {
    DBusExecutionException error = AVSessionError.of(AVSessionErrorCode.SESSION_INACTIVE.toException("demo"));

    assertThat(error.getMessage()).isEqualTo("6600106: The session is not activated. (demo)");
    assertThat(AVSessionError.name(AVSessionErrorCode.SESSION_INACTIVE))
        .isEqualTo("io.baton.mpris.AVSessionError.Code6600106");
  }
}
