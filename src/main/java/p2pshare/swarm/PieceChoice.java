package p2pshare.swarm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import p2pshare.storage.PieceSet;

/**
 * Which new piece {@link PiecePicker} opens for a peer, and which peers a piece is not asked of.
 * It reads the picker's state (what we have, the open pieces, the peers and the suspects of
 * failed pieces) and owns what only the choice needs: how many peers have each piece, and where
 * its two scans start. Single-threaded, like the picker.
 */
final class PieceChoice {
  /** A handful of random pieces first: enough to trade with, small enough to turn rarest soon. */
  static final int RANDOM_FIRST = 4;
  /**
   * Lowest missing pieces that a downloading peer is asked for before the rarest: the holes the
   * whole-file hash waits at (see {@link #prefixHole}).
   */
  static final int PREFIX_HOLES = 4;

  private final int pieceCount;
  private final PieceSet have;
  private final Map<Integer, OpenPiece> open;
  private final Map<Integer, PeerState> peers;
  private final Map<Integer, Set<Integer>> suspects;
  private final Random random;
  /** How many connected peers have each piece. */
  private final int[] availability;
  /**
   * No piece below this one is free to open (each is verified or open): where the file-order scan
   * starts, so picking in file order costs O(1) a piece instead of a scan from piece 0 (2,048
   * pieces a GiB: quadratic in the file size). Pulled back whenever an open piece is let go.
   */
  private int inOrderFrom;
  /**
   * Every piece below this one is ours: where {@link #prefixHole} looks for the lowest missing
   * pieces, so that it does not scan from piece 0 at every pick. Only moves forward, since a
   * verified piece is never taken out of {@code have}.
   */
  private int heldBelow;

  /** Over the picker's own collections, which it changes and this only reads. */
  PieceChoice(PieceSet have, Map<Integer, OpenPiece> open, Map<Integer, PeerState> peers,
      Map<Integer, Set<Integer>> suspects, Random random) {
    this.pieceCount = have.pieceCount();
    this.have = have;
    this.open = open;
    this.peers = peers;
    this.suspects = suspects;
    this.random = random;
    this.availability = new int[pieceCount];
  }

  /** A peer has these pieces (a bitfield, or have_all). */
  void count(PieceSet pieces) {
    pieces.stream().forEach(p -> availability[p]++);
  }

  /** A peer has this piece too (a have). */
  void count(int piece) {
    availability[piece]++;
  }

  /** A peer's pieces no longer count: it is gone, or sent a new bitfield. */
  void uncount(PieceSet pieces) {
    pieces.stream().forEach(p -> availability[p]--);
  }

  /**
   * Random while we have little to trade; then, while every connected peer is a seed, in file
   * order: nobody could trade with us, every piece is equally available, and pieces that arrive
   * in order let the whole-file SHA1 run as they are written instead of re-reading the file at the
   * end. With any downloader among the peers: rarest first, random among equals. Never a piece
   * one of the {@code traders} has (see {@link #tradersBesides}).
   */
  int choose(int peer, PeerState state, List<Integer> traders) {
    boolean randomPhase = have.count() < RANDOM_FIRST;
    boolean inOrder = !randomPhase && onlySeeds();
    int chosen = -1;
    int best = Integer.MAX_VALUE;
    int ties = 0;
    if (!randomPhase && !inOrder && !state.has.isComplete()) {
      int hole = prefixHole(peer, state);
      if (hole >= 0) {
        return hole;
      }
    }
    if (inOrder) {
      while (inOrderFrom < pieceCount && (have.has(inOrderFrom) || open.containsKey(inOrderFrom))) {
        inOrderFrom++;
      }
    }
    for (int p = state.has.nextSet(inOrder ? inOrderFrom : 0); p >= 0; p = state.has.nextSet(p + 1)) {
      if (have.has(p) || open.containsKey(p) || avoid(peer, p) || tradedElsewhere(traders, p)) {
        continue;
      }
      if (inOrder) {
        return p;
      }
      int rank = randomPhase ? 0 : availability[p];
      if (rank < best) {
        best = rank;
        chosen = p;
        ties = 1;
      } else if (rank == best && random.nextInt(++ties) == 0) {
        chosen = p;
      }
    }
    return chosen;
  }

