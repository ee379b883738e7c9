package p2pshare.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import p2pshare.common.PeerToken;

class PeerTokensTest {
  private static final KeyPair KEYS = PeerToken.generateKeyPair();
  private static final String HASH = "ab".repeat(20);
  private static final Instant START = Instant.parse("2026-11-28T12:00:00Z");

  /** A clock the test moves by hand. */
  private static final class ManualClock extends Clock {
    Instant now = START;

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  @Test
  void recentTokenIsReusedForTheSameUserGroupAndFile() {
    ManualClock clock = new ManualClock();
    PeerTokens tokens = new PeerTokens(KEYS::getPrivate, clock);
    String first = tokens.token("alice", "g", HASH);
    clock.now = START.plus(Duration.ofSeconds(50));
    assertEquals(first, tokens.token("alice", "g", HASH));
    assertNotEquals(first, tokens.token("bob", "g", HASH));
    assertNotEquals(first, tokens.token("alice", "h", HASH));
  }

  @Test
  void tokenNearItsExpiryIsReplacedByAFreshValidOne() {
    ManualClock clock = new ManualClock();
    PeerTokens tokens = new PeerTokens(KEYS::getPrivate, clock);
    String first = tokens.token("alice", "g", HASH);
    clock.now = START.plus(Duration.ofMinutes(2));
    String second = tokens.token("alice", "g", HASH);
    assertNotEquals(first, second);
    PeerToken.Verification check =
        PeerToken.verify(KEYS.getPublic(), second, HASH, START.plus(Duration.ofMinutes(6)));
    assertEquals(
        START.plus(Duration.ofMinutes(7)),
        assertInstanceOf(PeerToken.Valid.class, check).claims().expiry());
  }

  @Test
  void afterTheKeyChangesNoTokenSignedWithTheOldKeyIsHandedOut() {
    ManualClock clock = new ManualClock();
    AtomicReference<KeyPair> current = new AtomicReference<>(KEYS);
    PeerTokens tokens = new PeerTokens(() -> current.get().getPrivate(), clock);
    String before = tokens.token("alice", "g", HASH);
    KeyPair merged = PeerToken.generateKeyPair();
    current.set(merged);
    clock.now = START.plus(Duration.ofSeconds(10));
    String after = tokens.token("alice", "g", HASH);
    assertNotEquals(before, after);
    assertInstanceOf(PeerToken.Valid.class, PeerToken.verify(merged.getPublic(), after, HASH, clock.now));
    assertEquals(after, tokens.token("alice", "g", HASH));
  }
}
