package p2pshare.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On the build machine's temporary directory (ext4 here), which has direct I/O. */
class DirectIoTest {
  @TempDir Path dir;

  private DirectIo open(Path file) throws IOException {
    Files.createFile(file);
    DirectIo direct = DirectIo.open(file);
    assertNotNull(direct, dir + " should allow direct I/O (ext4, xfs, btrfs do)");
    return direct;
  }

  @Test
  void itsBuffersAreBlockAlignedAndExactlyAsLargeAsAsked() throws IOException {
    try (DirectIo direct = open(dir.resolve("a"))) {
      for (int capacity : new int[] {4096, 512 * 1024, 1024 * 1024}) {
        ByteBuffer buffer = direct.allocate(capacity);
        assertEquals(capacity, buffer.capacity());
        assertTrue(direct.fits(buffer, 0), "a whole buffer at the start of the file");
      }
    }
  }

  @Test
  void onlyADirectBufferAtABlockAlignedAddressPositionAndLengthFits() throws IOException {
    try (DirectIo direct = open(dir.resolve("b"))) {
      ByteBuffer aligned = direct.allocate(64 * 1024);
      assertTrue(direct.fits(aligned, 8 * 4096));
      assertFalse(direct.fits(aligned, 8 * 4096 + 512), "position inside a block");
      assertFalse(direct.fits(aligned.duplicate().limit(10_000), 0), "length not whole blocks");
      assertFalse(direct.fits(aligned.duplicate().position(1).limit(4097), 0), "address off by one");
      assertFalse(direct.fits(ByteBuffer.allocate(64 * 1024), 0), "a heap buffer");
    }
  }

  @Test
  void whatItWritesReadsBackTheSameThroughThePageCacheAndPastIt() throws IOException {
    Path file = dir.resolve("c");
    byte[] data = new byte[256 * 1024];
    new Random(3).nextBytes(data);
    try (DirectIo direct = open(file)) {
      direct.write(direct.allocate(data.length).put(data).flip(), 4096);
      assertEquals(data.length, direct.bytesWritten());
      byte[] onDisk = Files.readAllBytes(file);
      assertArrayEquals(new byte[4096], Arrays.copyOf(onDisk, 4096), "the hole before it");
      assertArrayEquals(data, Arrays.copyOfRange(onDisk, 4096, onDisk.length));
      ByteBuffer back = direct.allocate(data.length);
      assertEquals(data.length, direct.read(back, 4096));
      byte[] read = new byte[data.length];
      back.flip().get(read);
      assertArrayEquals(data, read);
    }
  }
}
