package p2pshare.swarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import p2pshare.storage.PieceSet;

class PiecePickerTest {
  private static final int PIECE = 4 * Block.SIZE;

  private static PiecePicker picker(int pieces, PieceSet have, long seed) {
    return new PiecePicker((long) pieces * PIECE, PIECE, have, 64, new Random(seed));
  }

  /** Peers 1 to {@code count}, each with every one of the {@code pieces}. */
  private static void addSeeds(PiecePicker picker, int count, int pieces) {
    for (int peer = 1; peer <= count; peer++) {
      picker.addPeer(peer);
      picker.peerHas(peer, PieceSet.full(pieces));
    }
  }

  /** We hold pieces 0-3 (past the random start); peer 1 is a seed, peers 2 and 3 downloaders. */
  private static PiecePicker seedAndTwoDownloaders(PieceSet second, PieceSet third) {
    int pieces = second.pieceCount();
    PiecePicker picker = picker(pieces, haveFirst(pieces, 4), 1);
    addSeeds(picker, 1, pieces);
    picker.addPeer(2);
    picker.peerHas(2, second);
    picker.addPeer(3);
    picker.peerHas(3, third);
    return picker;
  }

  private static PieceSet set(int count, int... pieces) {
    PieceSet s = new PieceSet(count);
    for (int p : pieces) {
      s.add(p);
    }
    return s;
  }

  private static PieceSet haveFirst(int count, int n) {
    PieceSet s = new PieceSet(count);
    IntStream.range(0, n).forEach(s::add);
    return s;
  }

  @Test
  void rarestPieceIsPickedFirstOnceWeHaveSomethingToTrade() {
    PiecePicker picker = picker(10, haveFirst(10, 4), 1);
    addSeeds(picker, 3, 10);
    picker.peerHas(3, set(10, 0, 1, 2, 3, 4, 5, 6, 8, 9));
    picker.peerHas(2, set(10, 0, 1, 2, 3, 4, 5, 6, 8, 9, 7));
    // availability: 7 -> 2 (peers 1, 2); the others 3
    List<Block> picked = picker.pick(1, 4);
    assertEquals(Set.of(7), pieces(picked));
  }

  @Test
  void aDownloaderIsAskedForTheLowestMissingPiecesBeforeTheRarest() {
    PiecePicker picker = seedAndTwoDownloaders(set(10, 4, 9), set(10, 4, 5, 6, 7, 8));
    // availability: 4 -> 3 (peers 1, 2, 3); 5 to 9 -> 2. Rarest first would give peer 2 piece 9.
    assertEquals(Set.of(4), pieces(picker.pick(2, 4)));
    // 4 is open, all its blocks asked of peer 2: the next hole, 5, goes to peer 3
    assertEquals(Set.of(5), pieces(picker.pick(3, 4)));
  }

  @Test
  void theSeedIsStillAskedForTheRarestNotTheLowestMissing() {
    PiecePicker picker = seedAndTwoDownloaders(set(10, 4, 5, 6, 7, 8, 9), set(10, 4, 5, 6, 7, 8));
    // availability: 4 to 8 -> 3, 9 -> 2: the seed is asked for 9, although 4 is the lowest hole
    assertEquals(Set.of(9), pieces(picker.pick(1, 4)));
  }

  @Test
  void theSeedIsNotAskedForPiecesADownloaderThatUnchokesUsHas() {
    PiecePicker picker = seedAndTwoDownloaders(set(8, 4, 5), set(8, 6));
    unchokeWithRoom(picker, 2, 3);
    // 4, 5 and 6 are traded between the downloaders; only 7 is the seed's alone
    assertEquals(Set.of(7), pieces(picker.pick(1, 100)));
    assertTrue(picker.pick(1, 100).isEmpty(), "the seed stays idle rather than send a traded piece");
    assertEquals(Set.of(4, 5), pieces(picker.pick(2, 100)));
  }

  @Test
  void aDownloaderThatChokesUsLeavesItsPiecesToTheSeed() {
    PiecePicker picker = seedAndTwoDownloaders(set(8, 4, 5, 6, 7), set(8, 6));
    unchokeWithRoom(picker, 2, 3);
    assertTrue(picker.pick(1, 100).isEmpty());
    picker.peerChoking(2, true);
    // 6 is still peer 3's to send; 4, 5 and 7 only the seed will give us now
    assertEquals(Set.of(4, 5, 7), pieces(picker.pick(1, 100)));
  }

