package p2pshare.tracker.state;

import java.util.function.Function;

/** The result of a rule: the new value, or a typed refusal. */
public sealed interface Outcome<T> permits Outcome.Done, Outcome.Refused {

  record Done<T>(T value) implements Outcome<T> {}

  record Refused<T>(Rejection rejection) implements Outcome<T> {}

  static <T> Outcome<T> done(T value) {
    return new Done<>(value);
  }

  static <T> Outcome<T> refused(Rejection rejection) {
    return new Refused<>(rejection);
  }

  default <R> Outcome<R> map(Function<T, R> f) {
    return switch (this) {
      case Done<T> d -> new Done<>(f.apply(d.value()));
      case Refused<T> r -> new Refused<>(r.rejection());
    };
  }

  default <R> Outcome<R> then(Function<T, Outcome<R>> f) {
    return switch (this) {
      case Done<T> d -> f.apply(d.value());
      case Refused<T> r -> new Refused<>(r.rejection());
    };
  }
}
