package p2pshare.launch;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Direct HTTP calls to real trackers, failing over the way {@code TrackerClient} does: a refused or
 * broken connection, a timeout or a 5xx moves on to the next tracker; a 4xx is the cluster's answer.
 */
final class TrackerApi {
  /** The client's own limits (docs/client.md): 2 s to connect, 10 s to answer. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

  /** What tracker {@code tracker} answered: its status and JSON body. */
  record Reply(int status, JsonObject body, int tracker) {
    boolean ok() {
      return status / 100 == 2;
    }
  }

  private final TrackerCluster cluster;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT).build();

  TrackerApi(TrackerCluster cluster) {
    this.cluster = cluster;
  }

  /** One attempt at tracker {@code n}; empty when it did not answer (connection failed, timed out, 5xx). */
  Optional<Reply> at(int n, String method, String path, String token, JsonObject body) {
    return at(n, method, path, token, body == null ? null : body.encode());
  }

  /** As {@link #at(int, String, String, String, JsonObject)} with a raw body, for malformed input. */
  Optional<Reply> at(int n, String method, String path, String token, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + cluster.address(n) + path))
        .timeout(ANSWER_TIMEOUT)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (token != null) request.header("Authorization", "Bearer " + token);
    try {
      HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() >= 500) return Optional.empty();
      return Optional.of(new Reply(r.statusCode(), json(r.body()), n));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Tries the trackers in {@code order}; the first that answers wins. */
  Optional<Reply> call(int[] order, String method, String path, String token, JsonObject body) {
    for (int n : order) {
      Optional<Reply> reply = at(n, method, path, token, body);
      if (reply.isPresent()) return reply;
    }
    return Optional.empty();
  }

  /** One call that must be answered with {@code status}; fails the test with what the tracker said otherwise. */
  Reply expect(int n, int status, String method, String path, String token, JsonObject body) {
    Reply reply = at(n, method, path, token, body)
        .orElseThrow(() -> new AssertionError("tracker " + n + " did not answer " + method + " " + path));
    if (reply.status() != status) {
      throw new AssertionError(method + " " + path + " on tracker " + n + ": expected " + status + ", got "
          + reply.status() + " " + reply.body());
    }
    return reply;
  }

  private static JsonObject json(String text) {
    try {
      return text == null || text.isEmpty() ? new JsonObject() : new JsonObject(text);
    } catch (DecodeException e) {
      return new JsonObject().put("notJson", text);
    }
  }
}
