package p2pshare.tracker.state;

import java.util.Comparator;
import java.util.Optional;

/**
 * Users, sessions and the signing key: one opaque value per key. Sessions have random keys and
 * never conflict; a user id (or the first signing key) created on both sides of a split brain is a
 * genuine conflict, settled the same way on every tracker: the higher version, then a deletion
 * over a live value, then the value whose encoding sorts higher.
 */
final class LastWriteWins implements DurableKind {

  static final LastWriteWins KIND = new LastWriteWins();

  private static final Comparator<Versioned> ORDER =
      Comparator.comparingLong(Versioned::version)
          .thenComparing(Versioned::isTombstone)
          .thenComparing(Versioned::encode);

  private LastWriteWins() {}

  @Override
  public Optional<String> live(Versioned stored) {
    return stored.live();
  }

  @Override
  public Versioned write(Optional<Versioned> current, Optional<String> next) {
    return current.map(v -> v.next(next)).orElseGet(() -> Versioned.first(next.orElse(null)));
  }

  @Override
  public Versioned merge(Versioned a, Versioned b) {
    return ORDER.compare(a, b) >= 0 ? a : b;
  }
}
