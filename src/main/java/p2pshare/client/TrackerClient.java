package p2pshare.client;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import p2pshare.common.TrackerInfo;

/**
 * Talks to the trackers (docs/tracker-api.md). Every call goes first to the last tracker that
 * answered, then to the others in tracker_info.txt order; it moves on when a tracker cannot be
 * reached, times out or answers 5xx, and reports a switch once as a notice. A 4xx is the cluster's
 * answer (every tracker would give the same), so it is returned, never retried elsewhere.
 *
 * <p>It holds the session: sessions are cluster state, so the token stays valid on whichever
 * tracker answers. State is in atomics so the command handlers and the swarm engine can share one
 * instance from different contexts.
 */
public final class TrackerClient {
  private static final Logger LOG = Logger.getLogger(TrackerClient.class.getName());

  /** A tracker that does not accept a connection within this is treated as down. */
  static final int CONNECT_TIMEOUT_MS = 2_000;

  /**
   * A whole request. Longer than the cluster needs to notice a dead member (about 1 s on loopback,
   * 5 s for a frozen one with our Hazelcast settings), so a busy-but-alive tracker is not skipped.
   */
  static final int REQUEST_TIMEOUT_MS = 10_000;

  /** Who is logged in on this client, and the bearer token the trackers gave them. */
  public record Session(String user, String token) {}

  private final List<TrackerInfo.Address> trackers;
  private final WebClient web;
  private final ClientEvents events;
  private final AtomicInteger current = new AtomicInteger();
  private final AtomicReference<Session> session = new AtomicReference<>();

  public TrackerClient(Vertx vertx, TrackerInfo info, ClientEvents events) {
    this.trackers = info.trackers();
    this.events = events;
    this.web =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setConnectTimeout(CONNECT_TIMEOUT_MS)
                .setUserAgent("p2pshare-client")
                .setFollowRedirects(false));
  }

  public Optional<Session> session() {
    return Optional.ofNullable(session.get());
  }

  public void startSession(Session s) {
    session.set(s);
  }

  public void endSession() {
    session.set(null);
  }

  /** The tracker the next call goes to first. */
  public String currentTracker() {
    return trackers.get(current.get()).hostPort();
  }

  public Future<JsonObject> get(String path) {
    return call(HttpMethod.GET, path, null);
  }

  public Future<JsonObject> post(String path, JsonObject body) {
    return call(HttpMethod.POST, path, body);
  }

  public Future<JsonObject> delete(String path) {
    return call(HttpMethod.DELETE, path, null);
  }

  /** One path segment, percent-encoded (file names may hold spaces or any UTF-8). */
  public static String segment(String raw) {
    return URLEncoder.encode(raw, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /**
   * Sends the request with the session's token (if any). Succeeds with the tracker's JSON on 2xx;
   * fails with {@link TrackerRefusal} on 4xx and with a {@link UserError} naming every tracker
   * tried when none answered.
   */
  public Future<JsonObject> call(HttpMethod method, String path, JsonObject body) {
    int first = current.get();
    List<Integer> order = new ArrayList<>();
    order.add(first);
    for (int i = 0; i < trackers.size(); i++) if (i != first) order.add(i);
    return attempt(method, path, body, order, 0, first);
  }

  private Future<JsonObject> attempt(
      HttpMethod method, String path, JsonObject body, List<Integer> order, int step, int first) {
    if (step == order.size()) {
      List<String> tried = order.stream().map(i -> trackers.get(i).hostPort()).toList();
      return Future.failedFuture(
          new UserError("no tracker reachable (tried " + String.join(", ", tried) + ")"));
    }
    int index = order.get(step);
    TrackerInfo.Address tracker = trackers.get(index);
    Session sent = session.get();
    return send(tracker, sent, method, path, body)
        .transform(
            outcome -> {
              if (outcome.succeeded() && outcome.result().statusCode() < 500) {
                HttpResponse<Buffer> response = outcome.result();
                if (response.statusCode() == 401 && sent != null && step + 1 < order.size()) {
                  return askOthersAboutSession(method, path, body, order, step, first, sent, response);
                }
                switchTo(first, index);
                if (response.statusCode() == 401) forgetSession(sent);
                return answer(response);
              }
              String why =
                  outcome.succeeded()
                      ? "answered " + outcome.result().statusCode()
                      : String.valueOf(outcome.cause().getMessage());
              LOG.info("tracker " + tracker.hostPort() + " failed " + method + " " + path + ": " + why);
              return attempt(method, path, body, order, step + 1, first);
            });
  }

  /**
   * For about a second after a split cluster heals, a tracker may not yet hold a session that was
   * made on the other side: before concluding that the session expired, the remaining trackers
   * are asked. Only when none of them knows it (or none answers) is the user logged out.
   */
  private Future<JsonObject> askOthersAboutSession(
      HttpMethod method, String path, JsonObject body, List<Integer> order, int step, int first,
      Session sent, HttpResponse<Buffer> refusal) {
    return attempt(method, path, body, order, step + 1, first)
        .recover(
            e -> {
              if (e instanceof TrackerRefusal) return Future.failedFuture(e);
              forgetSession(sent);
              return answer(refusal);
            });
  }

  private Future<HttpResponse<Buffer>> send(
      TrackerInfo.Address tracker, Session s, HttpMethod method, String path, JsonObject body) {
    HttpRequest<Buffer> request =
        web.request(method, tracker.port(), tracker.host(), path).timeout(REQUEST_TIMEOUT_MS);
    if (s != null) request.bearerTokenAuthentication(s.token());
    return body == null ? request.send() : request.sendJsonObject(body);
  }

  /** The cluster no longer knows the token we sent (expired): this client is logged out. */
  private void forgetSession(Session sent) {
    if (sent != null && session.compareAndSet(sent, null)) events.session(null);
  }

  private void switchTo(int first, int index) {
    if (index != first && current.compareAndSet(first, index)) {
      events.notice(
          "tracker " + trackers.get(first).hostPort() + " unreachable, using "
              + trackers.get(index).hostPort());
    }
  }

  private static Future<JsonObject> answer(HttpResponse<Buffer> response) {
    JsonObject json;
    try {
      Buffer raw = response.body();
      json = raw == null || raw.length() == 0 ? new JsonObject() : raw.toJsonObject();
    } catch (DecodeException | ClassCastException e) {
      json = null;
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return json != null
          ? Future.succeededFuture(json)
          : Future.failedFuture(new UserError("tracker sent a reply that is not JSON (status " + status + ")"));
    }
    String error = json == null ? null : json.getString("error");
    return Future.failedFuture(
        new TrackerRefusal(status, error != null ? error : "tracker refused the request (HTTP " + status + ")"));
  }
}
