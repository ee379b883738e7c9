package p2pshare.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UiBindingTest {
  @Test
  void defaultSitsAThousandAboveThePeerPortAndMayMove() {
    assertEquals(new UiBinding("127.0.0.1", 7000, true), UiBinding.besidePeerPort(6000));
  }

  @Test
  void peerPortsNearTheTopFallBackToAnyFreePort() {
    assertEquals(new UiBinding("127.0.0.1", 0, true), UiBinding.besidePeerPort(65_000));
  }

  @Test
  void aPortTheUserNamedStaysPut() {
    assertEquals(new UiBinding("127.0.0.1", 8080, false), UiBinding.parse("127.0.0.1:8080"));
    assertEquals(new UiBinding("localhost", 8080, false), UiBinding.parse("localhost:8080"));
    assertEquals(new UiBinding("127.0.0.1", 8080, false), UiBinding.parse("8080"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0.0:8080", "192.168.1.5:8080", "example.com:80", "128.0.0.1:1"})
  void nonLoopbackHostsAreRefused(String option) {
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> UiBinding.parse(option));
    assertTrue(refused.getMessage().contains("not a loopback address"), refused.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "127.0.0.1:", "127.0.0.1:http", "127.0.0.1:70000", "127.0.0.1:-1"})
  void malformedOptionsSayWhatIsExpected(String option) {
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> UiBinding.parse(option));
    assertTrue(
        refused.getMessage().startsWith("--ui") || refused.getMessage().contains("range"),
        refused.getMessage());
  }
}
