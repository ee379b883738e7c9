package p2pshare.tracker.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One tracker's durable copy of the cluster state: the latest version of every key it has seen,
 * backed by a {@link DurableLog} that is compacted on open. {@link #persist} is idempotent per
 * version, so the same change arriving from the writer and from the map listener is written once.
 */
public final class DiskState implements AutoCloseable {

  static final String LOG_FILE = "state.log";

  private final Map<String, Map<String, Versioned>> latest;
  private final DurableLog log;

  private DiskState(Map<String, Map<String, Versioned>> latest, DurableLog log) {
    this.latest = latest;
    this.log = log;
  }

  /** Loads and compacts the log in {@code dir}, reporting damage through {@code warn} in one line. */
  public static DiskState open(Path dir, Consumer<String> warn) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data dir " + dir, e);
    }
    Path file = dir.resolve(LOG_FILE);
    DurableLog.Contents contents = DurableLog.read(file);
    contents.damage().ifPresent(warn);
    Map<String, Map<String, Versioned>> latest = new HashMap<>();
    for (LogRecord record : contents.records()) {
      Map<String, Versioned> map = latest.computeIfAbsent(record.map(), m -> new HashMap<>());
      Versioned known = map.get(record.key());
      if (known == null || record.value().version() >= known.version()) {
        map.put(record.key(), record.value());
      }
    }
    List<LogRecord> compacted = new ArrayList<>();
    latest.forEach((m, entries) -> entries.forEach((k, v) -> compacted.add(new LogRecord(m, k, v))));
    DurableLog.rewrite(file, compacted);
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stat " + file, e);
    }
    return new DiskState(latest, DurableLog.open(file, size));
  }

  /**
   * Writes the change unless this disk already holds it (or something newer); returns whether it
   * wrote. An equal version with other contents is written: that is the cluster's word after a
   * split brain (see {@link MergeRule}).
   */
  public synchronized boolean persist(String map, String key, Versioned value) {
    Map<String, Versioned> entries = latest.computeIfAbsent(map, m -> new HashMap<>());
    Versioned known = entries.get(key);
    if (known != null
        && (known.version() > value.version()
            || (known.version() == value.version() && known.equals(value)))) {
      return false;
    }
    log.append(new LogRecord(map, key, value));
    entries.put(key, value);
    return true;
  }

  public synchronized Optional<Versioned> get(String map, String key) {
    return Optional.ofNullable(latest.getOrDefault(map, Map.of()).get(key));
  }

  /** A copy of every key of {@code map} on this disk, tombstones included. */
  public synchronized Map<String, Versioned> entries(String map) {
    return new HashMap<>(latest.getOrDefault(map, Map.of()));
  }

  @Override
  public synchronized void close() {
    log.close();
  }
}
