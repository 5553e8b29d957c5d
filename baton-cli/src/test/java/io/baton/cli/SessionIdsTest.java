package io.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.baton.api.AVSessionDescriptor;
import io.baton.api.AVSessionErrorCode;
import io.baton.api.AVSessionException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests for {@link SessionIds}. */
class SessionIdsTest {
  private static final String ID_A = "ABC1" + "0".repeat(60);
  private static final String ID_B = "ABC2" + "0".repeat(60);
  private static final List<AVSessionDescriptor> SESSIONS = List.of(descriptor(ID_A), descriptor(ID_B));

  @Test
  void match_uniquePrefix_returnsTheFullId() {
    assertThat(SessionIds.match("ABC2", SESSIONS)).isEqualTo(ID_B);
  }

  @Test
  void match_lowerCasePrefix_matchesIgnoringCase() {
    assertThat(SessionIds.match("abc1", SESSIONS)).isEqualTo(ID_A);
  }

  @Test
  void match_fullId_returnsIt() {
    assertThat(SessionIds.match(ID_A, SESSIONS)).isEqualTo(ID_A);
  }

  @Test
  void match_ambiguousPrefix_throwsSessionNotExistNamingTheCount() {
    assertThatThrownBy(() -> SessionIds.match("ABC", SESSIONS))
        .isInstanceOfSatisfying(AVSessionException.class, e -> {
          assertThat(e.errorCode()).isEqualTo(AVSessionErrorCode.SESSION_NOT_EXIST);
          assertThat(e.detail()).startsWith("'ABC' is ambiguous: 2 session ids start with it");
        });
  }

  @Test
  void match_noMatch_throwsSessionNotExist() {
    assertThatThrownBy(() -> SessionIds.match("FF", SESSIONS))
        .isInstanceOfSatisfying(AVSessionException.class, e -> {
          assertThat(e.errorCode()).isEqualTo(AVSessionErrorCode.SESSION_NOT_EXIST);
          assertThat(e.detail()).isEqualTo("no session id starts with 'FF'");
        });
  }

  @Test
  void match_emptyPrefix_throwsInvalidParameter() {
    assertThatThrownBy(() -> SessionIds.match("", SESSIONS))
        .isInstanceOfSatisfying(AVSessionException.class,
            e -> assertThat(e.errorCode()).isEqualTo(AVSessionErrorCode.INVALID_PARAMETER));
  }

  private static AVSessionDescriptor descriptor(String id) {
    return AVSessionDescriptor.builder().setSessionId(id).build();
  }
}