  @Test
  void theSeedJoinsAPieceStartedAtADownloaderOnlyWhenThatDownloaderChokesUs() {
    PiecePicker picker = seedAndTwoDownloaders(set(8, 4, 5, 6, 7), new PieceSet(8));
    unchokeWithRoom(picker, 2);
    assertEquals(1, pieces(picker.pick(2, 2)).size(), "half of one piece asked of the downloader");
    assertTrue(picker.pick(1, 100).isEmpty());
    picker.peerChoking(2, true);
    assertEquals(4, pieces(picker.pick(1, 100)).size(), "the rest of that piece and the other three");
  }

  @Test
  void aPieceADownloaderSentBadIsTheSeedsAgain() {
    PiecePicker picker = seedAndTwoDownloaders(set(8, 4, 5, 6, 7), new PieceSet(8));
    unchokeWithRoom(picker, 2);
    List<Block> four = picker.pick(2, 4);
    assertEquals(Set.of(4), pieces(four));
    four.forEach(b -> picker.received(2, b));
    picker.failed(4);
    assertEquals(Set.of(4), pieces(picker.pick(1, 100)), "not left to the peer that sent junk");
  }

  @Test
  void aDownloaderWhosePipelineIsFullLeavesItsOtherPiecesToTheSeed() {
    PiecePicker picker = seedAndTwoDownloaders(set(12, 4, 5, 6, 7), new PieceSet(12));
    picker.peerChoking(2, false);
    picker.pipeline(2, 4);
    assertEquals(Set.of(4), pieces(picker.pick(2, 4)), "one piece fills its pipeline");
    // A slow uploader's pipeline stays full: the seed gives what it cannot take now. Room for
    // five pieces: the four only the seed has (rarest first), then one of peer 2's.
    Set<Integer> fromSeed = pieces(picker.pick(1, 20));
    assertEquals(5, fromSeed.size());
    assertTrue(fromSeed.containsAll(Set.of(8, 9, 10, 11)));
  }

  @Test
  void aPieceADownloaderRejectsARequestForIsTheSeedsAgain() {
    PiecePicker picker = seedAndTwoDownloaders(set(12, 4, 5), new PieceSet(12));
    unchokeWithRoom(picker, 2);
    List<Block> fromTwo = picker.pick(2, 4);
    assertEquals(Set.of(4), pieces(fromTwo));
    // Still unchoking us, it rejects one block of piece 4 (BEP 6): the seed may give piece 4 now,
    // but 5 is still left to peer 2.
    picker.rejected(2, fromTwo.getFirst());
    Set<Integer> fromSeed = pieces(picker.pick(1, 100));
    assertTrue(fromSeed.contains(4) && !fromSeed.contains(5), "asked of the seed: " + fromSeed);
  }

  /** The peers unchoke us and have room for 64 more slots each. */
  private static void unchokeWithRoom(PiecePicker picker, int... peers) {
    for (int peer : peers) {
      picker.peerChoking(peer, false);
      picker.pipeline(peer, 64);
    }
  }

  @Test
  void withOnlySeedsUnchokingUsEveryoneIsAsked() {
    PiecePicker picker = picker(8, haveFirst(8, 4), 3);
    addSeeds(picker, 2, 8);
    picker.peerChoking(1, false);
    picker.peerChoking(2, false);
    assertEquals(4, pieces(picker.pick(1, 8)).size() + pieces(picker.pick(2, 8)).size());
  }

  @Test
  void onlyTheFirstFewHolesComeBeforeTheRarest() {
    PiecePicker picker = seedAndTwoDownloaders(set(12, 9, 11), set(12, 4, 5, 6, 7, 8, 9, 10));
    // holes 4 to 7 are the first PREFIX_HOLES; peer 2 has none of them, so it gets the rarest it
    // has (11: only peers 1 and 2), not 9, the lowest missing piece it has
    assertEquals(4, PieceChoice.PREFIX_HOLES);
    assertEquals(Set.of(11), pieces(picker.pick(2, 4)));
  }

