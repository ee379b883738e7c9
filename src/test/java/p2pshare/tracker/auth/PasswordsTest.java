package p2pshare.tracker.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PasswordsTest {

  @Test
  void rightPasswordMatchesAndWrongOneDoesNot() {
    Passwords.Hash hash = Passwords.hash("correct horse");
    assertTrue(Passwords.matches("correct horse", hash));
    assertFalse(Passwords.matches("correct horse ", hash));
    assertFalse(Passwords.matches("", hash));
  }

  @Test
  void everyHashHasItsOwnSaltSoEqualPasswordsHashDifferently() {
    Passwords.Hash a = Passwords.hash("same");
    Passwords.Hash b = Passwords.hash("same");
    assertFalse(Arrays.equals(a.salt(), b.salt()));
    assertFalse(Arrays.equals(a.hash(), b.hash()));
  }

  @Test
  void costIsAtLeastAHundredThousandIterations() {
    assertTrue(Passwords.hash("x").iterations() >= 100_000);
  }

  @Test
  void sessionTokensAreRandomAndStoredOnlyAsDigests() {
    String token = SessionTokens.newToken();
    assertNotEquals(token, SessionTokens.newToken());
    assertTrue(token.length() >= 43, "256 bits in base64url");
    assertNotEquals(token, SessionTokens.digest(token));
    assertTrue(SessionTokens.digest(token).matches("[0-9a-f]{64}"));
  }
}
