package p2pshare.client;

import io.vertx.core.Future;

/**
 * What the account and group commands tell the user's files about (implemented by {@link
 * FileLibrary}): a login restores shares and downloads, a logout stops them, leaving a group stops
 * the shares in it.
 */
public interface SessionHooks {
  /** After the tracker accepted the login; the result is appended to the login message. */
  Future<String> loggedIn(String user);

  /** Before the session ends at the tracker, so stop announces can still be made. */
  Future<Void> loggingOut();

  Future<Void> leftGroup(String group);

  /** For a client without files (tests of the account and group commands alone). */
  SessionHooks NONE = new SessionHooks() {
    @Override
    public Future<String> loggedIn(String user) {
      return Future.succeededFuture("");
    }

    @Override
    public Future<Void> loggingOut() {
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> leftGroup(String group) {
      return Future.succeededFuture();
    }
  };
}
