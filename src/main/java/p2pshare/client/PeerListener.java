package p2pshare.client;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;

/**
 * Listens for peers on the client's IP:PORT from the start, so the address the client announces
 * is always reachable, and hands each connection to the {@link PeerService}.
 */
public final class PeerListener extends VerticleBase {
  private final String host;
  private final int port;
  private final PeerService service;
  private NetServer server;

  public PeerListener(String host, int port, PeerService service) {
    this.host = host;
    this.port = port;
    this.service = service;
  }

  @Override
  public Future<?> start() {
    server = vertx.createNetServer().connectHandler(service::accept);
    return server
        .listen(port, host)
        .recover(e -> Future.failedFuture(new UserError(
            "cannot listen for peers on " + host + ":" + port + " (" + e.getMessage()
                + "); is another client using that port?")));
  }

  /** The bound port (differs from the requested one only when 0 was asked for). */
  public int actualPort() {
    return server.actualPort();
  }
}
