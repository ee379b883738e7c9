package p2pshare.tracker.state;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryMergedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * The cluster maps that must survive every tracker's death, each mirrored on this tracker's disk.
 * Values are {@link Versioned} strings, read, written and merged as their {@link DurableKind} says
 * (deletions leave tombstones or stamped removals). Every change goes through a
 * compare-and-set loop around a pure rule, and is acknowledged only after this tracker's disk has
 * it; a listener writes the changes other trackers make, so every disk converges.
 */
public final class DurableMaps {

  public static final String USERS = "users";
  public static final String SESSIONS = "sessions";
  public static final String GROUPS = "groups";
  public static final String FILES = "files";
  public static final String KEYS = "keys";
  public static final List<String> NAMES = List.of(USERS, SESSIONS, GROUPS, FILES, KEYS);

  private final HazelcastInstance hazelcast;
  private final DiskState disk;
  private final Map<String, UUID> listeners = new HashMap<>();

  public DurableMaps(HazelcastInstance hazelcast, DiskState disk) {
    this.hazelcast = hazelcast;
    this.disk = disk;
  }

  public IMap<String, String> map(String name) {
    return hazelcast.getMap(name);
  }

  /** Mirrors every change any tracker makes onto this disk, from now on. */
  public void startMirroring() {
    for (String name : NAMES) {
      MirrorListener listener = new MirrorListener(name);
      listeners.put(name, map(name).addEntryListener(listener, true));
    }
  }

  public void stopMirroring() {
    listeners.forEach((name, id) -> map(name).removeEntryListener(id));
    listeners.clear();
  }

  /**
   * Blocking read of the live value (empty when absent or deleted). Served from this member's own
   * copy when it holds one (read-backup-data), which with a backup on every member is always.
   */
  public Optional<String> get(String map, String key) {
    String encoded = map(map).get(key);
    return encoded == null ? Optional.empty() : DurableKind.of(map).live(Versioned.decode(encoded));
  }

  /** Blocking: the live values of every key starting with {@code prefix}, by key. */
  public Map<String, String> liveWithPrefix(String map, String prefix) {
    return liveOf(map, map(map).entrySet(new KeyPrefix(prefix)));
  }

  /** Blocking: the live values of a whole map, by key. */
  public Map<String, String> live(String map) {
    return liveOf(map, map(map).entrySet());
  }

  private static Map<String, String> liveOf(String map, Set<Map.Entry<String, String>> entries) {
    DurableKind kind = DurableKind.of(map);
    Map<String, String> out = new TreeMap<>();
    entries.forEach(e -> kind.live(Versioned.decode(e.getValue())).ifPresent(v -> out.put(e.getKey(), v)));
    return out;
  }

  /**
   * Applies {@code rule} to the key's current live value atomically: the new value is written only
   * if nobody changed the key meanwhile, otherwise the rule runs again on the fresh value. Blocking
   * (cluster round trips and an fsync): call on a worker thread.
   */
  public <R> Outcome<R> update(
      String map, String key, Function<Optional<String>, Outcome<Change<String, R>>> rule) {
    IMap<String, String> cluster = map(map);
    DurableKind kind = DurableKind.of(map);
    while (true) {
      String encoded = cluster.get(key);
      Optional<Versioned> current = Optional.ofNullable(encoded).map(Versioned::decode);
      Optional<String> live = current.flatMap(kind::live);
      Outcome<Change<String, R>> outcome = rule.apply(live);
      if (!(outcome instanceof Outcome.Done<Change<String, R>> done)) {
        return outcome.map(Change::result);
      }
      Change<String, R> change = done.value();
      if (change.next().isEmpty() || change.next().get().equals(live)) {
        return Outcome.done(change.result());
      }
      Versioned written = kind.write(current, change.next().get());
      boolean swapped =
          encoded == null
              ? cluster.putIfAbsent(key, written.encode()) == null
              : cluster.replace(key, encoded, written.encode());
      if (swapped) {
        disk.persist(map, key, written);
        return Outcome.done(change.result());
      }
    }
  }

  /** Typed view of {@link #update} for values stored as JSON. */
  public <T, R> Outcome<R> update(
      String map,
      String key,
      Function<String, T> decode,
      Function<T, String> encode,
      Function<Optional<T>, Outcome<Change<T, R>>> rule) {
    return update(
        map,
        key,
        live ->
            rule.apply(live.map(decode))
                .map(c -> new Change<>(c.next().map(next -> next.map(encode)), c.result())));
  }

  private final class MirrorListener
      implements EntryAddedListener<String, String>,
          EntryUpdatedListener<String, String>,
          EntryMergedListener<String, String> {
    private final String map;

    MirrorListener(String map) {
      this.map = map;
    }

    @Override
    public void entryAdded(EntryEvent<String, String> event) {
      disk.persist(map, event.getKey(), Versioned.decode(event.getValue()));
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> event) {
      disk.persist(map, event.getKey(), Versioned.decode(event.getValue()));
    }

    /** A value taken over from the other side of a healed split brain. */
    @Override
    public void entryMerged(EntryEvent<String, String> event) {
      if (event.getValue() != null) {
        disk.persist(map, event.getKey(), Versioned.decode(event.getValue()));
      }
    }
  }
}
