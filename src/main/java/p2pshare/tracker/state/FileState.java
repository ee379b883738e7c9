package p2pshare.tracker.state;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the {@code files} map stores for one file name in a group: the facts of every content
 * offered under that name (by info-hash; the facts follow from the info dictionary, so two copies
 * never disagree on them) and, per (content, user), whether that user shares it, stamped
 * ({@link StampedSet}). The {@link SharedFile} the rules see is derived: the content whose sharing
 * started first (then the lower info-hash) is the file, its sharers in the order they started; a
 * name nobody shares is no file. A stop_share is a stamped "stopped", so a stale copy from the
 * other side of a split cannot bring the sharer back. Two different contents shared under one name
 * on both sides of a split are a genuine conflict: the first shared keeps the name, and the next
 * write to the file records the listing as it was seen (the other content's sharers drop out).
 */
record FileState(SortedMap<String, JsonObject> facts, StampedSet sharers)
    implements StampedKind.State<FileState> {

  static final int SHARING = 0;
  /** Higher: a stop beats a share stamped at the same logical moment. */
  static final int STOPPED = 1;

  static final StampedKind<FileState> KIND =
      new StampedKind<>(FileState::decode, new FileState(new TreeMap<>(), StampedSet.EMPTY));

  @Override
  public Optional<String> live() {
    return view().map(f -> f.toJson().encode());
  }

  @Override
  public FileState written(Optional<String> next) {
    return record(next.map(json -> SharedFile.fromJson(new JsonObject(json))));
  }

  @Override
  public long weight() {
    // A content learnt from the other side also moves the state up.
    return sharers.weight() + facts.size();
  }

  @Override
  public String encode() {
    return sharers.toJson().put("facts", new JsonObject(new LinkedHashMap<>(facts))).encode();
  }

  FileState {
    facts = new TreeMap<>(facts);
  }

  Optional<SharedFile> view() {
    Map<String, List<String>> sharersByContent = new TreeMap<>();
    Map<String, Long> firstShared = new TreeMap<>();
    sharers.live().entrySet().stream()
        .filter(e -> e.getValue().rank() == SHARING && facts.containsKey(content(e.getKey())))
        .sorted(StampedSet.BY_STAMP)
        .forEach(e -> {
          String content = content(e.getKey());
          sharersByContent.computeIfAbsent(content, c -> new ArrayList<>()).add(user(e.getKey()));
          firstShared.putIfAbsent(content, e.getValue().stamp());
        });
    return firstShared.entrySet().stream()
        .min(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
        .map(first -> SharedFile.fromJson(facts.get(first.getKey())).withSharers(sharersByContent.get(first.getKey())));
  }

  /** This state after the listing became {@code next} (empty: nobody shares it), stamped anew. */
  FileState record(Optional<SharedFile> next) {
    long stamp = sharers.clock() + 1;
    SortedMap<String, JsonObject> knownFacts = new TreeMap<>(facts);
    Map<String, Integer> wanted = new LinkedHashMap<>();
    next.ifPresent(f -> {
      knownFacts.put(f.infoHash(), factsOf(f));
      f.sharers().forEach(u -> wanted.put(key(f.infoHash(), u), SHARING));
    });
    StampedSet out = sharers;
    Map<String, StampedSet.Element> live = sharers.live();
    for (Map.Entry<String, StampedSet.Element> e : live.entrySet()) {
      if (e.getValue().rank() == SHARING && !wanted.containsKey(e.getKey())) {
        out = out.with(e.getKey(), STOPPED, stamp);
      }
    }
    for (String key : wanted.keySet()) {
      StampedSet.Element now = live.get(key);
      if (now == null || now.rank() != SHARING) out = out.with(key, SHARING, stamp);
    }
    return new FileState(knownFacts, out);
  }

  @Override
  public FileState join(FileState other) {
    SortedMap<String, JsonObject> union = new TreeMap<>(facts);
    // Equal info-hashes mean equal info dictionaries; the comparison only makes the choice total.
    other.facts.forEach((h, f) -> union.merge(h, f, (a, b) -> a.encode().compareTo(b.encode()) >= 0 ? a : b));
    return new FileState(union, sharers.join(other.sharers));
  }

  private static JsonObject factsOf(SharedFile file) {
    return file.withSharers(List.of()).toJson();
  }

  private static String key(String infoHash, String user) {
    return infoHash + "/" + user;
  }

  private static String content(String key) {
    return key.substring(0, key.indexOf('/'));
  }

  private static String user(String key) {
    return key.substring(key.indexOf('/') + 1);
  }

  static FileState decode(Versioned stored) {
    if (stored.isTombstone()) {
      return new FileState(new TreeMap<>(), StampedSet.legacyTombstone(stored.version()));
    }
    JsonObject json = new JsonObject(stored.data());
    Optional<StampedSet> stamped = StampedSet.fromJson(json);
    if (stamped.isPresent()) {
      SortedMap<String, JsonObject> facts = new TreeMap<>();
      JsonObject all = json.getJsonObject("facts", new JsonObject());
      all.fieldNames().forEach(h -> facts.put(h, all.getJsonObject(h)));
      return new FileState(facts, stamped.get());
    }
    SharedFile old = SharedFile.fromJson(json);
    Map<String, Integer> inOrder = new LinkedHashMap<>();
    old.sharers().forEach(u -> inOrder.put(key(old.infoHash(), u), SHARING));
    return new FileState(
        new TreeMap<>(Map.of(old.infoHash(), factsOf(old))), StampedSet.legacy(stored.version(), inOrder));
  }
}
