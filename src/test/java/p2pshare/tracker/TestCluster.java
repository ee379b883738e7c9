package p2pshare.tracker;

import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Objects;
import java.util.List;
import p2pshare.FreePorts;

/**
 * N real trackers in this JVM on free loopback ports, each with its own data dir, plus an HTTP
 * client that talks to any of them. Trackers can be stopped and started again on the same ports
 * and data dirs, as a crashed and restarted process would be.
 */
final class TestCluster implements AutoCloseable {

  /** What a call returned: the status and the JSON body. */
  record Reply(int status, JsonObject body) {}

  private final Path trackerInfo;
  private final List<Path> dataDirs = new ArrayList<>();
  private final List<Integer> apiPorts = new ArrayList<>();
  private final Tracker[] running;
  private final Vertx clientVertx = Vertx.vertx();
  private final WebClient http = WebClient.create(clientVertx);

  TestCluster(Path dir, int size) {
    running = new Tracker[size];
    StringBuilder lines = new StringBuilder();
    List<Integer> ports = FreePorts.next(2 * size);
    for (int i = 0; i < size; i++) {
      apiPorts.add(ports.get(2 * i));
      lines.append("127.0.0.1:").append(ports.get(2 * i)).append(' ').append(ports.get(2 * i + 1)).append('\n');
      dataDirs.add(dir.resolve("tracker-" + (i + 1)));
    }
    trackerInfo = dir.resolve("tracker_info.txt");
    try {
      Files.writeString(trackerInfo, lines);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the given trackers at the same time and waits until they form one cluster. */
  void start(int... numbers) {
    List<Future<Tracker>> starting = new ArrayList<>();
    for (int n : numbers) starting.add(Tracker.start(trackerInfo, n, dataDirs.get(n - 1)));
    for (int i = 0; i < numbers.length; i++) running[numbers[i] - 1] = starting.get(i).await();
    awaitMembers();
  }

  void stop(int... numbers) {
    List<Future<Void>> stopping = new ArrayList<>();
    for (int n : numbers) {
      stopping.add(running[n - 1].stop());
      running[n - 1] = null;
    }
    Future.all(stopping).await();
    awaitMembers();
  }

  /** Waits until every running tracker sees exactly the running ones as members. */
  private void awaitMembers() {
    long up = Arrays.stream(running).filter(Objects::nonNull).count();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                Arrays.stream(running)
                    .filter(Objects::nonNull)
                    .allMatch(t -> t.clusterSize() == up));
  }

  /** Sends raw bytes, for malformed and oversized bodies. */
  Reply postRaw(int tracker, String path, Buffer body) {
    HttpResponse<Buffer> response =
        http.request(HttpMethod.POST, apiPorts.get(tracker - 1), "127.0.0.1", path).sendBuffer(body).await();
    return new Reply(response.statusCode(), new JsonObject(response.bodyAsString()));
  }

  /** Sends exactly {@code body} (may be null) with any method and token, for hostile input; the raw answer. */
  HttpResponse<Buffer> raw(int tracker, HttpMethod method, String path, String token, Buffer body) {
    HttpRequest<Buffer> request = http.request(method, apiPorts.get(tracker - 1), "127.0.0.1", path);
    if (token != null) request.putHeader("Authorization", "Bearer " + token);
    return (body == null ? request.send() : request.sendBuffer(body)).await();
  }

  /** A body-less call with exactly this Authorization header, however odd. */
  HttpResponse<Buffer> rawWithAuthorization(int tracker, HttpMethod method, String path, String authorization) {
    return http.request(method, apiPorts.get(tracker - 1), "127.0.0.1", path)
        .putHeader("Authorization", authorization).send().await();
  }

  Reply call(int tracker, HttpMethod method, String path, String token, JsonObject body) {
    return callAsync(tracker, method, path, token, body).await();
  }

  /** Sends without waiting, so tests can race requests against each other. */
  Future<Reply> callAsync(int tracker, HttpMethod method, String path, String token, JsonObject body) {
    HttpRequest<Buffer> request =
        http.request(method, apiPorts.get(tracker - 1), "127.0.0.1", path);
    if (token != null) request.putHeader("Authorization", "Bearer " + token);
    Future<HttpResponse<Buffer>> sent =
        body == null ? request.send() : request.sendBuffer(body.toBuffer());
    return sent.map(
        response -> {
          String text = response.bodyAsString();
          return new Reply(response.statusCode(), text == null ? null : new JsonObject(text));
        });
  }

  Reply get(int tracker, String path, String token) {
    return call(tracker, HttpMethod.GET, path, token, null);
  }

  Reply post(int tracker, String path, String token, JsonObject body) {
    return call(tracker, HttpMethod.POST, path, token, body);
  }

  /** Creates the user through {@code tracker} and returns a session token. */
  String signUp(int tracker, String user) {
    JsonObject credentials = new JsonObject().put("user", user).put("password", "pw-" + user);
    post(tracker, "/api/users", null, credentials);
    return login(tracker, user);
  }

  String login(int tracker, String user) {
    JsonObject credentials = new JsonObject().put("user", user).put("password", "pw-" + user);
    return post(tracker, "/api/sessions", null, credentials).body().getString("token");
  }

  @Override
  public void close() {
    List<Future<Void>> stopping = new ArrayList<>();
    for (Tracker t : running) if (t != null) stopping.add(t.stop());
    Future.join(stopping).await();
    clientVertx.close().await();
  }
}
