package p2pshare.tracker.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * An append-only file of {@link LogRecord}s, each framed as {@code <len:4><crc32:4><payload:len>}
 * and fsynced before {@link #append} returns. Reading stops at the first frame that is cut short
 * or fails its checksum (a crash mid-write, or garbage appended); that tail is reported in one
 * line and cut off, so later appends follow the last good record.
 */
public final class DurableLog implements AutoCloseable {

  /** 16 MiB: far above any record we write (bodies are capped at 64 KiB), so a larger length is garbage. */
  static final int MAX_RECORD_BYTES = 16 << 20;

  private static final int HEADER_BYTES = 8;

  private final FileChannel channel;

  /** What was read back from a log: the good records, in order, and the damage found after them. */
  public record Contents(List<LogRecord> records, long goodBytes, Optional<String> damage) {}

  private DurableLog(FileChannel channel) {
    this.channel = channel;
  }

  /** Opens {@code file} for appending, first cutting off a damaged tail that {@link #read} reported. */
  public static DurableLog open(Path file, long goodBytes) {
    try {
      FileChannel channel =
          FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      if (channel.size() > goodBytes) {
        channel.truncate(goodBytes);
        channel.force(true);
      }
      channel.position(goodBytes);
      return new DurableLog(channel);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the state log " + file, e);
    }
  }

  public static Contents read(Path file) {
    List<LogRecord> records = new ArrayList<>();
    if (!Files.exists(file)) return new Contents(records, 0, Optional.empty());
    ByteBuffer all;
    try {
      all = ByteBuffer.wrap(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the state log " + file, e);
    }
    while (all.remaining() > 0) {
      int start = all.position();
      Optional<String> damage = Optional.empty();
      if (all.remaining() < HEADER_BYTES) {
        damage = Optional.of("a record header is cut short");
      } else {
        int length = all.getInt();
        long crc = Integer.toUnsignedLong(all.getInt());
        if (length < 0 || length > MAX_RECORD_BYTES) {
          damage = Optional.of("a record declares an impossible length " + length);
        } else if (all.remaining() < length) {
          damage = Optional.of("the last record is cut short");
        } else {
          byte[] payload = new byte[length];
          all.get(payload);
          if (crc32(payload) != crc) {
            damage = Optional.of("a record fails its CRC32 check");
          } else {
            try {
              records.add(LogRecord.fromBytes(payload));
            } catch (RuntimeException e) {
              damage = Optional.of("a record does not decode: " + e.getMessage());
            }
          }
        }
      }
      if (damage.isPresent()) {
        long dropped = all.limit() - start;
        return new Contents(
            records,
            start,
            Optional.of(
                file + ": " + damage.get() + " at byte " + start + "; skipped the last " + dropped
                    + " bytes (kept " + records.size() + " good records)"));
      }
    }
    return new Contents(records, all.limit(), Optional.empty());
  }

  /** Writes {@code records} as a fresh log beside {@code file} and renames it into place atomically. */
  public static void rewrite(Path file, Collection<LogRecord> records) {
    Path temporary = file.resolveSibling(file.getFileName() + ".compacting");
    try (FileChannel out =
        FileChannel.open(
            temporary,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      for (LogRecord record : records) writeFrame(out, record);
      out.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + temporary, e);
    }
    try {
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncDirectory(file.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot replace " + file + " with its compacted copy", e);
    }
  }

  public synchronized void append(LogRecord record) {
    try {
      writeFrame(channel, record);
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the state log", e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      channel.force(true);
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the state log", e);
    }
  }

  private static void writeFrame(FileChannel out, LogRecord record) throws IOException {
    byte[] payload = record.toBytes();
    ByteBuffer frame = ByteBuffer.allocate(HEADER_BYTES + payload.length);
    frame.putInt(payload.length).putInt((int) crc32(payload)).put(payload).flip();
    while (frame.hasRemaining()) out.write(frame);
  }

  private static long crc32(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return crc.getValue();
  }

  /** Makes the rename itself durable; some file systems refuse to open a directory, which is fine. */
  private static void syncDirectory(Path directory) {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException ignored) {
      // Not supported on this platform: the rename is still atomic, just not yet flushed.
    }
  }
}
