package p2pshare.tracker;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.LifecycleEvent;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import p2pshare.common.TrackerInfo;
import p2pshare.tracker.state.DiskState;
import p2pshare.tracker.state.DurableMaps;
import p2pshare.tracker.state.StartupMerge;
import p2pshare.tracker.state.SwarmMaps;

/**
 * Tracker N's HTTP API (docs/tracker-api.md) on its tracker_info.txt address. Needs a Vert.x
 * clustered with Hazelcast. On start it opens its data dir, mirrors the durable maps to it, merges
 * disk and cluster, then listens. Config: {@code {"trackerInfo": path, "index": n, "dataDir": dir}}
 * ({@code dataDir} defaults to ./data/tracker-N).
 */
public final class TrackerVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(TrackerVerticle.class.getName());

  /** 64 KiB: a 1 GiB file's info dictionary in base64 is about 55 KiB; nothing else comes close. */
  static final long BODY_LIMIT_BYTES = 64 * 1024;

  /** 16: state calls block on cluster round trips and fsync, so a few more threads than cores. */
  private static final int STATE_WORKERS = 16;

  /** 2: one PBKDF2 per core at most; more would only slow every other request. */
  private static final int PASSWORD_WORKERS = 2;

  private DiskState disk;
  private DurableMaps durable;
  /** 60 s: partition sync of our few MB takes well under a second; this only bounds a sick cluster. */
  private static final Duration SAFE_WAIT = Duration.ofSeconds(60);

  /** 50 ms: Hazelcast offers no event for "cluster safe", so start-up polls it. */
  private static final Duration SAFE_POLL = Duration.ofMillis(50);

  private HttpServer server;
  private UUID membershipListener;
  private HazelcastInstance hazelcast;
  private UUID mergeListener;
  /** Set once on a worker, read by the merge listener's worker. */
  private volatile SigningKey signingKey;

  public static JsonObject config(Path trackerInfo, int index, Path dataDir) {
    return new JsonObject()
        .put("trackerInfo", trackerInfo.toString())
        .put("index", index)
        .put("dataDir", dataDir.toString());
  }

  @Override
  public Future<?> start() {
    JsonObject conf = config();
    int index = conf.getInteger("index", 0);
    TrackerInfo info = TrackerInfo.load(Path.of(conf.getString("trackerInfo", "tracker_info.txt")));
    TrackerInfo.Address self = info.tracker(index);
    Path dataDir = Path.of(conf.getString("dataDir", "data/tracker-" + index));
    if (!(((VertxInternal) vertx).clusterManager() instanceof HazelcastClusterManager manager)) {
      return Future.failedFuture("the tracker needs a Vert.x clustered with Hazelcast (-cluster)");
    }
    hazelcast = manager.getHazelcastInstance();
    WorkerExecutor stateWorkers = vertx.createSharedWorkerExecutor("tracker-state", STATE_WORKERS);
    WorkerExecutor passwordWorkers = vertx.createSharedWorkerExecutor("tracker-passwords", PASSWORD_WORKERS);
    return stateWorkers
        .executeBlocking(() -> openState(dataDir, index))
        .compose(
            key -> {
              TrackerContext tracker =
                  new TrackerContext(
                      vertx, index, durable, new SwarmMaps(hazelcast), key, stateWorkers, passwordWorkers);
              return vertx
                  .createHttpServer()
                  .requestHandler(router(tracker, () -> hazelcast.getCluster().getMembers().size()))
                  .invalidRequestHandler(ApiFailures::invalidRequest)
                  .listen(self.port(), self.host());
            })
        .onSuccess(
            s -> {
              server = s;
              System.out.println(
                  "tracker " + index + " ready on " + self.hostPort() + " (cluster: "
                      + hazelcast.getCluster().getMembers().size() + " members)");
            });
  }

  /** Blocking: opens the disk, starts mirroring, merges disk and cluster, finds the signing key. */
  private SigningKey openState(Path dataDir, int index) {
    disk = DiskState.open(dataDir, damage -> System.err.println("tracker " + index + ": " + damage));
    durable = new DurableMaps(hazelcast, disk);
    durable.startMirroring();
    merge(index, "started");
    // After a healed split brain this member's copy is the merged cluster's: reconcile the disk
    // with it again, so entries only this disk had go back in and the disk learns what it lost.
    mergeListener =
        hazelcast
            .getLifecycleService()
            .addLifecycleListener(
                event -> {
                  if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                    vertx
                        .executeBlocking(() -> rejoined(index))
                        .onFailure(e -> LOG.log(Level.WARNING, "merge after a split failed", e));
                  }
                });
    // A member killed before this one holds its copies would take entries with it; this disk has
    // them, so give them back to the cluster whenever a member goes.
    membershipListener =
        hazelcast
            .getCluster()
            .addMembershipListener(
                new MembershipListener() {
                  @Override
                  public void memberAdded(MembershipEvent event) {}

                  @Override
                  public void memberRemoved(MembershipEvent event) {
                    vertx
                        .executeBlocking(() -> merge(index, "saw a member leave"))
                        .onFailure(e -> LOG.log(Level.WARNING, "merge after a member left failed", e));
                  }
                });
    signingKey = SigningKey.follow(durable);
    awaitCopies(index);
    return signingKey;
  }

  /**
   * Blocking: after a healed split, merges again and takes up the signing key the merge kept (its
   * entry may have changed while this tracker's listener was being re-registered).
   */
  private StartupMerge.Report rejoined(int index) {
    StartupMerge.Report report = merge(index, "rejoined after a split");
    SigningKey key = signingKey;
    if (key != null) key.reread();
    return report;
  }

  /**
   * Waits until every partition has its backups, i.e. this tracker holds a copy of everything,
   * before it reports ready: a "ready" tracker can then lose any other member without gaps.
   */
  private void awaitCopies(int index) {
    long deadline = System.nanoTime() + SAFE_WAIT.toNanos();
    while (!hazelcast.getPartitionService().isClusterSafe()) {
      if (System.nanoTime() > deadline) {
        LOG.warning("tracker " + index + ": cluster copies still syncing after " + SAFE_WAIT + "; serving anyway");
        return;
      }
      LockSupport.parkNanos(SAFE_POLL.toNanos());
    }
  }

  private StartupMerge.Report merge(int index, String why) {
    StartupMerge.Report report = StartupMerge.run(durable, disk);
    LOG.info(
        "tracker " + index + " " + why + ": merged its disk with the cluster, pushed " + report.pushed()
            + " entries the cluster lacked, wrote " + report.written() + " it had missed");
    return report;
  }

  private Router router(TrackerContext tracker, IntSupplier clusterSize) {
    Router router = Router.router(vertx);
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES));
    PeerAccess access = new PeerAccess(tracker);
    new AccountRoutes(tracker).mount(router);
    new GroupRoutes(tracker).mount(router);
    new FileRoutes(tracker, access).mount(router);
    new SwarmRoutes(tracker, access, clusterSize).mount(router);
    ApiFailures failures = new ApiFailures(tracker.trackerNumber());
    router.route().failureHandler(failures::handle);
    router.errorHandler(404, ctx -> ApiFailures.send(ctx, 404, ApiFailures.statusMessage(404)));
    router.errorHandler(405, ctx -> ApiFailures.send(ctx, 405, ApiFailures.statusMessage(405)));
    return router;
  }

  @Override
  public Future<?> stop() {
    Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
    return closed.compose(
        v ->
            vertx.executeBlocking(
                () -> {
                  try {
                    if (mergeListener != null) {
                      hazelcast.getLifecycleService().removeLifecycleListener(mergeListener);
                    }
                    if (membershipListener != null) {
                      hazelcast.getCluster().removeMembershipListener(membershipListener);
                    }
                    if (signingKey != null) signingKey.stop();
                    if (durable != null) durable.stopMirroring();
                  } finally {
                    if (disk != null) disk.close();
                  }
                  return null;
                }));
  }
}
