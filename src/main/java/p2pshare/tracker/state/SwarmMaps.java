package p2pshare.tracker.state;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The ephemeral part of the state: who is online for which file (map {@code swarm}, key
 * {@code group/infoHash}) and, per user, which swarms they are in (map {@code presence}), so a
 * logout can take them out of all of them. Never written to disk: peers announce again.
 */
public final class SwarmMaps {

  public static final String SWARM = "swarm";
  public static final String PRESENCE = "presence";

  /** Clients announce every 30 s. */
  public static final int ANNOUNCE_INTERVAL_SECONDS = 30;

  /** 3 intervals: a peer is offline after missing about three announces in a row. */
  public static final int EXPIRY_SECONDS = 3 * ANNOUNCE_INTERVAL_SECONDS;

  public static final long EXPIRY_MILLIS = EXPIRY_SECONDS * 1000L;

  private final HazelcastInstance hazelcast;

  public SwarmMaps(HazelcastInstance hazelcast) {
    this.hazelcast = hazelcast;
  }

  public static String key(String group, String infoHash) {
    return group + "/" + infoHash;
  }

  /** Blocking (a local read when this member holds a copy of the entry). */
  public Swarm get(String group, String infoHash) {
    String json = swarm().get(key(group, infoHash));
    return json == null ? Swarm.EMPTY : Swarm.fromJson(new JsonObject(json));
  }

  /** Blocking: several swarms at once, for file listings. */
  public Map<String, Swarm> getAll(Set<String> keys) {
    Map<String, Swarm> out = new HashMap<>();
    swarm().getAll(keys).forEach((k, json) -> out.put(k, Swarm.fromJson(new JsonObject(json))));
    return out;
  }

  /** Blocking compare-and-set update of one swarm; an emptied swarm is removed. */
  public void update(String key, UnaryOperator<Swarm> change) {
    casLoop(swarm(), key, json -> {
      Swarm current = json == null ? Swarm.EMPTY : Swarm.fromJson(new JsonObject(json));
      Swarm next = change.apply(current);
      return next.peers().isEmpty() ? null : next.toJson().encode();
    });
  }

  /**
   * Blocking: remembers that {@code user} is in the swarm {@code key}, and keeps the record alive
   * as long as the user announces (an unchanged entry would otherwise expire).
   */
  public void remember(String user, String key) {
    boolean changed =
        casLoop(presence(), user, json -> {
          JsonArray keys = json == null ? new JsonArray() : new JsonArray(json);
          if (!keys.contains(key)) keys.add(key);
          return keys.encode();
        });
    if (!changed) presence().setTtl(user, EXPIRY_SECONDS, TimeUnit.SECONDS);
  }

  /** Blocking: takes {@code user} out of every swarm they announced to (logout). */
  public void dropUser(String user) {
    String json = presence().remove(user);
    if (json == null) return;
    for (Object key : new JsonArray(json)) update((String) key, s -> s.without(user));
  }

  /** Blocking: every swarm key {@code user} is in whose key starts with {@code prefix}. */
  public List<String> swarmsOf(String user, String prefix) {
    String json = presence().get(user);
    List<String> out = new ArrayList<>();
    if (json == null) return out;
    for (Object key : new JsonArray(json)) {
      if (((String) key).startsWith(prefix)) out.add((String) key);
    }
    return out;
  }

  /** Compare-and-set update; returns whether it changed the entry. */
  private static boolean casLoop(
      IMap<String, String> map, String key, UnaryOperator<String> change) {
    while (true) {
      String current = map.get(key);
      String next = change.apply(current);
      if (Optional.ofNullable(next).equals(Optional.ofNullable(current))) return false;
      boolean swapped;
      if (current == null) swapped = map.putIfAbsent(key, next) == null;
      else if (next == null) swapped = map.remove(key, current);
      else swapped = map.replace(key, current, next);
      if (swapped) return true;
    }
  }

  private IMap<String, String> swarm() {
    return hazelcast.getMap(SWARM);
  }

  private IMap<String, String> presence() {
    return hazelcast.getMap(PRESENCE);
  }
}
