package p2pshare.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PieceSetTest {
  @Test
  void bitfieldBytesPutPieceZeroInTheHighBit() {
    PieceSet s = new PieceSet(10);
    s.add(0);
    s.add(9);
    assertArrayEquals(new byte[] {(byte) 0x80, 0x40}, s.toBytes());
    assertEquals(s, PieceSet.fromBytes(s.toBytes(), 10));
  }

  @Test
  void spareBitsAndWrongLengthsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> PieceSet.fromBytes(new byte[] {0, 0x20}, 10));
    assertThrows(IllegalArgumentException.class, () -> PieceSet.fromBytes(new byte[1], 10));
  }

  @Test
  void hasAnyMissingFromTellsWhetherAPeerIsInteresting() {
    PieceSet peer = PieceSet.full(5);
    PieceSet ours = PieceSet.full(5);
    assertFalse(peer.hasAnyMissingFrom(ours));
    ours.remove(3);
    assertTrue(peer.hasAnyMissingFrom(ours));
    assertTrue(PieceSet.full(0).isComplete());
  }
}
