package p2pshare.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import p2pshare.storage.PieceStore;

/**
 * Where download_file puts a file: into {@code destination} under the file's own name when it is a
 * directory, else at {@code destination} itself. An existing file is never overwritten. (A partial
 * file left at the target is resumed by the engine when its resume record names the same content.)
 * Touches the file system (a few stat calls): run it on a worker thread.
 */
final class Destination {
  private Destination() {}

  /**
   * @param raw the destination as the user typed it (relative to the client's working directory)
   * @param name the file's name in the group, already checked by the info dictionary (no {@code /})
   * @return the absolute final path of the download
   * @throws UserError when the place does not exist or a file is already there
   */
  static Path resolve(String raw, String name) {
    Path given = Path.of(raw).toAbsolutePath().normalize();
    boolean namesDirectory = raw.endsWith("/") || raw.endsWith(java.io.File.separator);
    Path target;
    if (Files.isDirectory(given)) {
      target = given.resolve(name);
    } else if (namesDirectory) {
      throw new UserError("directory " + given + " does not exist (create it first)");
    } else {
      target = given;
      Path parent = target.getParent();
      if (parent == null || !Files.isDirectory(parent)) {
        throw new UserError("directory " + parent + " does not exist (create it first)");
      }
    }
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new UserError(target + " already exists; remove it or choose another destination");
    }
    return target;
  }

  /**
   * Checks up front that a download of {@code length} bytes can be written at {@code target}: its
   * directory is writable and its file system has room (less what a partial file to resume
   * already holds). Only a first check: a disk that fills during the download, or any later write
   * failure, ends the download as [F] with the system's reason.
   *
   * @throws UserError when the directory is read-only to us or the space is short
   */
  static void checkRoom(Path target, long length) throws IOException {
    Path directory = target.getParent();
    // access(W_OK): false on a read-only file system even for root.
    if (!Files.isWritable(directory)) {
      throw new UserError("cannot write in " + directory
          + " (read-only file system or no permission); choose another destination");
    }
    Path part = PieceStore.partPath(target);
    long needed = length - (Files.exists(part) ? Files.size(part) : 0);
    long free = Files.getFileStore(directory).getUsableSpace();
    if (needed > free) {
      throw new UserError("not enough space in " + directory + ": " + target.getFileName() + " needs "
          + FileListCommands.size(needed) + ", " + FileListCommands.size(free)
          + " free; free some space or choose another destination");
    }
  }
}
