package p2pshare.client;

import io.vertx.core.net.NetSocket;

/**
 * What this client does with a peer that connects to it. The swarm engine implements it (the
 * BitTorrent handshake, token check, serving pieces); until then {@link #REFUSE_ALL} closes every
 * connection politely.
 */
@FunctionalInterface
public interface PeerService {
  /** Called on the listener's event loop for every accepted connection. */
  void accept(NetSocket socket);

  PeerService REFUSE_ALL = NetSocket::close;
}
