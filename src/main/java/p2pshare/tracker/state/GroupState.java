package p2pshare.tracker.state;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the {@code groups} map stores for one group: each user's status in it (pending, member,
 * gone) with its stamp ({@link StampedSet}). The {@link Group} the rules see is derived:
 * <ul>
 *   <li>members and pending requests in the order of their stamps (join order, request order);
 *   <li>the owner is the longest-standing member, which is exactly what the rules already make
 *       him (the creator comes first, an owner who leaves hands over to the next), and after a
 *       merge it is still a member by construction;
 *   <li>a group without members does not exist; deleting one marks everybody gone, so a join
 *       request or membership from the other side of a split does not resurrect it unless it is
 *       newer than the deletion (then the group lives on, owned by its longest-standing member).
 * </ul>
 * Stored as {@code {"group":name,"floor":n,"stamps":{user:[stamp,rank]}}}; the old
 * {@code {"group","owner","members","pending"}} snapshots (and tombstones) still load.
 */
record GroupState(String name, StampedSet users) implements StampedKind.State<GroupState> {

  static final int PENDING = 0;
  static final int MEMBER = 1;
  /** Highest: a removal beats an addition stamped at the same logical moment. */
  static final int GONE = 2;

  static final StampedKind<GroupState> KIND =
      new StampedKind<>(GroupState::decode, new GroupState("", StampedSet.EMPTY));

  @Override
  public Optional<String> live() {
    return view().map(g -> g.toJson().encode());
  }

  @Override
  public GroupState written(Optional<String> next) {
    return record(next.map(json -> Group.fromJson(new JsonObject(json))));
  }

  @Override
  public long weight() {
    return users.weight();
  }

  @Override
  public String encode() {
    return users.toJson().put("group", name).encode();
  }

  Optional<Group> view() {
    List<String> members = inOrder(MEMBER);
    if (members.isEmpty()) return Optional.empty();
    return Optional.of(new Group(name, members.getFirst(), members, inOrder(PENDING)));
  }

  /** This state after the group became {@code next} (empty: deleted), every change stamped anew. */
  GroupState record(Optional<Group> next) {
    long stamp = users.clock() + 1;
    StampedSet out = users;
    Map<String, Integer> wanted = next.map(GroupState::ranks).orElseGet(Map::of);
    for (Map.Entry<String, StampedSet.Element> e : users.live().entrySet()) {
      if (e.getValue().rank() != GONE && !wanted.containsKey(e.getKey())) {
        out = out.with(e.getKey(), GONE, stamp);
      }
    }
    Map<String, StampedSet.Element> live = users.live();
    for (Map.Entry<String, Integer> e : wanted.entrySet()) {
      StampedSet.Element now = live.get(e.getKey());
      if (now == null || now.rank() != e.getValue()) out = out.with(e.getKey(), e.getValue(), stamp);
    }
    return new GroupState(next.map(Group::name).orElse(name), out);
  }

  @Override
  public GroupState join(GroupState other) {
    // Both copies are of one key, so one name; an old tombstone carries none ("" sorts first).
    String joined = name.compareTo(other.name) >= 0 ? name : other.name;
    return new GroupState(joined, users.join(other.users));
  }

  private List<String> inOrder(int rank) {
    return users.live().entrySet().stream()
        .filter(e -> e.getValue().rank() == rank)
        .sorted(StampedSet.BY_STAMP)
        .map(Map.Entry::getKey)
        .toList();
  }

  /** The owner first, then the members in join order, then the pending requests in order. */
  private static Map<String, Integer> ranks(Group group) {
    Map<String, Integer> out = new LinkedHashMap<>();
    out.put(group.owner(), MEMBER);
    group.members().forEach(m -> out.put(m, MEMBER));
    group.pending().forEach(p -> out.putIfAbsent(p, PENDING));
    return out;
  }

  static GroupState decode(Versioned stored) {
    if (stored.isTombstone()) {
      return new GroupState("", StampedSet.legacyTombstone(stored.version()));
    }
    JsonObject json = new JsonObject(stored.data());
    StampedSet users =
        StampedSet.fromJson(json)
            .orElseGet(() -> StampedSet.legacy(stored.version(), ranks(Group.fromJson(json))));
    return new GroupState(json.getString("group", ""), users);
  }
}
