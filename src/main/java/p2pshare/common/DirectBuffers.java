package p2pshare.common;

import java.nio.ByteBuffer;

/**
 * Direct buffers whose first byte sits on a chosen boundary, for reading files into.
 *
 * <p>A plain {@link ByteBuffer#allocateDirect} of 128 KiB or more comes from glibc's {@code mmap}
 * path and starts 16 bytes past a page boundary (later ones, once glibc raises its mmap threshold,
 * at any offset). A read from the page cache copies from a page-aligned source, and the kernel's
 * copy ({@code rep movsb}) stalls when the destination lies just past the source modulo 4 KiB
 * (4K aliasing of its loads and stores). On the AMD EPYC hosts in docs/PERFORMANCE.md, reading a
 * cached 1 GiB file in 1 MiB reads took 0.40-0.47 s into such a buffer and 0.08-0.11 s into a
 * page-aligned one; one read+SHA-1 pass went from 1.08-1.15 s to 0.76-0.81 s. Which offset a
 * plain buffer gets depends on the process's history, so the slow case came and went from one run
 * to the next.
 */
public final class DirectBuffers {
  /** A page: the boundary that keeps a read's destination in step with its source. */
  public static final int PAGE = 4096;

  private DirectBuffers() {}

  /**
   * A direct buffer of exactly {@code capacity} bytes, position 0, whose first byte's address is a
   * multiple of {@code alignment} (a power of two).
   */
  public static ByteBuffer aligned(int capacity, int alignment) {
    if (alignment <= 0 || Integer.bitCount(alignment) != 1) {
      throw new IllegalArgumentException("alignment must be a power of two, not " + alignment);
    }
    if (capacity < 0 || capacity > Integer.MAX_VALUE - alignment) {
      throw new IllegalArgumentException("cannot allocate " + capacity + " aligned bytes");
    }
    // Not alignedSlice: it also rounds the end down to the alignment, short of an odd capacity.
    ByteBuffer raw = ByteBuffer.allocateDirect(capacity + alignment);
    int offset = raw.alignmentOffset(0, alignment);
    return raw.slice(offset == 0 ? 0 : alignment - offset, capacity);
  }

  /** {@link #aligned} on a page boundary: for buffers that file reads land in. */
  public static ByteBuffer pageAligned(int capacity) {
    return aligned(capacity, PAGE);
  }
}
