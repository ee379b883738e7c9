package p2pshare.tracker.state;

import com.hazelcast.query.Predicate;
import java.util.Map;

/**
 * Selects the entries whose key starts with a prefix: the files of a group are keyed
 * {@code group/name}. Runs on every member against the partitions it owns.
 */
public record KeyPrefix(String prefix) implements Predicate<String, String> {
  private static final long serialVersionUID = 1L;

  @Override
  public boolean apply(Map.Entry<String, String> entry) {
    return entry.getKey().startsWith(prefix);
  }
}
