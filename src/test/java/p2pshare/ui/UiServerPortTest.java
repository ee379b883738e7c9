package p2pshare.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class UiServerPortTest {
  private Vertx vertx;
  private int takenPort;

  @BeforeEach
  void takeAPort() {
    vertx = Vertx.vertx();
    NetServer squatter = vertx.createNetServer().connectHandler(socket -> socket.close());
    takenPort = squatter.listen(0, "127.0.0.1").await().actualPort();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  void derivedDefaultPortMovesToAFreeOneWhenTaken() {
    UiBinding derived = new UiBinding("127.0.0.1", takenPort, true);
    UiServer ui = new UiServer(derived);

    vertx.deployVerticle(ui).await();

    assertNotEquals(takenPort, ui.port());
    assertTrue(ui.url().startsWith("http://127.0.0.1:" + ui.port() + "/"), ui.url());
  }

  @Test
  void portTheUserNamedFailsWithAHintWhenTaken() {
    UiServer ui = new UiServer(UiBinding.parse("127.0.0.1:" + takenPort));

    IllegalStateException failure =
        assertThrows(IllegalStateException.class, () -> vertx.deployVerticle(ui).await());

    assertEquals(
        "UI port 127.0.0.1:" + takenPort + " is taken (choose another with --ui HOST:PORT)",
        failure.getMessage());
  }
}
