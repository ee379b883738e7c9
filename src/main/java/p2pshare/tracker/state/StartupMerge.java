package p2pshare.tracker.state;

import com.hazelcast.map.IMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reconciles this tracker's disk with the cluster when it starts: per key the higher version wins
 * ({@link MergeRule}). Alone, that loads the whole disk into the cluster; joining running trackers,
 * it pushes only what it has that is newer and writes to disk what it missed, deletions included.
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
        switch (reconcile(cluster, disk, name, key, Optional.ofNullable(onDisk.get(key)))) {
          case PUSH_TO_CLUSTER -> pushed++;
          case WRITE_TO_DISK -> written++;
          case NOTHING -> {}
        }
      }
    }
    return new Report(pushed, written);
  }

  private static MergeRule.Action reconcile(
      IMap<String, String> cluster, DiskState disk, String map, String key, Optional<Versioned> mine) {
    while (true) {
      String encoded = cluster.get(key);
      Optional<Versioned> theirs = Optional.ofNullable(encoded).map(Versioned::decode);
      MergeRule.Action action = MergeRule.decide(mine, theirs);
      switch (action) {
        case NOTHING -> {
          return action;
        }
        case WRITE_TO_DISK -> {
          disk.persist(map, key, theirs.orElseThrow());
          return action;
        }
        case PUSH_TO_CLUSTER -> {
          String value = mine.orElseThrow().encode();
          boolean swapped =
              encoded == null
                  ? cluster.putIfAbsent(key, value) == null
                  : cluster.replace(key, encoded, value);
          if (swapped) return action;
        }
      }
    }
  }
}
