package p2pshare.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import p2pshare.FreePorts;
import p2pshare.common.TrackerInfo;

/**
 * The real command sets behind the real bus, with no tracker listening: what the client decides
 * by itself (login needed, argument counts, status) and the all-trackers-down answer. The
 * tracker-backed answers are covered by LaunchersProcessIT against real trackers.
 */
class ClientCommandsOverBusTest {
  private final Vertx vertx = Vertx.vertx();
  private int deadTracker;

  @BeforeEach
  void start() throws Exception {
    deadTracker = FreePorts.next();
    ClientOptions options =
        new ClientOptions("127.0.0.1", 7000, Path.of("t.txt"), Path.of("d"), Optional.of("127.0.0.1:8080"));
    TrackerInfo trackers = new TrackerInfo(List.of(new TrackerInfo.Address("127.0.0.1", deadTracker, 1)));
    ClientEvents events = new ClientEvents(vertx.eventBus());
    TrackerClient tracker = new TrackerClient(vertx, trackers, events);
    CommandRegistry registry = new CommandRegistry();
    registry.add(new AccountCommands(tracker, events, options)).add(new GroupCommands(tracker))
        .add(new FileListCommands(tracker)).add(new HelpCommands(registry));
    vertx.deployVerticle(new CommandVerticle(registry)).await(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private Reply ask(String cmd, String... args) throws Exception {
    JsonObject request = new JsonObject().put("cmd", cmd).put("args", new JsonArray(List.of((Object[]) args)));
    return Reply.fromJson(
        vertx.eventBus().<JsonObject>request(ClientEvents.COMMANDS, request).await(30, TimeUnit.SECONDS).body());
  }

  @ParameterizedTest
  @ValueSource(strings = {"create_group g", "join_group g", "leave_group g", "list_requests g",
      "accept_request g u", "reject_request g u", "list_groups", "list_files g", "logout"})
  void commandsThatActForAUserNeedALoginFirst(String line) throws Exception {
    String[] words = line.split(" ");
    Reply reply = ask(words[0], java.util.Arrays.copyOfRange(words, 1, words.length));
    assertFalse(reply.ok());
    assertEquals("error: not logged in (login <user_id> <password>)", reply.message());
  }

  @Test
  void statusTellsWhoWhereAndWhichTracker() throws Exception {
    Reply reply = ask("STATUS");
    assertEquals(
        "user: (not logged in)\ntracker: 127.0.0.1:" + deadTracker
            + "\npeers reach this client at: 127.0.0.1:7000\nui: 127.0.0.1:8080",
        reply.message());
    assertEquals("127.0.0.1:7000", reply.data().getString("address"));
  }

  @Test
  void withEveryTrackerDownTheAnswerNamesThem() throws Exception {
    assertEquals("error: no tracker reachable (tried 127.0.0.1:" + deadTracker + ")", ask("login", "alice", "pw").message());
  }

  @Test
  void malformedRequestsStillGetAReply() throws Exception {
    Reply reply = Reply.fromJson(
        vertx.eventBus().<JsonObject>request(ClientEvents.COMMANDS, new JsonObject()).await(30, TimeUnit.SECONDS).body());
    assertFalse(reply.ok());
    assertEquals("error: usage: create_group <group_id>", ask("create_group").message());
  }
}
