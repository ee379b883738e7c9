package p2pshare.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability across tracker restarts: a tracker that was down catches up on what it missed,
 * deletions included, and a cluster stopped whole comes back from its disks.
 */
class TrackerRestartIT {

  @TempDir Path dir;

  private static List<String> groupNames(TestCluster cluster, int tracker, String token) {
    JsonArray groups = cluster.get(tracker, "/api/groups", token).body().getJsonArray("groups");
    return groups.stream().map(g -> ((JsonObject) g).getString("group")).sorted().toList();
  }

  @Test
  void trackerThatWasDownServesWhatItMissedAndBothSurviveAFullRestart() {
    try (TestCluster cluster = new TestCluster(dir, 2)) {
      cluster.start(1, 2);
      String alice = cluster.signUp(1, "alice");
      cluster.post(1, "/api/groups", alice, new JsonObject().put("group", "doomed"));
      cluster.post(2, "/api/groups", alice, new JsonObject().put("group", "kept"));

      cluster.stop(1);
      cluster.signUp(2, "bob");
      cluster.post(2, "/api/groups", alice, new JsonObject().put("group", "born-while-down"));
      assertEquals(200, cluster.post(2, "/api/groups/doomed/leave", alice, null).status());

      cluster.start(1);
      cluster.stop(2);
      assertEquals(List.of("born-while-down", "kept"), groupNames(cluster, 1, alice));
      String bob = cluster.login(1, "bob");
      assertEquals(200, cluster.post(1, "/api/groups/kept/join", bob, null).status());

      cluster.start(2);
      cluster.stop(1, 2);
      cluster.start(1, 2);
      assertEquals(List.of("born-while-down", "kept"), groupNames(cluster, 2, alice));
      assertEquals(List.of("born-while-down", "kept"), groupNames(cluster, 1, cluster.login(1, "bob")));
      JsonArray requests = cluster.get(1, "/api/groups/kept/requests", alice).body().getJsonArray("requests");
      assertEquals(new JsonArray().add("bob"), requests);
      assertEquals(200, cluster.get(2, "/api/groups", alice).status(), "sessions survive restarts");
    }
  }

  @Test
  void eachDiskAloneRestoresTheWholeState() {
    try (TestCluster cluster = new TestCluster(dir, 2)) {
      cluster.start(1, 2);
      String carol = cluster.signUp(2, "carol");
      cluster.post(2, "/api/groups", carol, new JsonObject().put("group", "written-on-2"));
      cluster.stop(1, 2);

      cluster.start(1);
      assertEquals(List.of("written-on-2"), groupNames(cluster, 1, carol));
      cluster.stop(1);
      cluster.start(2);
      assertTrue(groupNames(cluster, 2, carol).contains("written-on-2"));
    }
  }

  @Test
  void simultaneousStartWithDivergentDisksKeepsTheNewerVersionEverywhere() {
    try (TestCluster cluster = new TestCluster(dir, 2)) {
      cluster.start(1, 2);
      String erin = cluster.signUp(1, "erin");
      String fred = cluster.signUp(1, "fred");
      cluster.post(1, "/api/groups", erin, new JsonObject().put("group", "g"));
      cluster.stop(2);
      assertEquals(200, cluster.post(1, "/api/groups/g/join", fred, null).status());
      cluster.stop(1);

      cluster.start(1, 2);
      cluster.stop(1);
      JsonArray requests = cluster.get(2, "/api/groups/g/requests", erin).body().getJsonArray("requests");
      assertEquals(new JsonArray().add("fred"), requests);
      cluster.stop(2);
      cluster.start(2);
      assertEquals(
          new JsonArray().add("fred"),
          cluster.get(2, "/api/groups/g/requests", erin).body().getJsonArray("requests"),
          "tracker 2's own disk learnt the newer version");
    }
  }
}
