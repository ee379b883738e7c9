package p2pshare.tracker.state;

import java.util.Optional;

/**
 * A durable value with its version: monotonic per key, +1 on every change. A deletion is a
 * tombstone ({@code data} null) that keeps its version, so a tracker that missed the deletion
 * learns it on restart instead of resurrecting the entry.
 *
 * <p>In the cluster maps it travels as one string ({@code "7:{json}"} or {@code "8!"} for a
 * tombstone) so {@code IMap.replace(key, old, new)} compares exact bytes.
 */
public record Versioned(long version, String data) {

  public Versioned {
    if (version < 1) throw new IllegalArgumentException("version must be >= 1: " + version);
  }

  public static Versioned first(String data) {
    return new Versioned(1, data);
  }

  public Versioned next(Optional<String> newData) {
    return new Versioned(version + 1, newData.orElse(null));
  }

  public boolean isTombstone() {
    return data == null;
  }

  public Optional<String> live() {
    return Optional.ofNullable(data);
  }

  public String encode() {
    return data == null ? version + "!" : version + ":" + data;
  }

  public static Versioned decode(String encoded) {
    if (encoded.endsWith("!") && encoded.indexOf(':') < 0) {
      return new Versioned(Long.parseLong(encoded.substring(0, encoded.length() - 1)), null);
    }
    int colon = encoded.indexOf(':');
    if (colon < 0) throw new IllegalArgumentException("not a versioned value: " + encoded);
    return new Versioned(Long.parseLong(encoded.substring(0, colon)), encoded.substring(colon + 1));
  }
}
