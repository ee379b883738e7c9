package p2pshare.launch;

import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import p2pshare.FreePorts;

/** Two real {@code ./tracker} processes on free loopback ports, each with its own data dir. */
final class TrackerCluster implements AutoCloseable {
  /** A JVM start, Hazelcast join and disk load on 2 cores shared with other builds. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  final Path repo;
  final Path dir;
  final int[] apiPorts = new int[2];
  final Path trackerInfo;
  private final LauncherProcess[] trackers = new LauncherProcess[2];
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  TrackerCluster(Path repo, Path dir) throws IOException {
    this.repo = repo;
    this.dir = dir;
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      apiPorts[i] = freePort();
      lines.add("127.0.0.1:" + apiPorts[i] + " " + freePort());
    }
    trackerInfo = Files.write(dir.resolve("tracker_info.txt"), lines);
  }

  static int freePort() {
    return FreePorts.next();
  }

  String address(int n) {
    return "127.0.0.1:" + apiPorts[n - 1];
  }

  /** A tracker_info.txt listing only tracker {@code n}: a client using it can only be answered there. */
  Path onlyTracker(int n) throws IOException {
    return Files.writeString(dir.resolve("tracker_info_only_" + n + ".txt"),
        Files.readAllLines(trackerInfo).get(n - 1) + "\n");
  }

  /** A tracker_info.txt listing the trackers in {@code order}: a client using it tries them in that order. */
  Path trackersInOrder(int... order) throws IOException {
    List<String> lines = Files.readAllLines(trackerInfo);
    StringBuilder text = new StringBuilder();
    StringBuilder name = new StringBuilder("tracker_info_order");
    for (int n : order) {
      text.append(lines.get(n - 1)).append('\n');
      name.append('_').append(n);
    }
    return Files.writeString(dir.resolve(name + ".txt"), text);
  }

  Path dataDir(int n) {
    return dir.resolve("tracker-" + n);
  }

  LauncherProcess start(int n) throws IOException {
    trackers[n - 1] = LauncherProcess.start("tracker" + n, repo, List.of(
        "./tracker", trackerInfo.toString(), String.valueOf(n),
        "--data-dir", dataDir(n).toString()));
    return trackers[n - 1];
  }

  /** Starts trackers 1 and 2 together and waits until each sees the other. */
  void startBoth() throws IOException {
    start(1);
    start(2);
    awaitHealthy(1, 2);
    awaitHealthy(2, 2);
  }

  LauncherProcess tracker(int n) {
    return trackers[n - 1];
  }

  /** Waits until tracker n answers /api/health and sees {@code members} cluster members. */
  void awaitHealthy(int n, int members) {
    await("tracker " + n + " healthy with " + members + " member(s)")
        .atMost(START_TIMEOUT)
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptionsInstanceOf(IOException.class)
        .until(() -> {
          if (!trackers[n - 1].isAlive()) {
            throw new AssertionError("tracker " + n + " exited:\n" + trackers[n - 1].output());
          }
          HttpResponse<String> r = http.send(
              HttpRequest.newBuilder(URI.create("http://" + address(n) + "/api/health")).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.ofString());
          return r.statusCode() == 200 && new JsonObject(r.body()).getInteger("members", 0) == members;
        });
  }

  /**
   * Calls tracker n's HTTP API directly, as a peer would; returns the JSON answer of a 2xx.
   * Used for what belongs to the swarm engine (sharing a file) while testing the client's list_files.
   */
  JsonObject api(int n, String method, String path, String token, JsonObject body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://" + address(n) + path)).timeout(Duration.ofSeconds(30))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.encode()))
            .header("content-type", "application/json");
    if (token != null) request.header("Authorization", "Bearer " + token);
    HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) throw new AssertionError(method + " " + path + " answered " + r.statusCode() + " " + r.body());
    return new JsonObject(r.body());
  }

  @Override
  public void close() throws InterruptedException {
    for (LauncherProcess t : trackers) if (t != null) t.close();
  }
}