  @Test
  void randomAmongEqualsSeed42SpreadsPeersOverDifferentPieces() {
    PiecePicker picker = picker(64, haveFirst(64, 4), 42);
    picker.addPeer(1);
    picker.addPeer(2);
    picker.peerHas(1, PieceSet.full(64));
    picker.peerHas(2, PieceSet.full(64));
    int first = picker.pick(1, 4).getFirst().piece();
    int second = picker.pick(2, 4).getFirst().piece();
    assertNotEquals(first, second);
    PiecePicker again = picker(64, haveFirst(64, 4), 42);
    again.addPeer(1);
    again.peerHas(1, PieceSet.full(64));
    assertEquals(first, again.pick(1, 4).getFirst().piece(), "same seed, same choice");
    Set<Integer> firstPicks = new HashSet<>();
    for (long seed = 0; seed < 20; seed++) {
      PiecePicker p = picker(64, haveFirst(64, 4), seed);
      p.addPeer(1);
      p.peerHas(1, PieceSet.full(64));
      p.addPeer(2);
      p.peerHas(2, set(64, 0, 1));  // another downloader: someone to trade with
      firstPicks.add(p.pick(1, 1).getFirst().piece());
    }
    assertTrue(firstPicks.size() > 5, "ties broken at random, not by index: " + firstPicks);
  }

  @Test
  void onlySeedsConnectedMeansFileOrderAfterTheRandomStart() {
    PiecePicker picker = picker(64, new PieceSet(64), 3);
    addSeeds(picker, 3, 64);
    Set<Integer> start = pieces(picker.pick(1, 4 * 4));
    assertEquals(4, start.size());
    start.forEach(p -> complete(picker, 1, p));
    List<Integer> next = List.of(picker.pick(1, 4).getFirst().piece(),
        picker.pick(2, 4).getFirst().piece(), picker.pick(3, 4).getFirst().piece());
    List<Integer> expected = IntStream.range(0, 64).filter(p -> !start.contains(p)).limit(3)
        .boxed().toList();
    assertEquals(expected, next, "the lowest missing pieces, one per seed");

    picker.addPeer(4);
    picker.peerHas(4, set(64, 63));  // a downloader joins: back to rarest first, random among equals
    List<Integer> missing = IntStream.range(0, 63)
        .filter(p -> !start.contains(p) && !next.contains(p)).boxed().toList();
    List<Integer> picks = IntStream.range(0, 5).mapToObj(i -> picker.pick(1, 4).getFirst().piece())
        .toList();
    assertTrue(missing.containsAll(picks), "63 is the most available now: " + picks);
    assertNotEquals(missing.subList(0, 5), picks, "no longer in file order");
  }

  @Test
  void fileOrderGoesBackToAPieceThatWasLetGo() {
    PiecePicker picker = picker(64, haveFirst(64, 8), 5);
    addSeeds(picker, 2, 64);
    assertEquals(Set.of(8, 9), pieces(picker.pick(1, 8)));
    List<Block> fromTwo = picker.pick(2, 8);
    assertEquals(Set.of(10, 11), pieces(fromTwo));
    complete(picker, 1, 8);
    complete(picker, 1, 9);
    assertEquals(Set.of(12), pieces(picker.pick(1, 4)));
    picker.removePeer(2); // 10 and 11 are free again: file order resumes from 10
    assertEquals(Set.of(10), pieces(picker.pick(1, 4)));
    assertEquals(Set.of(11), pieces(picker.pick(1, 4)));
    assertEquals(Set.of(13), pieces(picker.pick(1, 4)));

    picker.addPeer(3);
    picker.peerHas(3, PieceSet.full(64));
    List<Block> fourteen = picker.pick(3, 4);
    assertEquals(Set.of(14), pieces(fourteen));
    fourteen.forEach(b -> picker.received(3, b));
    picker.failed(14); // a failed piece is fetched again before the pieces after it
    assertEquals(Set.of(14), pieces(picker.pick(1, 4)));
  }

  private static void complete(PiecePicker picker, int peer, int piece) {
    for (int b = 0; b < 4; b++) {
      picker.received(peer, new Block(piece, b * Block.SIZE, Block.SIZE));
    }
    picker.verified(piece);
  }

  @Test
  void firstPiecesAreRandomNotRarestSeed7() {
    Set<Integer> firstPicks = new HashSet<>();
    for (long seed = 7; seed < 27; seed++) {
      PiecePicker picker = picker(32, new PieceSet(32), seed);
      picker.addPeer(1);
      picker.addPeer(2);
      picker.peerHas(1, PieceSet.full(32));
      picker.peerHas(2, set(32, IntStream.range(1, 32).toArray()));
      firstPicks.add(picker.pick(1, 1).getFirst().piece());
    }
    // piece 0 is the rarest, but with nothing to trade yet the choice is random
    assertTrue(firstPicks.size() > 5, "random first pieces: " + firstPicks);
  }

