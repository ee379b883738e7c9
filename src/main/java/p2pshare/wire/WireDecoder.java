package p2pshare.wire;

import static p2pshare.wire.MessageId.*;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.ArrayDeque;
import java.util.Arrays;
import p2pshare.wire.PeerMessage.*;

/**
 * Incremental, socket-free decoder for one connection's inbound bytes: {@link #feed} chunks of any
 * split, take the {@link #handshake()} first, then {@link #next()} messages until it returns null
 * ("need more bytes"). A frame's declared length is checked against its type and the
 * {@link WireLimits} before it is buffered; any violation throws {@link ProtocolException}, after
 * which the connection must be closed.
 *
 * <p>Chunks are kept as they arrive; a frame that lies inside one chunk (nearly all of them, block
 * payloads included) is sliced out without copying. Only a frame split across chunks is copied.
 * A caller that feeds borrowed memory (a pooled network buffer) decodes until {@link #next()}
 * returns null, consumes the messages at once, then calls {@link #detach()} before giving the
 * memory back; a message may be a view of the decoder's own carry-over array, which the next
 * {@code detach()} overwrites. Not thread-safe: one connection, one owner.
 */
public final class WireDecoder {

  private static final byte[] NO_CARRY = new byte[0];
  /** A carry-over array holds at least this much: a split request or HAVE never regrows it. */
  private static final int SMALLEST_CARRY = 256;

  private final WireLimits limits;
  /** The longest piece frame, length prefix included: what the carry-over array keeps. */
  private final int pieceFrame;
  /** The longest frame of any type the limits allow. */
  private final int largestFrame;
  private final ArrayDeque<Buffer> chunks = new ArrayDeque<>();
  private int headPos;
  private long available;
  private boolean handshakeDone;
  /**
   * Where {@link #detach()} keeps the undecoded start of a frame, reused from one network read to
   * the next. With 128 KiB blocks nearly every read ends inside a block, and a fresh buffer for
   * each was 175 MB of garbage a GiB downloaded, a young collection every 0.1 s. Sized for the
   * frames it held; one grown past a piece frame (for a big bitfield or extension message) is
   * replaced by a smaller one at the next split of a smaller frame, so a connection keeps at most
   * a piece frame's worth, and {@link #trim} lets it go on a quiet connection.
   */
  private byte[] carry = NO_CARRY;
  /** The view of {@link #carry} heading the chunks while it holds undecoded bytes, else null. */
  private Buffer carried;

  public WireDecoder() {
    this(WireLimits.DEFAULT);
  }

  public WireDecoder(WireLimits limits) {
    this.limits = limits;
    this.pieceFrame = (int) Math.min(Integer.MAX_VALUE - 8, 4L + 9 + limits.maxBlockLength());
    this.largestFrame = (int) Math.min(Integer.MAX_VALUE - 8,
        4L + Math.max(9L + limits.maxBlockLength(), 2L + limits.maxLargePayload()));
  }

  public void feed(Buffer chunk) {
    if (chunk.length() == 0) return;
    chunks.addLast(chunk);
    available += chunk.length();
  }

  /**
   * Copies the bytes fed but not yet decoded out of the chunks fed so far, so the caller may
   * release or reuse those chunks; messages decoded before this call must be consumed by then.
   * Called once {@link #next()} returned null, what is left is a part of one frame, whose length
   * was checked against the limits, so the copy is bounded (otherwise by the bytes fed). The copy
   * goes to the carry-over array, sized for the whole frame when it is a piece, so that
   * {@link #take} completes the frame in place, and a frame that trickles in over many chunks
   * grows there instead of being copied again at every call.
   */
  public void detach() {
    if (available == 0) {
      chunks.clear();
      headPos = 0;
      carried = null;
      return;
    }
    int size = (int) Math.max(available, pendingFrameBytes());
    byte[] into = carry;
    if (size > carry.length) {
      // Doubling: a large frame that trickles in is copied a bounded number of times a byte.
      long doubled = Math.min(2L * carry.length, largestFrame);
      into = new byte[(int) Math.max(Math.max(size, SMALLEST_CARRY), doubled)];
    } else if (carry.length > pieceFrame && size <= pieceFrame) {
      into = new byte[Math.max(size, SMALLEST_CARRY)];
    }
    Buffer head = chunks.peekFirst();
    int at = 0;
    for (Buffer chunk : chunks) {
      int from = chunk == head ? headPos : 0;
      if (!(chunk == carried && into == carry && from == at)) { // else already in place
        chunk.getBytes(from, chunk.length(), into, at); // System.arraycopy: overlaps are safe
      }
      at += chunk.length() - from;
    }
    carry = into;
    carried = view(at);
    chunks.clear();
    chunks.addLast(carried);
    headPos = 0;
  }

