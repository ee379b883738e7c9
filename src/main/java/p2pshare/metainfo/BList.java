package p2pshare.metainfo;

import java.util.List;

/** A bencode list ({@code l...e}). */
public record BList(List<BValue> items) implements BValue {
  public BList {
    items = List.copyOf(items);
  }
}
