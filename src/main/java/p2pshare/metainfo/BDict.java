package p2pshare.metainfo;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A bencode dictionary ({@code d...e}). Keys are held as ISO-8859-1 strings: one char per byte, so
 * any byte-string key round-trips and {@link String#compareTo} orders keys exactly as bencode's
 * raw-byte order requires. ASCII keys such as {@code "piece length"} read naturally.
 *
 * <p>A decoded dictionary remembers the exact bytes it was decoded from ({@link #source()}), so a
 * hash over it (the info-hash) covers exactly what arrived, not a re-encoding.
 */
public record BDict(SortedMap<String, BValue> entries, byte[] source) implements BValue {

  public BDict {
    entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
    source = source == null ? null : source.clone();
  }

  /** A dictionary built in code; it is encoded canonically when needed. */
  public BDict(Map<String, BValue> entries) {
    this(new TreeMap<>(entries), null);
  }

  /** The exact bytes this dictionary was decoded from, or null when it was built in code. */
  @Override
  public byte[] source() {
    return source == null ? null : source.clone();
  }

  public Optional<BValue> get(String key) {
    return Optional.ofNullable(entries.get(key));
  }

  /** Equality ignores the source: two dictionaries with the same entries are equal values. */
  @Override
  public boolean equals(Object o) {
    return o instanceof BDict other && entries.equals(other.entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    return "BDict" + entries + (source == null ? "" : " (" + source.length + " source bytes)");
  }
}
