package p2pshare.tracker.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SwarmTest {
  private static final long EXPIRY = 90_000;

  @Test
  void peersSilentLongerThanTheExpiryAreOffline() {
    Swarm swarm =
        Swarm.EMPTY
            .announce("bob", "10.0.0.2:6881", false, 1_000, EXPIRY)
            .announce("alice", "10.0.0.1:6881", true, 50_000, EXPIRY);
    assertEquals(List.of("alice", "bob"), users(swarm.online(91_000, EXPIRY)));
    assertEquals(List.of("alice"), users(swarm.online(91_001, EXPIRY)));
  }

  private static List<String> users(List<Swarm.Peer> peers) {
    return peers.stream().map(Swarm.Peer::user).toList();
  }

  @Test
  void anAnnounceDropsPeersThatWentSilent() {
    Swarm swarm =
        Swarm.EMPTY
            .announce("bob", "10.0.0.2:6881", false, 0, EXPIRY)
            .announce("alice", "10.0.0.1:6881", true, 100_000, EXPIRY);
    assertEquals(Set.of("alice"), swarm.peers().keySet());
  }

  @Test
  void reannouncingUpdatesTheSamePeerAndWithoutRemovesIt() {
    Swarm swarm =
        Swarm.EMPTY
            .announce("bob", "10.0.0.2:6881", false, 0, EXPIRY)
            .announce("bob", "10.0.0.2:7000", true, 10, EXPIRY);
    assertEquals(new Swarm.Peer("bob", "10.0.0.2:7000", true, 10), swarm.peers().get("bob"));
    assertEquals(Swarm.EMPTY, swarm.without("bob"));
  }

  @Test
  void swarmSurvivesItsJsonRoundTrip() {
    Swarm swarm = Swarm.EMPTY.announce("bob", "[::1]:6881", true, 42, EXPIRY);
    assertEquals(swarm, Swarm.fromJson(swarm.toJson()));
  }
}
