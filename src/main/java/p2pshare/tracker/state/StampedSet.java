package p2pshare.tracker.state;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The state-based CRDT under groups and files: a status per element (a user in a group, a sharer
 * of a file), each with the logical time it was last changed. Two copies of one key edited on both
 * sides of a split brain merge element by element: the later stamp wins, and at equal stamps the
 * higher status rank (statuses rank removals highest, so a removal beats an addition made at the
 * same logical moment). Join is a pointwise maximum, hence commutative, associative, idempotent.
 *
 * <p>Stamps are a Lamport clock per key: a write stamps what it changes with {@link #clock()} + 1,
 * which is later than everything the writer saw. An element nobody touched keeps its old stamp, so
 * a stale copy of it never undoes a newer change made on the other side.
 *
 * <p>{@code floor} only serves values written before stamps existed (see {@link #legacy}): every
 * element stamped at or below it counts as absent, which is how an old "higher version wins"
 * snapshot or tombstone hides what older snapshots still list.
 */
record StampedSet(long floor, SortedMap<String, Element> elements) {

  /** One element's status (a small rank) and when it was set. */
  record Element(long stamp, int rank) implements Comparable<Element> {
    @Override
    public int compareTo(Element other) {
      int byStamp = Long.compare(stamp, other.stamp);
      return byStamp != 0 ? byStamp : Integer.compare(rank, other.rank);
    }
  }

  /** Ranks are 0..RANKS-1; the weight below needs the bound to stay strictly monotone. */
  static final int RANKS = 4;

  /**
   * Old snapshots become stamps {@code version * LEGACY_SCALE + position}, so the elements of one
   * snapshot keep their order and every element of an older snapshot falls below a newer one's
   * floor; a million leaves room for any group's member list.
   */
  static final long LEGACY_SCALE = 1_000_000;

  /** Elements by the moment they were set, then by key: join or start order, total on ties. */
  static final Comparator<Map.Entry<String, Element>> BY_STAMP =
      Comparator.comparing((Map.Entry<String, Element> e) -> e.getValue().stamp())
          .thenComparing(Map.Entry::getKey);

  static final StampedSet EMPTY = new StampedSet(0, new TreeMap<>());

  StampedSet {
    elements = new TreeMap<>(elements);
  }

  /** The live elements (stamped above the floor) with their ranks. */
  Map<String, Element> live() {
    SortedMap<String, Element> out = new TreeMap<>();
    elements.forEach((key, e) -> { if (e.stamp() > floor) out.put(key, e); });
    return out;
  }

  /** The latest logical time in this value: what a write must exceed. */
  long clock() {
    long clock = floor;
    for (Element e : elements.values()) clock = Math.max(clock, e.stamp());
    return clock;
  }

  StampedSet with(String key, int rank, long stamp) {
    SortedMap<String, Element> out = new TreeMap<>(elements);
    out.put(key, new Element(stamp, rank));
    return new StampedSet(floor, out);
  }

  StampedSet join(StampedSet other) {
    SortedMap<String, Element> out = new TreeMap<>(elements);
    other.elements.forEach((key, e) -> out.merge(key, e, (a, b) -> a.compareTo(b) >= 0 ? a : b));
    return new StampedSet(Math.max(floor, other.floor), out);
  }

  /**
   * A number that grows whenever the set moves up the join order (a later stamp or a higher rank
   * on any element, a new element, a higher floor): the merged value of two different copies
   * therefore carries a version above both, and stale copies lose by version everywhere.
   */
  long weight() {
    long weight = floor;
    for (Element e : elements.values()) weight += e.stamp() * RANKS + e.rank() + 1;
    return weight;
  }

  /** An old snapshot at {@code version}, its elements in order with their ranks. */
  static StampedSet legacy(long version, Map<String, Integer> ranksInOrder) {
    SortedMap<String, Element> out = new TreeMap<>();
    long stamp = version * LEGACY_SCALE;
    for (Map.Entry<String, Integer> e : ranksInOrder.entrySet()) {
      out.put(e.getKey(), new Element(stamp++, e.getValue()));
    }
    return new StampedSet(version * LEGACY_SCALE - 1, out);
  }

  /** An old tombstone at {@code version}: hides every snapshot up to that version. */
  static StampedSet legacyTombstone(long version) {
    return new StampedSet((version + 1) * LEGACY_SCALE - 1, new TreeMap<>());
  }

  JsonObject toJson() {
    JsonObject stamps = new JsonObject();
    elements.forEach((key, e) -> stamps.put(key, new JsonArray().add(e.stamp()).add(e.rank())));
    return new JsonObject().put("floor", floor).put("stamps", stamps);
  }

  static Optional<StampedSet> fromJson(JsonObject json) {
    JsonObject stamps = json.getJsonObject("stamps");
    if (stamps == null) return Optional.empty();
    SortedMap<String, Element> out = new TreeMap<>();
    for (String key : stamps.fieldNames()) {
      JsonArray e = stamps.getJsonArray(key);
      out.put(key, new Element(e.getLong(0), e.getInteger(1)));
    }
    return Optional.of(new StampedSet(json.getLong("floor", 0L), out));
  }
}
