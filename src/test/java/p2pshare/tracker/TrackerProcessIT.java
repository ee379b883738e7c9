package p2pshare.tracker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import p2pshare.FreePorts;

/**
 * The real {@code tracker} command in separate JVMs: a tracker killed with SIGKILL loses nothing
 * that was acknowledged, its clients' sessions keep working on the other tracker, it catches up
 * when it comes back, and {@code quit} on stdin stops it with exit code 0.
 */
class TrackerProcessIT {

  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private int[] apiPorts;
  private Path trackerInfo;

  /** A running tracker process and what it printed. */
  private record Running(Process process, List<String> output) {}

  @AfterEach
  void killLeftovers() {
    for (Process p : processes) p.destroyForcibly();
  }

  private void writeTrackerInfo() throws IOException {
    int[] ports = FreePorts.next(4).stream().mapToInt(Integer::intValue).toArray();
    apiPorts = new int[] {ports[0], ports[2]};
    trackerInfo = dir.resolve("tracker_info.txt");
    Files.writeString(
        trackerInfo,
        "127.0.0.1:" + ports[0] + " " + ports[1] + "\n127.0.0.1:" + ports[2] + " " + ports[3] + "\n");
  }

  private Running start(int n) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1"));
    command.addAll(
        List.of(
            "--add-modules", "java.se",
            "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "-Djava.util.logging.config.file=src/main/resources/logging.properties",
            "-cp", "target/p2pshare.jar", "p2pshare.Main", "tracker",
            trackerInfo.toString(), String.valueOf(n), "--data-dir", dir.resolve("t" + n).toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    processes.add(process);
    List<String> output = new CopyOnWriteArrayList<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) output.add(line);
              } catch (IOException e) {
                output.add("(output closed: " + e.getMessage() + ")");
              }
            });
    Running running = new Running(process, output);
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> output.stream().anyMatch(l -> l.startsWith("tracker " + n + " ready on")));
    return running;
  }

  private JsonObject call(int tracker, String method, String path, String token, JsonObject body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPorts[tracker - 1] + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.encode()));
    if (token != null) request.header("Authorization", "Bearer " + token);
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new JsonObject(response.body()).put("status", response.statusCode());
  }

  private int members(int tracker) throws IOException, InterruptedException {
    return call(tracker, "GET", "/api/health", null, null).getInteger("members");
  }

  @Test
  void killedTrackerLosesNothingAndCatchesUpAndQuitStopsCleanly() throws Exception {
    writeTrackerInfo();
    Running one = start(1);
    Running two = start(2);
    await().atMost(Duration.ofSeconds(60)).until(() -> members(1) == 2);

    JsonObject user = new JsonObject().put("user", "alice").put("password", "secret");
    assertEquals(201, call(1, "POST", "/api/users", null, user).getInteger("status"));
    String token = call(1, "POST", "/api/sessions", null, user).getString("token");
    assertEquals(201, call(1, "POST", "/api/groups", token, new JsonObject().put("group", "g1")).getInteger("status"));

    one.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(30)).until(() -> members(2) == 1);
    assertEquals(200, call(2, "GET", "/api/groups", token, null).getInteger("status"), "session survives");
    assertEquals(201, call(2, "POST", "/api/groups", token, new JsonObject().put("group", "g2")).getInteger("status"));
    assertEquals(200, call(2, "POST", "/api/groups/g1/leave", token, null).getInteger("status"));

    Running restarted = start(1);
    two.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(30)).until(() -> members(1) == 1);
    JsonObject groups = call(1, "GET", "/api/groups", token, null);
    assertEquals(200, groups.getInteger("status"), groups::encode);
    assertEquals(1, groups.getJsonArray("groups").size(), groups::encode);
    assertEquals("g2", groups.getJsonArray("groups").getJsonObject(0).getString("group"));

    try (Writer stdin =
        new OutputStreamWriter(restarted.process().getOutputStream(), StandardCharsets.UTF_8)) {
      stdin.write("quit\n");
    }
    assertTrue(restarted.process().waitFor(60, TimeUnit.SECONDS), "quit stops the tracker");
    assertEquals(0, restarted.process().exitValue());
    assertTrue(restarted.output().contains("tracker 1 stopped"), restarted.output()::toString);
  }
}
