package p2pshare.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Every write a tracker acknowledged with a 2xx during a fault test: users (with their passwords),
 * sessions, groups and join requests. {@link #assertAllPresentOn} checks them on one tracker.
 */
final class AcknowledgedWrites {
  /** A group acknowledged as created by {@code owner}, whose session {@code ownerToken} reads it back. */
  record Group(String name, String owner, String ownerToken) {}

  final Map<String, String> passwords = new ConcurrentHashMap<>();
  final Map<String, String> tokens = new ConcurrentHashMap<>();
  final Map<String, Group> groups = new ConcurrentHashMap<>();
  final Map<String, Set<String>> joins = new ConcurrentHashMap<>();
  private final AtomicInteger count = new AtomicInteger();

  int count() {
    return count.get();
  }

  void user(String user, String password) {
    passwords.put(user, password);
    count.incrementAndGet();
  }

  void session(String user, String token) {
    tokens.put(user, token);
    count.incrementAndGet();
  }

  void group(String group, String owner, String ownerToken) {
    groups.put(group, new Group(group, owner, ownerToken));
    count.incrementAndGet();
  }

  void join(String group, String user) {
    joins.computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet()).add(user);
    count.incrementAndGet();
  }

  /**
   * Every acknowledged session, group and join request is on tracker {@code n}; with {@code logins},
   * every acknowledged user also logs in there with its password (PBKDF2: slow, so only at the end).
   */
  void assertAllPresentOn(TrackerApi api, int n, boolean logins) {
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, String> session : tokens.entrySet()) {
      int status = api.at(n, "GET", "/api/groups", session.getValue(), (JsonObject) null)
          .map(TrackerApi.Reply::status).orElse(-1);
      if (status != 200) missing.add("session of " + session.getKey() + " (" + status + ")");
    }
    for (Group g : groups.values()) {
      TrackerApi.Reply reply = api.at(n, "GET", "/api/groups/" + g.name() + "/requests", g.ownerToken(), (JsonObject) null)
          .orElseThrow(() -> new AssertionError("tracker " + n + " did not answer"));
      if (reply.status() != 200) {
        missing.add("group " + g.name() + " owned by " + g.owner() + " (" + reply.status() + " " + reply.body() + ")");
        continue;
      }
      Set<String> pending = reply.body().getJsonArray("requests").stream().map(Object::toString)
          .collect(Collectors.toSet());
      for (String joiner : joins.getOrDefault(g.name(), Set.of())) {
        if (!pending.contains(joiner)) missing.add("join request of " + joiner + " to " + g.name());
      }
    }
    if (logins) {
      for (Map.Entry<String, String> user : passwords.entrySet()) {
        JsonObject credentials = new JsonObject().put("user", user.getKey()).put("password", user.getValue());
        int status = api.at(n, "POST", "/api/sessions", null, credentials).map(TrackerApi.Reply::status).orElse(-1);
        if (status != 200) missing.add("user " + user.getKey() + " (login answered " + status + ")");
      }
    }
    assertEquals(List.of(), missing, "acknowledged writes missing on tracker " + n + " (of " + count() + ")");
  }
}
