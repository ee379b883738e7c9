package p2pshare.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class UiGateTest {
  private static final int PORT = 7000;
  private final UiSecret secret = UiSecret.random();
  private final UiGate gate = new UiGate(secret, "127.0.0.1");
  private final String root = "/" + secret.value() + "/";

  @Test
  void ownPageWithTheSecretIsAdmitted() {
    assertEquals(Optional.empty(), gate.judge(root, "127.0.0.1", PORT, null, PORT));
    assertEquals(
        Optional.empty(),
        gate.judge(root + "eventbus/websocket", "localhost", PORT, "http://localhost:7000", PORT));
    assertEquals(
        Optional.empty(),
        gate.judge(
            root.substring(0, root.length() - 1),
            "127.0.0.1",
            PORT,
            "http://127.0.0.1:7000",
            PORT));
  }

  @Test
  void missingOrWrongSecretIsRefused() {
    assertEquals(403, status(gate.judge("/", "127.0.0.1", PORT, null, PORT)));
    assertEquals(
        403, status(gate.judge("/" + secret.value() + "x/", "127.0.0.1", PORT, null, PORT)));
    assertEquals(
        403, status(gate.judge("/x/" + secret.value() + "/", "127.0.0.1", PORT, null, PORT)));
    assertEquals(
        403,
        status(gate.judge("/" + UiSecret.random().value() + "/", "127.0.0.1", PORT, null, PORT)));
  }

  @Test
  void foreignOriginsAreRefused() {
    for (String origin :
        new String[] {
          "http://evil.example",
          "http://127.0.0.1:7001",
          "https://127.0.0.1:7000",
          "null",
          "http://127.0.0.1"
        }) {
      assertEquals(403, status(gate.judge(root, "127.0.0.1", PORT, origin, PORT)), origin);
    }
  }

  @Test
  void otherHostNamesAndPortsAreRefusedAgainstDnsRebinding() {
    assertEquals(421, status(gate.judge(root, "evil.example", PORT, null, PORT)));
    assertEquals(421, status(gate.judge(root, "127.0.0.1", 80, null, PORT)));
    assertEquals(421, status(gate.judge(root, null, -1, null, PORT)));
  }

  @Test
  void theBoundLoopbackAddressIsAlsoItsOwnName() {
    UiGate other = new UiGate(secret, "127.0.0.2");
    assertEquals(
        Optional.empty(), other.judge(root, "127.0.0.2", PORT, "http://127.0.0.2:7000", PORT));
  }

  private static int status(Optional<UiGate.Refusal> refusal) {
    return refusal.orElseThrow().status();
  }
}
