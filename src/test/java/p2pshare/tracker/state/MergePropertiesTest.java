package p2pshare.tracker.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The merge of every durable kind is a join: commutative, associative, idempotent, and it absorbs
 * its inputs, whatever the histories. Each seed grows one random history, forks it into three
 * copies (as a split into three would) and edits each copy on its own; the seed is in the test name.
 */
class MergePropertiesTest {

  private static final List<String> USERS = List.of("alice", "bob", "carol", "dave", "erin", "frank");
  private static final List<String> HASHES = List.of("1".repeat(40), "2".repeat(40));
  private static final String G = "g";

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 200);
  }

  private static String any(Random random, List<String> from) {
    return from.get(random.nextInt(from.size()));
  }

  /** A random group operation: mostly joins and decisions on pending requests, some leaves. */
  private static Function<Optional<String>, Outcome<Optional<String>>> groupStep(Random random) {
    String user = any(random, USERS);
    int pick = random.nextInt(USERS.size());
    int op = random.nextInt(10);
    if (op < 1) return Replica.groupRule(g -> GroupRules.create(g, G, user));
    if (op < 5) return Replica.groupRule(g -> GroupRules.requestJoin(g, G, user));
    if (op < 8) {
      boolean accept = op < 7;
      return Replica.groupRule(g -> {
        String owner = g.map(Group::owner).orElse(user);
        List<String> pending = g.map(Group::pending).orElse(List.of());
        String requester = pending.isEmpty() ? user : pending.get(pick % pending.size());
        return accept ? GroupRules.accept(g, G, owner, requester) : GroupRules.reject(g, G, owner, requester);
      });
    }
    return Replica.leaveRule(G, user);
  }

  private static Function<Optional<String>, Outcome<Optional<String>>> fileStep(Random random) {
    String user = any(random, USERS);
    if (random.nextInt(3) == 0) return Replica.fileRule(f -> FileRules.unshare(f, "a.iso", G, user));
    SharedFile offered = FileMergeTest.offered(any(random, HASHES));
    return Replica.fileRule(f -> FileRules.share(f, offered, G, user).map(s -> Optional.of(s.file())));
  }

  /** {@code edits} random operations that changed something (refused ones do not count; bounded). */
  private static Replica grow(Replica r, Random random, int edits, boolean groups) {
    for (int made = 0, tries = 0; made < edits && tries < 20 * edits; tries++) {
      Replica next = r.attempt(groups ? groupStep(random) : fileStep(random));
      if (!next.equals(r)) made++;
      r = next;
    }
    return r;
  }

  /** Three copies of one history, each edited apart afterwards; every copy holds a value. */
  private static List<Versioned> sides(long seed, DurableKind kind, boolean groups) {
    Random random = new Random(seed);
    Replica start = Replica.empty(kind);
    start = groups ? start.group(g -> GroupRules.create(g, G, "alice")) : FileMergeTest.share(start, HASHES.get(0), "alice");
    Replica common = grow(start, random, random.nextInt(8), groups);
    return List.of(
        grow(common, random, 1 + random.nextInt(6), groups).value(),
        grow(common, random, 1 + random.nextInt(6), groups).value(),
        grow(common, random, 1 + random.nextInt(6), groups).value());
  }

  /** Random register values: small versions, so ties of version with different contents are common. */
  private static List<Versioned> registers(long seed) {
    Random random = new Random(seed);
    return List.of(register(random), register(random), register(random));
  }

  private static Versioned register(Random random) {
    return new Versioned(1 + random.nextInt(3), random.nextInt(4) == 0 ? null : "{\"p\":" + random.nextInt(3) + "}");
  }

  /** The lattice laws every kind obeys. */
  private static Versioned assertJoin(DurableKind kind, List<Versioned> sides) {
    Versioned a = sides.get(0);
    Versioned b = sides.get(1);
    Versioned c = sides.get(2);
    Versioned ab = kind.merge(a, b);
    assertEquals(ab, kind.merge(b, a), "commutative");
    assertEquals(kind.merge(ab, c), kind.merge(a, kind.merge(b, c)), "associative");
    assertEquals(ab, kind.merge(ab, ab), "idempotent");
    assertEquals(ab, kind.merge(ab, a), "absorbs its input");
    return ab;
  }

  /** Groups and files: a merge that is new to a side carries a version above that side's. */
  private static void assertStampedJoin(DurableKind kind, List<Versioned> sides) {
    Versioned ab = assertJoin(kind, sides);
    for (Versioned input : sides.subList(0, 2)) {
      assertTrue(ab.equals(input) || ab.version() > input.version(),
          () -> "a merged value new to an input has a higher version: " + ab + " vs " + input);
    }
  }

  @ParameterizedTest(name = "groups, seed {0}")
  @MethodSource("seeds")
  void groupMergeIsAJoin(long seed) {
    assertStampedJoin(GroupState.KIND, sides(seed, GroupState.KIND, true));
  }

  @ParameterizedTest(name = "files, seed {0}")
  @MethodSource("seeds")
  void fileMergeIsAJoin(long seed) {
    assertStampedJoin(FileState.KIND, sides(seed, FileState.KIND, false));
  }

  @ParameterizedTest(name = "users, sessions, keys, seed {0}")
  @MethodSource("seeds")
  void registerMergeIsAJoinThatPicksOneSideWhole(long seed) {
    List<Versioned> sides = registers(seed);
    Versioned ab = assertJoin(LastWriteWins.KIND, sides);
    // A tie (one user id created on both sides) keeps the winner's version: disks take an equal
    // version with other contents from the cluster (DiskState.persist), so they converge too.
    assertTrue(ab.equals(sides.get(0)) || ab.equals(sides.get(1)), () -> "one of the inputs: " + ab);
  }

  @ParameterizedTest(name = "groups, seed {0}")
  @MethodSource("seeds")
  void everyMemberAndRequestTheMergeShowsWasOnOneSide(long seed) {
    List<Versioned> sides = sides(seed, GroupState.KIND, true);
    Optional<Group> merged = GroupState.KIND.live(GroupState.KIND.merge(sides.get(0), sides.get(1)))
        .map(json -> Group.fromJson(new JsonObject(json)));
    merged.ifPresent(g -> {
      assertEquals(g.members().getFirst(), g.owner(), "the owner is the longest-standing member");
      for (String user : g.members()) assertTrue(memberOnASide(sides, user), user + " was a member on neither side");
    });
  }

  /** Guards the generator: most seeds must give two sides that each hold a write the other lacks. */
  @Test
  void theSeedsMostlyProduceGenuineConflicts() {
    for (boolean groups : List.of(true, false)) {
      DurableKind kind = groups ? GroupState.KIND : FileState.KIND;
      long conflicts = seeds().filter(seed -> {
        List<Versioned> sides = sides(seed, kind, groups);
        Versioned ab = kind.merge(sides.get(0), sides.get(1));
        return !ab.equals(sides.get(0)) && !ab.equals(sides.get(1));
      }).count();
      assertTrue(conflicts > seeds().count() / 2, (groups ? "groups: " : "files: ") + conflicts + " conflicts");
    }
  }

  private static boolean memberOnASide(List<Versioned> sides, String user) {
    return sides.subList(0, 2).stream()
        .flatMap(v -> GroupState.KIND.live(v).stream())
        .anyMatch(json -> Group.fromJson(new JsonObject(json)).isMember(user));
  }
}
