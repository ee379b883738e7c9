package p2pshare.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientOptionsTest {

  @Test
  void dataDirDefaultsToOnePerPortSoTwoClientsNeverShare() {
    ClientOptions o = ClientOptions.parse(new String[] {"127.0.0.1:7000", "tracker_info.txt"});
    assertEquals("127.0.0.1", o.host());
    assertEquals(7000, o.port());
    assertEquals(Path.of("tracker_info.txt"), o.trackerFile());
    assertEquals(Path.of("data", "client-7000"), o.dataDir());
    assertEquals(Optional.empty(), o.ui());
  }

  @Test
  void optionsMayComeAnywhere() {
    ClientOptions o =
        ClientOptions.parse(
            new String[] {"--ui", "127.0.0.1:0", "10.0.0.5:7001", "--data-dir", "/tmp/d", "t.txt"});
    assertEquals("10.0.0.5:7001", o.peerAddress());
    assertEquals(Path.of("/tmp/d"), o.dataDir());
    assertEquals(Optional.of("127.0.0.1:0"), o.ui());
  }

  @Test
  void badArgumentsSayWhatIsWrong() {
    assertMessage("missing IP:PORT", new String[] {});
    assertMessage("missing tracker_info.txt", new String[] {"127.0.0.1:7000"});
    assertMessage("has no valid port (1-65535)", new String[] {"127.0.0.1:0", "t.txt"});
    assertMessage("is not HOST:PORT", new String[] {"7000", "t.txt"});
    assertMessage("unknown option --verbose", new String[] {"127.0.0.1:7000", "t.txt", "--verbose"});
    assertMessage("--data-dir needs a value", new String[] {"127.0.0.1:7000", "t.txt", "--data-dir"});
    assertMessage("unexpected argument 'extra'", new String[] {"127.0.0.1:7000", "t.txt", "extra"});
  }

  private static void assertMessage(String expected, String[] args) {
    var e = assertThrows(IllegalArgumentException.class, () -> ClientOptions.parse(args));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }
}