  @Test
  void neverRequestsAPieceFromAPeerThatLacksIt() {
    PiecePicker picker = picker(40, new PieceSet(40), 3);
    picker.addPeer(1);
    PieceSet some = set(40, 3, 9, 17, 33);
    picker.peerHas(1, some);
    List<Block> picked = picker.pick(1, 1000);
    assertEquals(Set.of(3, 9, 17, 33), pieces(picked));
    picker.addPeer(2);
    picker.peerHas(2, new PieceSet(40));
    assertTrue(picker.pick(2, 1000).isEmpty());
    picker.peerHave(2, 21);
    assertEquals(Set.of(21), pieces(picker.pick(2, 1000)));
  }

  @Test
  void startedPiecesAreFinishedBeforeNewOnesAreOpened() {
    PiecePicker picker = picker(20, haveFirst(20, 4), 5);
    picker.addPeer(1);
    picker.addPeer(2);
    picker.peerHas(1, PieceSet.full(20));
    picker.peerHas(2, PieceSet.full(20));
    List<Block> first = picker.pick(1, 2); // half of a 4-block piece
    assertEquals(1, pieces(first).size());
    List<Block> second = picker.pick(2, 2);
    assertEquals(pieces(first), pieces(second), "peer 2 completes the piece peer 1 started");
    picker.removePeer(1);
    List<Block> third = picker.pick(2, 2);
    assertEquals(pieces(first), pieces(third), "the departed peer's blocks are asked again");
  }

  @Test
  void endgameRequestsTheLastBlocksTwiceAndCancelsTheDuplicate() {
    PiecePicker picker = picker(5, haveFirst(5, 4), 9);
    picker.addPeer(1);
    picker.addPeer(2);
    picker.peerHas(1, PieceSet.full(5));
    picker.peerHas(2, PieceSet.full(5));
    List<Block> atOne = picker.pick(1, 10);
    assertEquals(4, atOne.size());
    assertTrue(picker.inEndgame());
    List<Block> atTwo = picker.pick(2, 10);
    assertEquals(Set.copyOf(atOne), Set.copyOf(atTwo), "duplicates of the outstanding blocks");
    PiecePicker.Received r = picker.received(2, atOne.getFirst());
    assertTrue(r.accepted());
    assertEquals(List.of(new PiecePicker.Cancel(1, atOne.getFirst())), r.cancels());
    assertFalse(picker.received(1, atOne.getFirst()).accepted(), "late duplicate dropped");
    assertEquals(3, picker.outstanding(1));
  }

  @Test
  void hashFailureRefetchesElsewhereAndDropsARepeatOffender() {
    PiecePicker picker = picker(8, haveFirst(8, 4), 11);
    picker.addPeer(1);
    picker.peerHas(1, PieceSet.full(8));
    List<Block> blocks = picker.pick(1, 4);
    int piece = blocks.getFirst().piece();
    blocks.forEach(b -> picker.received(1, b));
    picker.addPeer(2);
    picker.peerHas(2, PieceSet.full(8));
    PiecePicker.HashFailure failure = picker.failed(piece);
    assertEquals(Set.of(1), failure.blamed());
    assertTrue(failure.drop().isEmpty(), "one strike is not enough to drop");
    List<Block> fromOne = picker.pick(1, 4);
    assertFalse(pieces(fromOne).contains(piece), "not from the peer that sent junk");
    assertTrue(pieces(picker.pick(2, 100)).contains(piece), "fetched again from another peer");
    fromOne.forEach(b -> picker.received(1, b));
    assertEquals(Set.of(1), picker.failed(fromOne.getFirst().piece()).drop());
  }

  @Test
  void aPieceFailedByTwoSendersIsRefetchedFromOnePeerWithoutBlamingEither() {
    PiecePicker picker = picker(6, haveFirst(6, 5), 17);
    addSeeds(picker, 3, 6);
    List<Block> half = picker.pick(1, 2);
    List<Block> otherHalf = picker.pick(2, 2);
    half.forEach(b -> picker.received(1, b));
    otherHalf.forEach(b -> picker.received(2, b));
    PiecePicker.HashFailure failure = picker.failed(5);
    assertTrue(failure.blamed().isEmpty() && failure.drop().isEmpty());
    assertEquals(2, picker.pick(3, 2).size(), "peer 3 opens the piece again");
    assertTrue(picker.pick(1, 4).isEmpty() && picker.pick(2, 4).isEmpty(),
        "only peer 3 may send it now, so a second failure has one culprit");
    assertEquals(2, picker.pick(3, 4).size());
  }

