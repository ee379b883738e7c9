package p2pshare.tracker.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.function.Function;

/**
 * One tracker's copy of one durable key in a merge test: rules are applied to its live view and
 * stored the way {@link DurableMaps#update} stores them, so two replicas edited apart and then
 * merged are exactly the two sides of a split brain.
 */
record Replica(DurableKind kind, Optional<Versioned> stored) {

  static Replica empty(DurableKind kind) {
    return new Replica(kind, Optional.empty());
  }

  Optional<String> live() {
    return stored.flatMap(kind::live);
  }

  Versioned value() {
    return stored.orElseThrow();
  }

  /** This copy after a rule that must succeed changed its live view ({@code empty} = delete). */
  Replica after(Function<Optional<String>, Outcome<Optional<String>>> rule) {
    Outcome<Optional<String>> outcome = rule.apply(live());
    if (!(outcome instanceof Outcome.Done<Optional<String>>)) throw new AssertionError("refused: " + outcome);
    return attempt(rule);
  }

  /** As {@link #after}, but a refused rule (as random histories produce) leaves the copy as it is. */
  Replica attempt(Function<Optional<String>, Outcome<Optional<String>>> rule) {
    Outcome<Optional<String>> outcome = rule.apply(live());
    if (!(outcome instanceof Outcome.Done<Optional<String>> done) || done.value().equals(live())) return this;
    return new Replica(kind, Optional.of(kind.write(stored, done.value())));
  }

  Replica merge(Replica other) {
    return new Replica(kind, Optional.of(kind.merge(value(), other.value())));
  }

  /** The merge of both sides, checked to be the same whichever side merges into the other. */
  Replica mergedBothWays(Replica other) {
    Replica merged = merge(other);
    assertEquals(merged, other.merge(this), "the same value whichever side merges into the other");
    return merged;
  }

  /** Applies a group rule that must succeed; its result is the group afterwards. */
  Replica group(Function<Optional<Group>, Outcome<Group>> rule) {
    return after(groupRule(rule));
  }

  /** Applies the leave rule, which must succeed. */
  Replica leave(String group, String user) {
    return after(leaveRule(group, user));
  }

  /** Applies a file rule that must succeed; its result is the listing afterwards (empty: nobody shares it). */
  Replica file(Function<Optional<SharedFile>, Outcome<Optional<SharedFile>>> rule) {
    return after(fileRule(rule));
  }

  static Function<Optional<String>, Outcome<Optional<String>>> groupRule(
      Function<Optional<Group>, Outcome<Group>> rule) {
    return live -> rule.apply(live.map(Replica::group)).map(g -> Optional.of(g.toJson().encode()));
  }

  /** Leaving: the group afterwards, or deleted. */
  static Function<Optional<String>, Outcome<Optional<String>>> leaveRule(String group, String user) {
    return live -> GroupRules.leave(live.map(Replica::group), group, user)
        .map(d -> d.after().map(g -> g.toJson().encode()));
  }

  static Function<Optional<String>, Outcome<Optional<String>>> fileRule(
      Function<Optional<SharedFile>, Outcome<Optional<SharedFile>>> rule) {
    return live -> rule.apply(live.map(Replica::file)).map(f -> f.map(s -> s.toJson().encode()));
  }

  Optional<Group> group() {
    return live().map(Replica::group);
  }

  Optional<SharedFile> file() {
    return live().map(Replica::file);
  }

  private static Group group(String json) {
    return Group.fromJson(new JsonObject(json));
  }

  private static SharedFile file(String json) {
    return SharedFile.fromJson(new JsonObject(json));
  }
}
