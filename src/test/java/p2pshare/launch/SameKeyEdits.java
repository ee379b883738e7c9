package p2pshare.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import p2pshare.metainfo.InfoDictionary;

/**
 * One group and one shared file that both sides of a split brain edit. Before the split the owner
 * shares the file, has members (one of them about to leave) and a pending request. On side one he
 * accepts that request and stops sharing, another user asks to join and a member starts sharing;
 * on side two a third user asks to join, a third member starts sharing and the leaver leaves.
 * After the heal every tracker must show all of it: additions from both sides, and removals not
 * undone by the other side's stale copy. The same keys were written on both sides.
 */
final class SameKeyEdits {
  static final String GROUP = "tug";
  static final String FILE = "tug.bin";

  private final TrackerApi api;
  private final AcknowledgedWrites acked;
  private final String owner;
  private final String ownerToken;
  private final Map<String, String> tokens = new TreeMap<>();
  private final List<String> expectedMembers = new ArrayList<>();
  private final List<String> expectedSharers = new ArrayList<>();
  private final InfoDictionary file = InfoDictionary.of(FILE, 1 << 20, 1 << 18, new byte[4 * 20], new byte[20]);

  SameKeyEdits(TrackerApi api, AcknowledgedWrites acked, String owner, String ownerToken) {
    this.api = api;
    this.acked = acked;
    this.owner = owner;
    this.ownerToken = ownerToken;
  }

  /** Before the split, through tracker {@code n}: the group, its members, the file, a pending request. */
  void prepare(int n) {
    api.expect(n, 201, "POST", "/api/groups", ownerToken, new JsonObject().put("group", GROUP));
    acked.group(GROUP, owner, ownerToken);
    expectedMembers.add(owner);
    api.expect(n, 201, "POST", "/api/groups/" + GROUP + "/files", ownerToken, upload());
    expectedSharers.add(owner);
    for (String member : List.of("tug-s1", "tug-s2", "tug-leaver")) {
      join(n, signUp(n, member));
      api.expect(n, 200, "POST", "/api/groups/" + GROUP + "/requests/" + member + "/accept", ownerToken, null);
      expectedMembers.add(member);
    }
    join(n, signUp(n, "tug-early"));
    signUp(n, "tug-a");
    signUp(n, "tug-b");
  }

  /** On side one, through tracker {@code n}: an accept, a stop_share, a join request, a new sharer. */
  void editSideOne(int n) {
    api.expect(n, 200, "POST", "/api/groups/" + GROUP + "/requests/tug-early/accept", ownerToken, null);
    expectedMembers.add("tug-early");
    api.expect(n, 200, "DELETE", "/api/groups/" + GROUP + "/files/" + FILE, ownerToken, null);
    expectedSharers.remove(owner);
    join(n, tokens.get("tug-a"));
    acked.join(GROUP, "tug-a");
    api.expect(n, 201, "POST", "/api/groups/" + GROUP + "/files", tokens.get("tug-s1"), upload());
    expectedSharers.add("tug-s1");
  }

  /** On side two, through tracker {@code n}: a leave, another join request and another sharer. */
  void editSideTwo(int n) {
    api.expect(n, 200, "POST", "/api/groups/" + GROUP + "/leave", tokens.get("tug-leaver"), null);
    expectedMembers.remove("tug-leaver");
    join(n, tokens.get("tug-b"));
    acked.join(GROUP, "tug-b");
    api.expect(n, 201, "POST", "/api/groups/" + GROUP + "/files", tokens.get("tug-s2"), upload());
    expectedSharers.add("tug-s2");
  }

  /** Tracker {@code n} shows every member and sharer as both sides left them (the ledger checks the requests). */
  void assertBothSidesOn(int n) {
    JsonObject group = api.expect(n, 200, "GET", "/api/groups", ownerToken, null).body().getJsonArray("groups")
        .stream().map(JsonObject.class::cast).filter(g -> GROUP.equals(g.getString("group"))).findFirst()
        .orElseThrow(() -> new AssertionError("group " + GROUP + " missing on tracker " + n));
    assertEquals(expectedMembers, strings(group.getJsonArray("members")), "members of " + GROUP + " on tracker " + n);
    JsonObject listed = api.expect(n, 200, "GET", "/api/groups/" + GROUP + "/files", ownerToken, null).body()
        .getJsonArray("files").getJsonObject(0);
    assertEquals(expectedSharers.stream().sorted().toList(), strings(listed.getJsonArray("sharers")).stream().sorted().toList(),
        "sharers of " + FILE + " on tracker " + n);
  }

  private String signUp(int n, String user) {
    String password = "Pw!" + user + "-Zq7x";
    JsonObject credentials = new JsonObject().put("user", user).put("password", password);
    api.expect(n, 201, "POST", "/api/users", null, credentials);
    acked.user(user, password);
    String token = api.expect(n, 200, "POST", "/api/sessions", null, credentials).body().getString("token");
    acked.session(user, token);
    tokens.put(user, token);
    return token;
  }

  private void join(int n, String token) {
    api.expect(n, 200, "POST", "/api/groups/" + GROUP + "/join", token, null);
  }

  private JsonObject upload() {
    return new JsonObject().put("info", Base64.getEncoder().encodeToString(file.encoded()));
  }

  private static List<String> strings(JsonArray array) {
    return array.stream().map(Object::toString).toList();
  }
}