  @Test
  void failedPieceComesBackFromTheSamePeerWhenNobodyElseHasIt() {
    PiecePicker picker = picker(6, haveFirst(6, 5), 13);
    picker.addPeer(1);
    picker.peerHas(1, PieceSet.full(6));
    List<Block> blocks = picker.pick(1, 4);
    blocks.forEach(b -> picker.received(1, b));
    picker.failed(5);
    assertEquals(Set.of(5), pieces(picker.pick(1, 4)));
  }

  @Test
  void lastPieceIsShortAndItsBlocksFitTheFile() {
    long length = 2L * PIECE + Block.SIZE + 100;
    PiecePicker picker = new PiecePicker(length, PIECE, new PieceSet(3), 8, new Random(1));
    picker.addPeer(1);
    picker.peerHas(1, PieceSet.full(3));
    List<Block> all = picker.pick(1, 100);
    long total = all.stream().mapToLong(Block::length).sum();
    assertEquals(length, total);
    all.forEach(b -> {
      if (picker.received(1, b).pieceComplete()) {
        picker.verified(b.piece());
      }
    });
    assertTrue(picker.isComplete());
  }

  @Test
  void openPiecesAreBoundedSoMemoryIsBounded() {
    PiecePicker picker = new PiecePicker(100L * PIECE, PIECE, new PieceSet(100), 3, new Random(2));
    picker.addPeer(1);
    picker.peerHas(1, PieceSet.full(100));
    assertEquals(12, picker.pick(1, 1000).size(), "3 open pieces of 4 blocks");
    assertEquals(3, picker.openPieces().size());
  }

  @Test
  void aFullyRequestedPieceOffersExactlyTheBlocksThatComeFreeAgain() {
    PiecePicker picker = new PiecePicker(10L * PIECE, PIECE, new PieceSet(10), 1, new Random(4));
    addSeeds(picker, 2, 10);
    List<Block> atOne = picker.pick(1, 4);
    assertEquals(4, atOne.size());
    assertTrue(picker.pick(2, 4).isEmpty(), "one open piece, every block asked, not endgame");
    picker.rejected(1, atOne.get(1));
    assertEquals(List.of(atOne.get(1)), picker.pick(2, 4));
    assertTrue(picker.received(1, atOne.get(0)).accepted());
    picker.returnRequests(1);
    assertEquals(List.of(atOne.get(2), atOne.get(3)), picker.pick(2, 4),
        "the returned blocks, not the one received");
    assertTrue(picker.pick(1, 4).isEmpty());
  }

  @Test
  void pipelineDepthFollowsTheMeasuredRateWithinBounds() {
    assertEquals(16, PiecePicker.pipelineDepth(0));
    assertEquals(32, PiecePicker.pipelineDepth(1024 * 1024));
    assertEquals(250, PiecePicker.pipelineDepth(1e9));
  }

  /** Pieces of 16 slots: two runs of a peer that serves 128 KiB blocks. */
  private static final int BIG_PIECE = 16 * Block.SIZE;

  private static PiecePicker bigPieces(int pieces) {
    return new PiecePicker((long) pieces * BIG_PIECE, BIG_PIECE, new PieceSet(pieces), 64, new Random(1));
  }

  private static Block slots(int piece, int first, int count) {
    return new Block(piece, first * Block.SIZE, count * Block.SIZE);
  }

  @Test
  void aPeerThatServesLargeBlocksIsAskedForRunsOfEightSlotsAndItsPipelineCountsSlots() {
    PiecePicker picker = bigPieces(4);
    addSeeds(picker, 1, 4);
    picker.servesBlocksUpTo(1, Block.MAX_SIZE);
    List<Block> picked = picker.pick(1, 32);
    assertEquals(4, picked.size(), "32 slots: two pieces of two runs each");
    picked.forEach(b -> assertEquals(Block.MAX_SIZE, b.length()));
    assertEquals(32, picker.outstanding(1));
    assertTrue(picker.pick(1, 0).isEmpty());
  }

  @Test
  void theBlockSizeAPeerServesIsTakenInWholeSlotsUpTo128Kib() {
    PiecePicker picker = bigPieces(4);
    addSeeds(picker, 2, 4);
    picker.servesBlocksUpTo(1, 1024 * 1024);
    picker.servesBlocksUpTo(2, 40 * 1024);
    picker.pick(1, 16).forEach(b -> assertEquals(Block.MAX_SIZE, b.length()));
    picker.pick(2, 4).forEach(b -> assertEquals(2 * Block.SIZE, b.length()));
  }

