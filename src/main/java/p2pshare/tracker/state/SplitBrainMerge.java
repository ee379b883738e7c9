package p2pshare.tracker.state;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.spi.merge.MergingValue;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;

/**
 * Hazelcast's split-brain merge for the durable maps: when two trackers that formed separate
 * clusters (a network split, or both starting at the same moment) find each other, each key
 * present on both sides becomes {@link DurableKind#merge} of the two copies, the same function the
 * start-up merge uses. Hazelcast's default (put-if-absent) would keep whichever side it merges
 * into, losing the other side's acknowledged writes. Hazelcast builds a policy from its class name
 * alone, so there is one subclass per kind of map ({@link #forMap}).
 */
public abstract sealed class SplitBrainMerge
    implements SplitBrainMergePolicy<String, MergingValue<String>, Object> {

  private final DurableKind kind;

  SplitBrainMerge(DurableKind kind) {
    this.kind = kind;
  }

  /** Users, sessions, signing key. */
  public static final class Registers extends SplitBrainMerge {
    public Registers() {
      super(LastWriteWins.KIND);
    }
  }

  public static final class Groups extends SplitBrainMerge {
    public Groups() {
      super(GroupState.KIND);
    }
  }

  public static final class Files extends SplitBrainMerge {
    public Files() {
      super(FileState.KIND);
    }
  }

  /** The policy class configured for a durable map. */
  public static Class<? extends SplitBrainMerge> forMap(String map) {
    return switch (map) {
      case DurableMaps.GROUPS -> Groups.class;
      case DurableMaps.FILES -> Files.class;
      default -> Registers.class;
    };
  }

  @Override
  public Object merge(MergingValue<String> merging, MergingValue<String> existing) {
    if (existing == null || existing.getValue() == null) return merging.getRawValue();
    if (merging.getValue() == null) return existing.getRawValue();
    Versioned incoming = Versioned.decode(merging.getValue());
    Versioned current = Versioned.decode(existing.getValue());
    Versioned merged = kind.merge(incoming, current);
    // Hand back a side's own raw value when it already is the result: nothing to re-serialise.
    if (merged.equals(current)) return existing.getRawValue();
    if (merged.equals(incoming)) return merging.getRawValue();
    return merged.encode();
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
