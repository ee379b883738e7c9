package p2pshare.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DirectBuffersTest {

  /** Sizes on both sides of glibc's 128 KiB mmap threshold, where plain buffers start at 16 mod 4096. */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 4095, 16 * 1024, 128 * 1024, 512 * 1024 + 7, 1024 * 1024})
  void pageAlignedBufferStartsOnAPageAndHoldsExactlyTheCapacity(int capacity) {
    ByteBuffer buffer = DirectBuffers.pageAligned(capacity);

    assertTrue(buffer.isDirect());
    assertEquals(0, buffer.alignmentOffset(0, DirectBuffers.PAGE), "first byte on a page boundary");
    assertEquals(0, buffer.position());
    assertEquals(capacity, buffer.capacity());
    assertEquals(capacity, buffer.limit());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 64, 512, 65536})
  void alignedBufferStartsOnTheGivenBoundary(int alignment) {
    ByteBuffer buffer = DirectBuffers.aligned(1024 * 1024, alignment);

    assertEquals(0, buffer.alignmentOffset(0, alignment));
    assertEquals(1024 * 1024, buffer.capacity());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -4096, 3, 4097})
  void alignmentThatIsNotAPowerOfTwoIsRefused(int alignment) {
    assertThrows(IllegalArgumentException.class, () -> DirectBuffers.aligned(16, alignment));
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, Integer.MAX_VALUE})
  void capacityThatCannotBeAllocatedWithItsAlignmentIsRefused(int capacity) {
    assertThrows(IllegalArgumentException.class, () -> DirectBuffers.pageAligned(capacity));
  }
}