  @Test
  void aRunStopsAtASlotAskedOfAnotherPeerAndAtTheEndOfThePiece() {
    PiecePicker picker = bigPieces(1);
    addSeeds(picker, 2, 1);
    assertEquals(List.of(slots(0, 0, 1)), picker.pick(2, 1));
    picker.servesBlocksUpTo(1, Block.MAX_SIZE);
    assertEquals(List.of(slots(0, 1, 8), slots(0, 9, 7)), picker.pick(1, 15));
  }

  @Test
  void aSingleSlotCopyArrivingFirstCancelsTheLargeRequestAndFreesItsOtherSlots() {
    PiecePicker picker = bigPieces(1);
    addSeeds(picker, 2, 1);
    picker.servesBlocksUpTo(1, Block.MAX_SIZE);
    assertEquals(List.of(slots(0, 0, 8), slots(0, 8, 8)), picker.pick(1, 16));
    assertTrue(picker.inEndgame());
    assertEquals(slots(0, 0, 1), picker.pick(2, 1).getFirst(), "an endgame duplicate is one slot");

    PiecePicker.Received r = picker.received(2, slots(0, 0, 1));

    assertTrue(r.accepted());
    assertEquals(List.of(new PiecePicker.Cancel(1, slots(0, 0, 8))), r.cancels());
    assertEquals(8, picker.outstanding(1), "only the other run is still asked of peer 1");
    assertFalse(picker.inEndgame(), "slots 1-7 are free again");
    assertEquals(IntStream.range(1, 8).mapToObj(i -> slots(0, i, 1)).toList(), picker.pick(2, 7));
    assertFalse(picker.received(1, slots(0, 0, 8)).accepted(), "the cancelled run arriving late is dropped");
  }

  @Test
  void aLargeBlockArrivingAfterItsSlotsWereAskedElsewhereIsTakenAndTheOverlapCancelled() {
    PiecePicker picker = bigPieces(1);
    addSeeds(picker, 2, 1);
    picker.servesBlocksUpTo(1, Block.MAX_SIZE);
    picker.servesBlocksUpTo(2, Block.MAX_SIZE);
    List<Block> atOne = picker.pick(1, 16);
    picker.returnRequests(1); // choked, but the first run was already on its way
    assertEquals(atOne, picker.pick(2, 16));

    PiecePicker.Received r = picker.received(1, atOne.getFirst());

    assertTrue(r.accepted());
    assertEquals(List.of(new PiecePicker.Cancel(2, atOne.getFirst())), r.cancels());
    assertEquals(8, picker.outstanding(2));
    assertTrue(picker.received(2, atOne.get(1)).pieceComplete());
  }

  @Test
  void aBlockThatIsNotARunOfWholeSlotsIsDropped() {
    PiecePicker picker = bigPieces(1);
    addSeeds(picker, 1, 1);
    picker.servesBlocksUpTo(1, Block.MAX_SIZE);
    picker.pick(1, 16);
    assertFalse(picker.received(1, new Block(0, 100, Block.SIZE)).accepted(), "not on a slot");
    assertFalse(picker.received(1, new Block(0, 0, Block.SIZE + 1)).accepted(), "ends inside a slot");
    assertFalse(picker.received(1, new Block(0, 15 * Block.SIZE, 2 * Block.SIZE)).accepted(), "past the piece");
    assertTrue(picker.received(1, slots(0, 0, 8)).accepted());
  }

  @Test
  void largeBlocksOfAShortLastPieceEndWithTheFile() {
    long length = BIG_PIECE + 9L * Block.SIZE + 100;
    PiecePicker picker = new PiecePicker(length, BIG_PIECE, new PieceSet(2), 8, new Random(1));
    addSeeds(picker, 1, 2);
    picker.servesBlocksUpTo(1, Block.MAX_SIZE);
    List<Block> all = picker.pick(1, 100);
    assertEquals(length, all.stream().mapToLong(Block::length).sum());
    assertTrue(all.contains(new Block(1, 8 * Block.SIZE, Block.SIZE + 100)), "the last run: " + all);
    all.forEach(b -> {
      if (picker.received(1, b).pieceComplete()) {
        picker.verified(b.piece());
      }
    });
    assertTrue(picker.isComplete());
  }

  private static Set<Integer> pieces(List<Block> blocks) {
    Set<Integer> s = new HashSet<>();
    blocks.forEach(b -> s.add(b.piece()));
    return s;
  }
}
