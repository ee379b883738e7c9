package p2pshare.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionsTest {
  private static final Instant LOGIN = Instant.parse("2026-12-01T12:00:00Z");
  private static final JsonObject SESSION = new JsonObject()
      .put("user", "alice")
      .put("expiresAt", LOGIN.plus(Sessions.LIFETIME).getEpochSecond());

  @Test
  void aSessionBelongsToItsUserUntilItsLastSecond() {
    assertEquals(Optional.of("alice"), Sessions.holder(SESSION, LOGIN));
    Instant lastSecond = LOGIN.plus(Sessions.LIFETIME).minusSeconds(1);
    assertEquals(Optional.of("alice"), Sessions.holder(SESSION, lastSecond));
  }

  @Test
  void anExpiredSessionBelongsToNobody() {
    assertEquals(Optional.empty(), Sessions.holder(SESSION, LOGIN.plus(Sessions.LIFETIME)));
    assertEquals(Optional.empty(), Sessions.holder(SESSION, LOGIN.plus(Sessions.LIFETIME).plusSeconds(3600)));
  }
}
