package p2pshare.tracker.state;

import java.util.Optional;
import java.util.function.Function;

/**
 * A durable map whose stored value is a CRDT state: reads show its live view, writes record the
 * view a rule produced as stamped changes, merges join the states. The version stored with a state
 * is its weight, which every write and every merge that changes the state raises.
 */
final class StampedKind<S extends StampedKind.State<S>> implements DurableKind {

  /** A state-based CRDT over one key's live view (JSON, as the rules read and write it). */
  interface State<S> {
    Optional<String> live();

    /** The state after the live view became {@code next} (empty = deleted), stamped after this. */
    S written(Optional<String> next);

    /** Commutative, associative, idempotent. */
    S join(S other);

    /** Strictly increasing along the join order (see {@link StampedSet#weight}). */
    long weight();

    String encode();
  }

  private final Function<Versioned, S> decode;
  private final S empty;

  /** {@code decode} must read every stored form: the current one, old snapshots, tombstones. */
  StampedKind(Function<Versioned, S> decode, S empty) {
    this.decode = decode;
    this.empty = empty;
  }

  @Override
  public Optional<String> live(Versioned stored) {
    return decode.apply(stored).live();
  }

  @Override
  public Versioned write(Optional<Versioned> current, Optional<String> next) {
    return stored(current.map(decode).orElse(empty).written(next));
  }

  @Override
  public Versioned merge(Versioned a, Versioned b) {
    return stored(decode.apply(a).join(decode.apply(b)));
  }

  private Versioned stored(S state) {
    return new Versioned(state.weight(), state.encode());
  }
}