  /**
   * Lets go of the carry-over array unless it holds undecoded bytes; the next split frame
   * allocates one again. For a connection gone quiet: a finished download's connections would
   * otherwise keep a piece frame each.
   */
  public void trim() {
    if (carried == null) carry = NO_CARRY;
  }

  /** The first {@code length} bytes of {@link #carry}, without copying them. */
  private Buffer view(int length) {
    return BufferInternal.buffer(Unpooled.wrappedBuffer(carry, 0, length));
  }

  /**
   * The whole length of the piece frame at the head once its header has arrived and passed
   * {@link #checkLength}, else 0: {@link #detach()} sizes its copy for the whole frame, which
   * {@link #take} then completes in place. Only pieces (at most a block and 13 bytes): a bitfield
   * or extended message may declare 1 MiB, and 5 bytes from a peer must not reserve that much.
   */
  private long pendingFrameBytes() {
    if (!handshakeDone || available < 5 || byteAt(4) != PIECE) return 0;
    int length = intAt(0);
    try {
      checkLength(length, PIECE);
    } catch (ProtocolException e) {
      return 0; // next() refuses it; nothing to size for
    }
    return 4L + length;
  }

  /** The size of the carry-over array (for tests of its bound). */
  int carryBytes() {
    return carry.length;
  }

  /** Bytes fed but not yet decoded. */
  public long buffered() {
    return available;
  }

  public boolean handshakeDone() {
    return handshakeDone;
  }

  /** The peer's handshake, or null until all 68 bytes have arrived. */
  public Handshake handshake() {
    if (handshakeDone) throw new IllegalStateException("handshake already decoded");
    if (available < 1) return null;
    int pstrlen = byteAt(0);
    if (pstrlen != Handshake.PROTOCOL.length) {
      throw new ProtocolException("not a BitTorrent handshake (protocol name length " + pstrlen + ")");
    }
    if (available < Handshake.LENGTH) return null;
    byte[] bytes = take(Handshake.LENGTH).getBytes();
    if (!Arrays.equals(bytes, 1, 20, Handshake.PROTOCOL, 0, Handshake.PROTOCOL.length)) {
      throw new ProtocolException("not a BitTorrent handshake (protocol name differs)");
    }
    handshakeDone = true;
    return new Handshake(
        Arrays.copyOfRange(bytes, 20, 28),
        Arrays.copyOfRange(bytes, 28, 48),
        Arrays.copyOfRange(bytes, 48, 68));
  }

  /** The next complete message, or null when more bytes are needed. */
  public PeerMessage next() {
    if (!handshakeDone) throw new IllegalStateException("decode the handshake first");
    if (available < 4) return null;
    int length = intAt(0);
    if (length == 0) {
      skip(4);
      return new KeepAlive();
    }
    if (available < 5) return null;
    checkLength(length, byteAt(4));
    if (available < 4L + length) return null;
    skip(4);
    return message(take(length));
  }

  /** Rejects a declared length that its message type cannot have, before buffering the frame. */
  private void checkLength(int length, int id) {
    int expected = switch (id) {
      case CHOKE, UNCHOKE, INTERESTED, NOT_INTERESTED, HAVE_ALL, HAVE_NONE -> 1;
      case HAVE, SUGGEST_PIECE, ALLOWED_FAST -> 5;
      case REQUEST, CANCEL, REJECT_REQUEST -> 13;
      case PORT -> 3;
      case PIECE -> range(length, 9, 9L + limits.maxBlockLength(), "piece");
      case BITFIELD -> range(length, 1, 1L + limits.maxLargePayload(), "bitfield");
      case EXTENDED -> range(length, 2, 2L + limits.maxLargePayload(), "extended");
      default -> throw new ProtocolException("unknown message id " + id);
    };
    if (length != expected) {
      throw new ProtocolException(
          "message id " + id + " declares length " + length + " but has " + expected);
    }
  }