  /**
   * The lowest of the {@link #PREFIX_HOLES} lowest pieces we lack that is not open yet and that
   * this peer (a downloader) has, else -1. The whole-file SHA1 runs in file order, so a piece that
   * arrives past a hole waits on disk and is read back once the hole is filled; in pure rarest
   * first the lowest hole stays near piece 0, and 1,935-1,953 of 2,048 pieces were read back in a
   * 1 GiB swarm of four, much of it after the last piece arrived. Only other downloaders are
   * asked, never a seed: rarest first exists to keep the seed's upload low, and a piece a
   * downloader has is one the seed need not send again. 1 -> 4 became faster (docs/PERFORMANCE.md),
   * but the catch-up at the end did not clearly shrink, so that is not yet why.
   */
  private int prefixHole(int peer, PeerState state) {
    int hole = have.nextMissing(heldBelow);
    heldBelow = Math.max(heldBelow, hole);
    for (int i = 0; hole >= 0 && i < PREFIX_HOLES; i++, hole = have.nextMissing(hole + 1)) {
      if (!open.containsKey(hole) && state.has.has(hole) && !avoid(peer, hole)) {
        return hole;
      }
    }
    return -1;
  }

  /**
   * When the peer asked is a seed: the other peers that are downloading too and unchoke us, whose
   * pieces the seed is not asked for (else none). Downloaders trade what they have among
   * themselves, and a seed's upload goes to the pieces only it can give: with rarest first alone,
   * once every piece was out the downloaders kept asking the seed for pieces another downloader
   * had, and in 1 -> 4 the seed uploaded 1.70-2.09 times the file; with this, 1.12-1.21, in
   * about the same time (A/B runs of 6 repetitions each, docs/PERFORMANCE.md). Only
   * peers that unchoke us count, so a piece held by a downloader that will not serve us still
   * comes from the seed; a downloader that stops answering is dropped at its stall timeout, and
   * its pieces are the seed's again. And only peers with room in their request pipeline: one
   * whose pipeline is full cannot take more from us now, and where downloaders upload slowly
   * (home links) theirs stay full, so the seed's spare upload still goes to pieces they hold
   * instead of sitting idle while they trickle. A fast peer's pipeline is full only from a top-up
   * to its next block.
   */
  List<Integer> tradersBesides(int peer, PeerState state) {
    if (!state.has.isComplete()) {
      return List.of();
    }
    List<Integer> traders = new ArrayList<>();
    peers.forEach((id, s) -> {
      if (id != peer && s.unchoking && !s.has.isComplete() && s.outstandingSlots() < s.depth) {
        traders.add(id);
      }
    });
    return traders;
  }

  /**
   * One of the traders has the piece, did not send a bad copy of it and did not reject a request
   * for it while unchoking us (BEP 6): a peer that will not serve the piece cannot hold the seed
   * back from it.
   */
  boolean tradedElsewhere(List<Integer> traders, int piece) {
    Set<Integer> bad = suspects.getOrDefault(piece, Set.of());
    for (int trader : traders) {
      PeerState state = peers.get(trader);
      if (state.has.has(piece) && !bad.contains(trader) && !state.refused.get(piece)) return true;
    }
    return false;
  }

  /** An open piece is free to open again. */
  void letGo(int piece) {
    inOrderFrom = Math.min(inOrderFrom, piece);
  }

  private boolean onlySeeds() {
    return peers.values().stream().allMatch(s -> s.has.isComplete());
  }

  /** A peer that sent a bad copy of the piece is asked again only if nobody else has it. */
  boolean avoid(int peer, int piece) {
    Set<Integer> bad = suspects.get(piece);
    if (bad == null || !bad.contains(peer)) {
      return false;
    }
    return peers.entrySet().stream()
        .anyMatch(e -> !bad.contains(e.getKey()) && e.getValue().has.has(piece));
  }
}
