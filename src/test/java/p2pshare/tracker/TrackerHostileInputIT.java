package p2pshare.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import p2pshare.metainfo.InfoDictionary;

/**
 * Hostile and careless input against one real tracker over HTTP: every case is answered with the
 * expected 4xx and {@code {"error": one short line}}, never a 500, a stack trace or a non-JSON body.
 * (TrackerClusterIT covers the first few malformed bodies; this covers every route.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrackerHostileInputIT {
  @TempDir static Path dir;
  private TestCluster cluster;
  /** A member and owner of group {@code g}, whose token the authenticated cases use. */
  private String token;

  /** 300 characters: an error quoting a name keeps it short enough to read on one terminal line. */
  private static final int MAX_ERROR_CHARS = 300;

  @BeforeAll
  void startTracker() {
    cluster = new TestCluster(dir, 1);
    cluster.start(1);
    token = cluster.signUp(1, "owner");
    assertEquals(201, cluster.post(1, "/api/groups", token, new JsonObject().put("group", "g")).status());
  }

  @AfterAll
  void stopTracker() {
    cluster.close();
  }

  /** A hostile request: method, path, whether it carries the owner's token, the raw body, the expected status. */
  private record Case(String name, HttpMethod method, String path, boolean auth, String body, int status) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case anon(String name, HttpMethod method, String path, String body, int status) {
    return new Case(name, method, path, false, body, status);
  }

  private static Case authed(String name, HttpMethod method, String path, String body, int status) {
    return new Case(name, method, path, true, body, status);
  }

  private static String user(String user) {
    return new JsonObject().put("user", user).put("password", "pw").encode();
  }

  private static String group(String group) {
    return new JsonObject().put("group", group).encode();
  }

  private static String upload(String fileName) {
    InfoDictionary real = InfoDictionary.of("x.bin", 10, 16 * 1024, new byte[20], new byte[20]);
    byte[] encoded = real.encoded();
    // Rename inside the bencoded bytes, as a hostile client would: the tracker must check the name it parses.
    String bencoded = new String(encoded, java.nio.charset.StandardCharsets.ISO_8859_1)
        .replace("4:name5:x.bin", "4:name" + fileName.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + ":" + fileName);
    return new JsonObject().put("info", Base64.getEncoder().encodeToString(
        bencoded.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))).encode();
  }

  static Stream<Case> malformedBodies() {
    return Stream.of(
        anon("users: not JSON", HttpMethod.POST, "/api/users", "{\"user\": ", 400),
        anon("users: a JSON array", HttpMethod.POST, "/api/users", "[1,2]", 400),
        anon("users: a JSON string", HttpMethod.POST, "/api/users", "\"alice\"", 400),
        anon("users: empty body", HttpMethod.POST, "/api/users", null, 400),
        anon("users: null", HttpMethod.POST, "/api/users", "null", 400),
        anon("users: user is a number", HttpMethod.POST, "/api/users", "{\"user\":7,\"password\":\"pw\"}", 400),
        anon("users: password is an object", HttpMethod.POST, "/api/users", "{\"user\":\"u1\",\"password\":{}}", 400),
        anon("users: no password", HttpMethod.POST, "/api/users", "{\"user\":\"u2\"}", 400),
        anon("users: empty password", HttpMethod.POST, "/api/users", "{\"user\":\"u3\",\"password\":\"\"}", 400),
        anon("users: deeply nested", HttpMethod.POST, "/api/users", "[".repeat(5000) + "]".repeat(5000), 400),
        anon("users: body over 64 KiB", HttpMethod.POST, "/api/users", "{\"user\":\"" + "a".repeat(70_000) + "\"}", 413),
        anon("sessions: not JSON", HttpMethod.POST, "/api/sessions", "user=alice&password=x", 400),
        authed("groups: not JSON", HttpMethod.POST, "/api/groups", "{group", 400),
        authed("groups: no group", HttpMethod.POST, "/api/groups", "{}", 400),
        authed("groups: group is null", HttpMethod.POST, "/api/groups", "{\"group\":null}", 400),
        authed("groups: body over 64 KiB", HttpMethod.POST, "/api/groups", group("a".repeat(70_000)), 413),
        authed("files: not JSON", HttpMethod.POST, "/api/groups/g/files", "info", 400),
        authed("files: info not base64", HttpMethod.POST, "/api/groups/g/files", "{\"info\":\"%%%\"}", 400),
        authed("files: info not bencode", HttpMethod.POST, "/api/groups/g/files",
            new JsonObject().put("info", Base64.getEncoder().encodeToString("i1e".getBytes())).encode(), 400),
        authed("files: info is a number", HttpMethod.POST, "/api/groups/g/files", "{\"info\":5}", 400),
        authed("announce: not JSON", HttpMethod.POST, "/api/announce", "[", 400),
        authed("announce: address not IP:PORT", HttpMethod.POST, "/api/announce",
            "{\"address\":\"nowhere\",\"announces\":[]}", 400),
        authed("announce: address with an escape sequence", HttpMethod.POST, "/api/announce",
            new JsonObject().put("address", "\u001b[2Jevil\nhost:80").put("announces", new JsonArray()).encode(), 400),
        authed("announce: port out of range", HttpMethod.POST, "/api/announce",
            "{\"address\":\"127.0.0.1:70000\",\"announces\":[]}", 400),
        authed("announce: huge address", HttpMethod.POST, "/api/announce",
            new JsonObject().put("address", "x".repeat(50_000) + ":1").put("announces", new JsonArray()).encode(), 400),
        authed("announce: announces not a list", HttpMethod.POST, "/api/announce",
            "{\"address\":\"127.0.0.1:1\",\"announces\":{}}", 400),
        authed("announce: entry not an object", HttpMethod.POST, "/api/announce",
            "{\"address\":\"127.0.0.1:1\",\"announces\":[3]}", 400),
        authed("announce: info-hash not hex", HttpMethod.POST, "/api/announce",
            "{\"address\":\"127.0.0.1:1\",\"announces\":[{\"group\":\"g\",\"infoHash\":\"zz\"}]}", 400),
        authed("announce: unknown event", HttpMethod.POST, "/api/announce",
            "{\"address\":\"127.0.0.1:1\",\"announces\":[{\"group\":\"g\",\"infoHash\":\"" + "ab".repeat(20)
                + "\",\"event\":\"explode\"}]}", 400),
        authed("announce: complete is a string", HttpMethod.POST, "/api/announce",
            "{\"address\":\"127.0.0.1:1\",\"announces\":[{\"group\":\"g\",\"infoHash\":\"" + "ab".repeat(20)
                + "\",\"complete\":\"yes\"}]}", 400),
        authed("announce: 1001 entries", HttpMethod.POST, "/api/announce",
            new JsonObject().put("address", "127.0.0.1:1").put("announces", new JsonArray(
                java.util.Collections.nCopies(1001, new JsonObject()))).encode(), 400));
  }

  static Stream<Case> hostileNames() {
    return Stream.of(
        anon("user of 65 characters", HttpMethod.POST, "/api/users", user("a".repeat(65)), 400),
        anon("user with a slash", HttpMethod.POST, "/api/users", user("a/b"), 400),
        anon("user with a backslash", HttpMethod.POST, "/api/users", user("a\\b"), 400),
        anon("user '..'", HttpMethod.POST, "/api/users", user(".."), 400),
        anon("user with NUL", HttpMethod.POST, "/api/users", user("a\u0000b"), 400),
        anon("user with a newline", HttpMethod.POST, "/api/users", user("a\nb"), 400),
        anon("user with an escape sequence", HttpMethod.POST, "/api/users", user("a\u001b[31mred"), 400),
        anon("user with a zero-width space", HttpMethod.POST, "/api/users", user("ali\u200Bce"), 400),
        anon("user with a byte-order mark", HttpMethod.POST, "/api/users", user("\uFEFFbob"), 400),
        anon("user starting with a dot", HttpMethod.POST, "/api/users", user(".hidden"), 400),
        anon("password over 256 characters", HttpMethod.POST, "/api/users",
            new JsonObject().put("user", "longpw").put("password", "p".repeat(257)).encode(), 400),
        authed("group of 65 characters", HttpMethod.POST, "/api/groups", group("g".repeat(65)), 400),
        authed("group with a slash", HttpMethod.POST, "/api/groups", group("../etc"), 400),
        authed("group with a control character", HttpMethod.POST, "/api/groups", group("g\u0007"), 400),
        authed("group with a zero-width joiner", HttpMethod.POST, "/api/groups", group("g\u200D"), 400),
        authed("group in the path with an encoded slash", HttpMethod.POST, "/api/groups/..%2Fetc/join", null, 400),
        authed("group in the path with an encoded NUL", HttpMethod.GET, "/api/groups/g%00/files", null, 400),
        authed("group in the path of 10,000 characters", HttpMethod.GET, "/api/groups/" + "g".repeat(10_000) + "/files", null, 414),
        authed("file name with a slash", HttpMethod.POST, "/api/groups/g/files", upload("../../etc/passwd"), 400),
        authed("file name '..'", HttpMethod.POST, "/api/groups/g/files", upload(".."), 400),
        authed("file name with a newline", HttpMethod.POST, "/api/groups/g/files", upload("a\nb.txt"), 400),
        authed("file name of 256 bytes", HttpMethod.POST, "/api/groups/g/files", upload("\u00e9".repeat(128)), 400),
        authed("file path with an encoded slash", HttpMethod.GET, "/api/groups/g/files/..%2F..%2Fetc%2Fpasswd", null, 400),
        authed("unknown group", HttpMethod.GET, "/api/groups/nosuch/files", null, 404),
        authed("swarm: info-hash not hex", HttpMethod.GET, "/api/swarm/" + "zz".repeat(20) + "/peers?group=g", null, 400),
        authed("swarm: no group", HttpMethod.GET, "/api/swarm/" + "ab".repeat(20) + "/peers", null, 400),
        authed("swarm: group with a slash", HttpMethod.GET, "/api/swarm/" + "ab".repeat(20) + "/peers?group=a%2Fb", null, 400),
        authed("accept a request for a hostile user", HttpMethod.POST, "/api/groups/g/requests/a%0Ab/accept", null, 400));
  }

  private static final String HASH = "ab".repeat(20);

  /** Every route that needs a session, called without one. */
  static Stream<Case> unauthenticated() {
    String announce = "{\"address\":\"127.0.0.1:1\",\"announces\":[]}";
    return Stream.of(
        anon("DELETE /api/sessions", HttpMethod.DELETE, "/api/sessions", null, 401),
        anon("GET /api/groups", HttpMethod.GET, "/api/groups", null, 401),
        anon("POST /api/groups", HttpMethod.POST, "/api/groups", group("mine"), 401),
        anon("POST join", HttpMethod.POST, "/api/groups/g/join", null, 401),
        anon("POST leave", HttpMethod.POST, "/api/groups/g/leave", null, 401),
        anon("GET requests", HttpMethod.GET, "/api/groups/g/requests", null, 401),
        anon("POST accept", HttpMethod.POST, "/api/groups/g/requests/owner/accept", null, 401),
        anon("POST reject", HttpMethod.POST, "/api/groups/g/requests/owner/reject", null, 401),
        anon("GET files", HttpMethod.GET, "/api/groups/g/files", null, 401),
        anon("POST files", HttpMethod.POST, "/api/groups/g/files", upload("x.bin"), 401),
        anon("GET a file", HttpMethod.GET, "/api/groups/g/files/x.bin", null, 401),
        anon("DELETE a file", HttpMethod.DELETE, "/api/groups/g/files/x.bin", null, 401),
        anon("GET peers", HttpMethod.GET, "/api/swarm/" + HASH + "/peers?group=g", null, 401),
        anon("POST announce", HttpMethod.POST, "/api/announce", announce, 401));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedBodies")
  void malformedBodiesAreRefusedWithAOneLineError(Case c) {
    assertRefused(c, c.auth() ? token : null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileNames")
  void hostileNamesAreRefusedWithAOneLineError(Case c) {
    assertRefused(c, c.auth() ? token : null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unauthenticated")
  void everyRouteRefusesACallWithoutASession(Case c) {
    assertRefused(c, null);
    assertRefused(c, "forged-" + "x".repeat(40));
  }

  @org.junit.jupiter.api.Test
  void bodyThatIsNotUtf8IsRefused() {
    Buffer body = Buffer.buffer("{\"user\":\"").appendBytes(new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF})
        .appendString("\",\"password\":\"p\"}");
    assertOneLineError(cluster.raw(1, HttpMethod.POST, "/api/users", null, body), 400, "invalid UTF-8");
  }

  @ParameterizedTest(name = "Authorization: {0}")
  @MethodSource("oddAuthorizationHeaders")
  void oddAuthorizationHeadersAreNotASession(String header) {
    HttpResponse<Buffer> r = cluster.rawWithAuthorization(1, HttpMethod.GET, "/api/groups", header);
    assertOneLineError(r, 401, "GET /api/groups with Authorization: " + header);
  }

  @org.junit.jupiter.api.Test
  void headersOver8KiBAreRefusedWithAJsonError() {
    HttpResponse<Buffer> r = cluster.rawWithAuthorization(1, HttpMethod.GET, "/api/groups", "Bearer " + "t".repeat(9000));
    assertOneLineError(r, 431, "a 9,000-character Authorization header");
  }

  static List<String> oddAuthorizationHeaders() {
    return List.of("", "Bearer", "Bearer ", "Basic b3duZXI6cHc=", "bearer x", "Bearer " + "t".repeat(7000),
        "Bearer a b c", "Bearer \u00e9\u00e8");
  }

  private void assertRefused(Case c, String withToken) {
    HttpResponse<Buffer> r = cluster.raw(1, c.method(), c.path(), withToken,
        c.body() == null ? null : Buffer.buffer(c.body()));
    assertOneLineError(r, c.status(), c.name());
  }

  private static void assertOneLineError(HttpResponse<Buffer> r, int status, String what) {
    String text = r.bodyAsString();
    assertEquals(status, r.statusCode(), what + " answered " + r.statusCode() + " " + text);
    JsonObject body;
    try {
      body = new JsonObject(text);
    } catch (DecodeException | NullPointerException e) {
      throw new AssertionError(what + ": the answer is not a JSON object: " + text);
    }
    assertEquals(List.of("error"), List.copyOf(body.fieldNames()), what + ": " + text);
    String error = body.getString("error");
    assertFalse(error.isBlank(), what);
    assertFalse(error.contains("\n") || error.contains("\r"), what + ": error spans lines: " + error);
    assertTrue(error.chars().noneMatch(ch -> ch < 0x20), what + ": control character in: " + error);
    assertTrue(error.length() <= MAX_ERROR_CHARS, what + ": error of " + error.length() + " characters");
    assertFalse(error.contains("Exception") || error.contains("\tat ") || error.contains("p2pshare."),
        what + ": looks like a stack trace: " + error);
  }
}
