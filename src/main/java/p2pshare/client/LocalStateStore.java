package p2pshare.client;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import p2pshare.common.Names;

/**
 * Keeps each user's {@link LocalState} in {@code <data dir>/users/<user>/state.json}. A save
 * writes a temporary file, forces it to disk and renames it over the old one, so a crash leaves
 * either the old state or the new one, never half of each. Blocking file I/O: call it from a
 * worker thread (executeBlocking), never from an event loop.
 */
public final class LocalStateStore {
  private final Path dataDir;

  public LocalStateStore(Path dataDir) {
    this.dataDir = dataDir;
  }

  public Path file(String user) {
    // The trackers' user id rule also keeps a name from escaping the data dir.
    Names.userProblem(user).ifPresent(problem -> {
      throw new IllegalArgumentException(problem);
    });
    return dataDir.resolve("users").resolve(user).resolve("state.json");
  }

  /** The user's saved state, or {@link LocalState#EMPTY} for a user this client has not seen. */
  public LocalState load(String user) {
    Path file = file(user);
    if (!Files.exists(file)) return LocalState.EMPTY;
    try {
      return LocalState.fromJson(new JsonObject(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (DecodeException | ClassCastException | NullPointerException e) {
      throw new IllegalStateException(file + " is damaged (" + e.getMessage() + "); move it away to start afresh", e);
    }
  }

  public void save(String user, LocalState state) {
    Path file = file(user);
    try {
      Files.createDirectories(file.getParent());
      Path temp = Files.createTempFile(file.getParent(), "state", ".tmp");
      try {
        byte[] bytes = state.toJson().encodePrettily().getBytes(StandardCharsets.UTF_8);
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
          ByteBuffer buffer = ByteBuffer.wrap(bytes);
          while (buffer.hasRemaining()) out.write(buffer);
          out.force(true);
        }
        move(temp, file);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save " + file + ": " + e.getMessage(), e);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
