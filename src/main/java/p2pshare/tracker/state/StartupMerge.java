package p2pshare.tracker.state;

import com.hazelcast.map.IMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reconciles this tracker's disk with the cluster when it starts: per key both copies merge
 * ({@link MergeRule}). Alone, that loads the whole disk into the cluster; joining running trackers,
 * it pushes only what the cluster lacks and writes to disk what it missed, deletions included.
 * Runs after mirroring has started, so nothing changed meanwhile is lost.
 */
public final class StartupMerge {
  private StartupMerge() {}

  /** How many keys went each way. */
  public record Report(int pushed, int written) {}

  public static Report run(DurableMaps maps, DiskState disk) {
    int pushed = 0;
    int written = 0;
    for (String name : DurableMaps.NAMES) {
      IMap<String, String> cluster = maps.map(name);
      Map<String, Versioned> onDisk = disk.entries(name);
      Set<String> keys = new HashSet<>(onDisk.keySet());
      keys.addAll(cluster.keySet());
      for (String key : keys) {
        MergeRule.Plan plan = reconcile(cluster, disk, name, key, Optional.ofNullable(onDisk.get(key)));
        if (plan.pushToCluster()) pushed++;
        if (plan.writeToDisk()) written++;
      }
    }
    return new Report(pushed, written);
  }

  /** Merges one key; when another tracker changed it meanwhile, merges again with that. */
  private static MergeRule.Plan reconcile(
      IMap<String, String> cluster, DiskState disk, String map, String key, Optional<Versioned> mine) {
    DurableKind kind = DurableKind.of(map);
    while (true) {
      String encoded = cluster.get(key);
      Optional<Versioned> theirs = Optional.ofNullable(encoded).map(Versioned::decode);
      MergeRule.Plan plan = MergeRule.decide(kind, mine, theirs);
      if (plan.pushToCluster()) {
        String value = plan.merged().orElseThrow().encode();
        boolean swapped =
            encoded == null
                ? cluster.putIfAbsent(key, value) == null
                : cluster.replace(key, encoded, value);
        if (!swapped) continue;
      }
      if (plan.writeToDisk()) disk.persist(map, key, plan.merged().orElseThrow());
      return plan;
    }
  }
}
