package p2pshare.tracker.state;

import java.util.Optional;

/**
 * What a starting tracker does with one key it has on disk and/or finds in the cluster: both
 * become {@link DurableKind#merge} of the two copies. After a split brain each side may hold
 * acknowledged writes the other lacks, so the result can be new to both: then it goes both ways.
 */
public final class MergeRule {
  private MergeRule() {}

  /** The merged value and where it must be written to be everywhere. */
  public record Plan(Optional<Versioned> merged, boolean pushToCluster, boolean writeToDisk) {
    static final Plan NOTHING = new Plan(Optional.empty(), false, false);
  }

  public static Plan decide(DurableKind kind, Optional<Versioned> disk, Optional<Versioned> cluster) {
    if (disk.isEmpty()) return cluster.isPresent() ? new Plan(cluster, false, true) : Plan.NOTHING;
    if (cluster.isEmpty()) return new Plan(disk, true, false);
    Versioned merged = kind.merge(disk.get(), cluster.get());
    return new Plan(Optional.of(merged), !merged.equals(cluster.get()), !merged.equals(disk.get()));
  }
}
