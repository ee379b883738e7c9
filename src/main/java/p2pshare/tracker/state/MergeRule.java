package p2pshare.tracker.state;

import java.util.Objects;
import java.util.Optional;

/**
 * What a starting tracker does with one key it has on disk and/or finds in the cluster: the
 * higher version wins everywhere. Equal versions with different contents can only come from a
 * split brain; the cluster's copy wins then, because it is what the other trackers are serving.
 */
public final class MergeRule {
  private MergeRule() {}

  public enum Action {
    PUSH_TO_CLUSTER,
    WRITE_TO_DISK,
    NOTHING
  }

  public static Action decide(Optional<Versioned> disk, Optional<Versioned> cluster) {
    if (disk.isEmpty()) return cluster.isPresent() ? Action.WRITE_TO_DISK : Action.NOTHING;
    if (cluster.isEmpty()) return Action.PUSH_TO_CLUSTER;
    long d = disk.get().version();
    long c = cluster.get().version();
    if (d > c) return Action.PUSH_TO_CLUSTER;
    if (c > d) return Action.WRITE_TO_DISK;
    return Objects.equals(disk.get().data(), cluster.get().data())
        ? Action.NOTHING
        : Action.WRITE_TO_DISK;
  }
}
