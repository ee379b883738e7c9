package p2pshare.tracker.state;

import java.util.Optional;

/**
 * How the values of one durable map are read, written and merged. The rules ({@link GroupRules},
 * {@link FileRules}) see only the live view; what is stored under it may carry more (per-element
 * stamps), so that two copies edited on both sides of a split brain merge without losing either
 * side's acknowledged writes. All three operations are pure.
 */
public interface DurableKind {

  /** The view the rules and the API see; empty when the key is absent or deleted. */
  Optional<String> live(Versioned stored);

  /** What to store after a rule turned the live view into {@code next} (empty = delete). */
  Versioned write(Optional<Versioned> current, Optional<String> next);

  /**
   * Both sides' copies of one key, merged: commutative, associative and idempotent, and when the
   * result differs from an input its version is higher than that input's, so every tracker and
   * disk that compares versions converges on it.
   */
  Versioned merge(Versioned a, Versioned b);

  static DurableKind of(String map) {
    return switch (map) {
      case DurableMaps.GROUPS -> GroupState.KIND;
      case DurableMaps.FILES -> FileState.KIND;
      default -> LastWriteWins.KIND;
    };
  }
}
