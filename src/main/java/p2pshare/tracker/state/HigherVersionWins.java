package p2pshare.tracker.state;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;

/**
 * Hazelcast's split-brain merge for the durable maps: when two trackers that formed separate
 * clusters (a network split, or both starting at the same moment) find each other, each key keeps
 * its higher {@link Versioned} version, as the start-up merge does. Hazelcast's default
 * (put-if-absent) would keep whichever side it merges into, losing acknowledged newer writes.
 * On equal versions the side merged into is kept.
 */
public final class HigherVersionWins
    implements SplitBrainMergePolicy<String, MergingValue<String>, Object> {

  @Override
  public Object merge(MergingValue<String> merging, MergingValue<String> existing) {
    if (existing == null || existing.getValue() == null) return merging.getRawValue();
    if (merging.getValue() == null) return existing.getRawValue();
    long incoming = Versioned.decode(merging.getValue()).version();
    long current = Versioned.decode(existing.getValue()).version();
    return incoming > current ? merging.getRawValue() : existing.getRawValue();
  }

  @Override
  public void writeData(ObjectDataOutput out) {
    // Stateless: nothing to send along with the policy.
  }

  @Override
  public void readData(ObjectDataInput in) {
    // Stateless.
  }
}
