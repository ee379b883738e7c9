package p2pshare.tracker;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.file.Path;
import p2pshare.common.TrackerInfo;

/**
 * A running tracker: a Vert.x clustered through Hazelcast with tracker N's configuration, and the
 * {@link TrackerVerticle} deployed on it. Used by the {@code tracker} command and by tests, which
 * run several in one JVM.
 */
public final class Tracker {

  private final Vertx vertx;
  private final HazelcastClusterManager cluster;

  private Tracker(Vertx vertx, HazelcastClusterManager cluster) {
    this.vertx = vertx;
    this.cluster = cluster;
  }

  /** Joins the cluster and serves the API; fails if tracker N cannot start. */
  public static Future<Tracker> start(Path trackerInfoFile, int n, Path dataDir) {
    TrackerInfo info = TrackerInfo.load(trackerInfoFile);
    TrackerInfo.Address self = info.tracker(n);
    HazelcastClusterManager cluster =
        new HazelcastClusterManager(ClusterConfig.forTracker(ClusterConfig.load(), info, n));
    // The event bus is unused between trackers today; bind it to the tracker's own interface on a
    // free port so it never listens on every interface.
    VertxOptions options =
        new VertxOptions().setEventBusOptions(new EventBusOptions().setHost(self.host()).setPort(0));
    return Vertx.builder()
        .with(options)
        .withClusterManager(cluster)
        .buildClustered()
        .compose(
            vertx ->
                vertx
                    .deployVerticle(
                        new TrackerVerticle(),
                        new DeploymentOptions()
                            .setConfig(TrackerVerticle.config(trackerInfoFile, n, dataDir)))
                    .map(id -> new Tracker(vertx, cluster))
                    .recover(failure -> vertx.close().transform(v -> Future.failedFuture(failure))));
  }

  public int clusterSize() {
    return cluster.getHazelcastInstance().getCluster().getMembers().size();
  }

  /** Undeploys the API (flushing and closing the data files) and leaves the cluster. */
  public Future<Void> stop() {
    return vertx.close();
  }
}
