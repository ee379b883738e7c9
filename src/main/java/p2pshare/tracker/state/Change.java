package p2pshare.tracker.state;

import java.util.Optional;

/**
 * What an update decided: the key's new value (empty = delete it) and the answer for the caller.
 * {@link #keep} leaves the key untouched.
 */
public record Change<T, R>(Optional<Optional<T>> next, R result) {

  public static <T, R> Change<T, R> set(T value, R result) {
    return new Change<>(Optional.of(Optional.of(value)), result);
  }

  public static <T, R> Change<T, R> delete(R result) {
    return new Change<>(Optional.of(Optional.empty()), result);
  }

  public static <T, R> Change<T, R> keep(R result) {
    return new Change<>(Optional.empty(), result);
  }
}
