package p2pshare.launch;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Several HTTP clients writing at once through both trackers until stopped: each creates users,
 * logs them in, creates a group per user and asks to join the group another writer made last. A
 * call that gets no answer (tracker killed or frozen) fails over to the other tracker, as the real
 * client does; only 2xx answers are recorded in {@link AcknowledgedWrites}.
 */
final class ConcurrentWriters implements AutoCloseable {
  private final TrackerApi api;
  private final AcknowledgedWrites acked;
  private final String prefix;
  private final int[] trackers;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> threads = new ArrayList<>();
  private volatile String lastGroup;

  /** Starts {@code writers} threads naming everything {@code prefix...}; they alternate over {@code trackers}. */
  ConcurrentWriters(TrackerApi api, AcknowledgedWrites acked, String prefix, int writers, int... trackers) {
    this.api = api;
    this.acked = acked;
    this.prefix = prefix;
    this.trackers = trackers;
    for (int w = 0; w < writers; w++) {
      int writer = w;
      threads.add(Thread.ofVirtual().name(prefix + "-writer-" + w).start(() -> write(writer)));
    }
  }

  private int[] order(int step) {
    if (trackers.length == 1) return trackers;
    int first = step % trackers.length;
    int[] order = new int[trackers.length];
    for (int i = 0; i < order.length; i++) order[i] = trackers[(first + i) % trackers.length];
    return order;
  }

  private void write(int writer) {
    for (int step = 0; running.get(); step++) {
      int[] order = order(writer + step);
      String user = prefix + "w" + writer + "u" + step;
      // Distinctive, so a test can grep logs and data files for it.
      String password = "Pw!" + user + "-Zq7x";
      JsonObject credentials = new JsonObject().put("user", user).put("password", password);
      Optional<TrackerApi.Reply> created = api.call(order, "POST", "/api/users", null, credentials);
      // 409 after a failover: the first attempt was applied before its tracker went away.
      if (created.isEmpty() || !(created.get().ok() || created.get().status() == 409)) continue;
      if (created.get().ok()) acked.user(user, password);
      Optional<TrackerApi.Reply> login = api.call(order, "POST", "/api/sessions", null, credentials);
      if (login.isEmpty() || !login.get().ok()) continue;
      String token = login.get().body().getString("token");
      acked.session(user, token);
      String group = user + "g";
      String toJoin = lastGroup;
      Optional<TrackerApi.Reply> made = api.call(order, "POST", "/api/groups", token, new JsonObject().put("group", group));
      if (made.isPresent() && made.get().ok()) {
        acked.group(group, user, token);
        lastGroup = group;
      }
      if (toJoin != null) {
        Optional<TrackerApi.Reply> joined = api.call(order, "POST", "/api/groups/" + toJoin + "/join", token, null);
        if (joined.isPresent() && joined.get().ok()) acked.join(toJoin, user);
      }
    }
  }

  /** Stops the writers and waits until their last calls are answered. */
  @Override
  public void close() throws InterruptedException {
    running.set(false);
    for (Thread t : threads) t.join(TrackerApi.ANSWER_TIMEOUT.multipliedBy(4).toMillis());
  }
}
