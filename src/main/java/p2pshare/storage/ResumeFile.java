package p2pshare.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Optional;

/**
 * The verified pieces of an unfinished download, next to its partial file as
 * {@code <target>.p2pshare-resume}: a header line {@code p2pshare-resume 1 <infoHashHex>} and the
 * BEP 3 bitfield. Written to a temporary file and renamed, so a kill at any moment leaves either
 * the old or the new list, never a torn one. Blocking: call on a worker thread.
 */
public final class ResumeFile {
  public static final String SUFFIX = ".p2pshare-resume";
  private static final String MAGIC = "p2pshare-resume 1 ";

  private ResumeFile() {}

  public static Path pathFor(Path target) {
    return target.resolveSibling(target.getFileName() + SUFFIX);
  }

  public static void write(Path target, String infoHashHex, PieceSet verified) throws IOException {
    Path file = pathFor(target);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    byte[] header = (MAGIC + infoHashHex + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] bits = verified.toBytes();
    byte[] all = Arrays.copyOf(header, header.length + bits.length);
    System.arraycopy(bits, 0, all, header.length, bits.length);
    Files.write(tmp, all);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** The pieces recorded for this info-hash, or empty if there is no (matching, readable) record. */
  public static Optional<PieceSet> read(Path target, String infoHashHex, int pieceCount)
      throws IOException {
    Path file = pathFor(target);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    byte[] all = Files.readAllBytes(file);
    byte[] header = (MAGIC + infoHashHex + "\n").getBytes(StandardCharsets.US_ASCII);
    if (all.length != header.length + PieceSet.byteLength(pieceCount)
        || !Arrays.equals(all, 0, header.length, header, 0, header.length)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          PieceSet.fromBytes(Arrays.copyOfRange(all, header.length, all.length), pieceCount));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  public static void delete(Path target) throws IOException {
    Files.deleteIfExists(pathFor(target));
  }
}