  private static int range(int length, int min, long max, String what) {
    if (length < min || length > max) {
      throw new ProtocolException(
          what + " message declares length " + Integer.toUnsignedString(length)
              + ", allowed " + min + ".." + max);
    }
    return length;
  }

  private PeerMessage message(Buffer frame) {
    int id = frame.getUnsignedByte(0);
    try {
      return switch (id) {
        case CHOKE -> new Choke();
        case UNCHOKE -> new Unchoke();
        case INTERESTED -> new Interested();
        case NOT_INTERESTED -> new NotInterested();
        case HAVE -> new Have(frame.getInt(1));
        case BITFIELD -> new Bitfield(frame.getBytes(1, frame.length()));
        case REQUEST -> new Request(frame.getInt(1), frame.getInt(5), frame.getInt(9));
        case PIECE -> new Piece(frame.getInt(1), frame.getInt(5), frame.slice(9, frame.length()));
        case CANCEL -> new Cancel(frame.getInt(1), frame.getInt(5), frame.getInt(9));
        case PORT -> new Port(frame.getUnsignedShort(1));
        case SUGGEST_PIECE -> new SuggestPiece(frame.getInt(1));
        case HAVE_ALL -> new HaveAll();
        case HAVE_NONE -> new HaveNone();
        case REJECT_REQUEST -> new RejectRequest(frame.getInt(1), frame.getInt(5), frame.getInt(9));
        case ALLOWED_FAST -> new AllowedFast(frame.getInt(1));
        case EXTENDED -> new Extended(frame.getUnsignedByte(1), frame.slice(2, frame.length()));
        default -> throw new ProtocolException("unknown message id " + id);
      };
    } catch (IllegalArgumentException e) {
      throw new ProtocolException("message id " + id + ": " + e.getMessage());
    }
  }

  private int byteAt(long offset) {
    long pos = headPos + offset;
    for (Buffer chunk : chunks) {
      if (pos < chunk.length()) return chunk.getUnsignedByte((int) pos);
      pos -= chunk.length();
    }
    throw new IllegalStateException("byte " + offset + " is not buffered");
  }

  private int intAt(long offset) {
    Buffer head = chunks.peekFirst();
    if (head.length() - headPos >= offset + 4) return head.getInt((int) (headPos + offset));
    return byteAt(offset) << 24 | byteAt(offset + 1) << 16 | byteAt(offset + 2) << 8
        | byteAt(offset + 3);
  }

  /**
   * Removes {@code n} buffered bytes: a slice when one chunk holds them all, else a copy. A frame
   * whose start {@link #detach()} carried over is completed in the carry-over array when it fits
   * (a piece always does), so a block split across two network reads is copied once, not twice.
   */
  private Buffer take(int n) {
    Buffer head = chunks.peekFirst();
    if (head == carried && head.length() - headPos < n && headPos + n <= carry.length) {
      chunks.removeFirst();
      int end = head.length();
      for (int missing = headPos + n - end; missing > 0; ) {
        Buffer chunk = chunks.removeFirst();
        int part = Math.min(missing, chunk.length());
        chunk.getBytes(0, part, carry, end);
        end += part;
        missing -= part;
        if (part < chunk.length()) chunks.addFirst(chunk.slice(part, chunk.length()));
      }
      head = carried = view(end);
      chunks.addFirst(head);
    }
    Buffer out;
    if (head.length() - headPos >= n) {
      out = head.slice(headPos, headPos + n);
    } else {
      out = Buffer.buffer(n);
      int missing = n;
      for (Buffer chunk : chunks) {
        int from = chunk == head ? headPos : 0;
        int part = Math.min(missing, chunk.length() - from);
        out.appendBuffer(chunk, from, part);
        missing -= part;
        if (missing == 0) break;
      }
    }
    skip(n);
    return out;
  }

  private void skip(int n) {
    available -= n;
    int remaining = n;
    while (remaining > 0) {
      Buffer head = chunks.peekFirst();
      int inHead = head.length() - headPos;
      if (remaining < inHead) {
        headPos += remaining;
        return;
      }
      remaining -= inHead;
      chunks.removeFirst();
      headPos = 0;
    }
  }
}
