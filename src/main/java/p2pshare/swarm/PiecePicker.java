package p2pshare.swarm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import p2pshare.storage.PieceSet;

/**
 * Decides which blocks to request from which peer. Pure and single-threaded: fed with the peers'
 * bitfields and the transfer events, it answers with block requests and cancels; the same events
 * with the same seeded {@link Random} give the same choices.
 *
 * <p>Order of preference for a peer with spare pipeline room: (1) unrequested blocks of pieces
 * already started, so pieces complete and can be verified and shared early; (2) a new piece: at
 * random while we hold fewer than {@link #RANDOM_FIRST} pieces (the rarest piece is slow to get at
 * first and a new peer needs something to trade), then, from a peer that is downloading too, one
 * of the few lowest pieces we lack (the whole-file hash waits at them), else the rarest among the
 * connected peers, random among equals so peers spread over different pieces (in file order while
 * every peer is a seed: nobody to trade with); (3) in endgame, when every missing
 * block is already requested, duplicates of blocks outstanding at other peers, cancelled at the
 * others when the first copy arrives. A piece whose hash fails is fetched again, from another peer
 * when one has it. If one peer sent all of it, that peer gets a strike (a second strike drops it);
 * if several did, nobody can be blamed yet, so the piece is fetched again from a single peer only,
 * which makes the next failure attributable without punishing an honest co-sender.
 *
 * <p>The picker counts in 16 KiB slots. A peer that serves larger blocks (p2pshare peers say so in
 * their extension handshake) is asked for runs of up to {@link Block#MAX_SIZE} of free slots in
 * one request; endgame duplicates stay single slots.
 */
public final class PiecePicker {
  /** A handful of random pieces first: enough to trade with, small enough to turn rarest soon. */
  static final int RANDOM_FIRST = 4;
  /**
   * Lowest missing pieces that a downloading peer is asked for before the rarest: the holes the
   * whole-file hash waits at (see {@link #prefixHole}).
   */
  static final int PREFIX_HOLES = 4;
  /** Endgame asks at most this many peers for the same block: enough to route around a slow one. */
  static final int ENDGAME_REQUESTERS = 3;
  /** Strikes (pieces that failed the hash with data from the peer) that get a peer dropped. */
  static final int STRIKES_TO_DROP = 2;

  private final long length;
  private final int pieceLength;
  private final int pieceCount;
  private final PieceSet have;
  private final int maxOpenPieces;
  private final Random random;
  private final int[] availability;
  private final Map<Integer, OpenPiece> open = new LinkedHashMap<>();
  private final Map<Integer, PeerState> peers = new HashMap<>();
  private final Map<Integer, Set<Integer>> suspects = new HashMap<>();
  /** Pieces that failed with several senders: the next attempt takes all blocks from one peer. */
  private final Set<Integer> singleSource = new HashSet<>();
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

  /** A block to cancel at a peer because another copy arrived first. */
  public record Cancel(int peer, Block block) {}

  /** The outcome of a received block; data of a block that was not {@code accepted} is dropped. */
  public record Received(boolean accepted, boolean pieceComplete, List<Cancel> cancels) {}

  /** Peers blamed for a failed piece, and those among them to drop now. */
  public record HashFailure(Set<Integer> blamed, Set<Integer> drop) {}

  /** The requests of one {@link #pick}, within its budget of slots. */
  private static final class Picks {
    final List<Block> blocks = new ArrayList<>();
    private int room;

    Picks(int slots) {
      room = slots;
    }

    boolean full() {
      return room <= 0;
    }

    int room() {
      return room;
    }

    void add(Block block) {
      blocks.add(block);
      room -= block.slots();
    }
  }

  /**
   * @param have pieces already verified (copied)
   * @param maxOpenPieces pieces fetched at once: bounds the memory holding unverified blocks
   */
  public PiecePicker(long length, int pieceLength, PieceSet have, int maxOpenPieces, Random random) {
    this.length = length;
    this.pieceLength = pieceLength;
    this.pieceCount = have.pieceCount();
    this.have = have.copy();
    this.maxOpenPieces = Math.max(1, maxOpenPieces);
    this.random = random;
    this.availability = new int[pieceCount];
  }

  /** Request pipeline depth, in 16 KiB slots, for a peer measured at {@code bytesPerSecond}: enough
   * to cover half a second of its transfer (so the pipe never runs dry between round trips), 16 at
   * least for a fresh peer, 250 at most (the queue libtorrent and most clients accept without
   * dropping, when each request is one slot). */
  public static int pipelineDepth(double bytesPerSecond) {
    long blocks = Math.round(bytesPerSecond * 0.5 / Block.SIZE);
    return (int) Math.max(16, Math.min(250, blocks));
  }

  public void addPeer(int peer) {
    peers.putIfAbsent(peer, new PeerState(pieceCount));
  }

  /**
   * The peer serves blocks of up to {@code bytes}: from now on one request to it covers up to that
   * many bytes of consecutive free slots (at most {@link Block#MAX_SIZE}).
   */
  public void servesBlocksUpTo(int peer, int bytes) {
    state(peer).requestSlots = Math.clamp(bytes / Block.SIZE, 1, Block.MAX_SIZE / Block.SIZE);
  }

  /** A bitfield, have_all or have_none: replaces what we knew of the peer. */
  public void peerHas(int peer, PieceSet pieces) {
    PeerState state = state(peer);
    state.has.stream().forEach(p -> availability[p]--);
    state.has = pieces.copy();
    state.has.stream().forEach(p -> availability[p]++);
  }

  public void peerHave(int peer, int piece) {
    PeerState state = state(peer);
    if (!state.has.has(piece)) {
      state.has.add(piece);
      availability[piece]++;
    }
  }

  /** The peer is gone: its outstanding requests become free for the others. */
  public List<Block> removePeer(int peer) {
    PeerState state = peers.remove(peer);
    if (state == null) {
      return List.of();
    }
    // A single-source piece cannot be finished by anyone else: start it over elsewhere.
    open.values().removeIf(p -> {
      boolean restart = p.owner == peer && singleSource.contains(p.piece) && !p.hashing;
      if (restart) {
        letGo(p.piece);
      }
      return restart;
    });
    state.has.stream().forEach(p -> availability[p]--);
    List<Block> freed = state.takeAll();
    freed.forEach(b -> release(peer, b));
    return freed;
  }

  /** Requests the peer will not answer (choked without the fast extension, or stalled). */
  public List<Block> returnRequests(int peer) {
    PeerState state = state(peer);
    List<Block> freed = state.takeAll();
    freed.forEach(b -> release(peer, b));
    return freed;
  }

  /** The peer rejected a request (BEP 6). */
  public void rejected(int peer, Block block) {
    if (state(peer).remove(block)) {
      release(peer, block);
    }
  }

  public boolean isInteresting(int peer) {
    PeerState state = peers.get(peer);
    return state != null && state.has.hasAnyMissingFrom(have);
  }

  /** How many pieces the peer has (all of them: a seed). */
  public int peerPieceCount(int peer) {
    PeerState state = peers.get(peer);
    return state == null ? 0 : state.has.count();
  }

  /** Slots outstanding at the peer. */
  public int outstanding(int peer) {
    PeerState state = peers.get(peer);
    return state == null ? 0 : state.outstandingSlots();
  }

  public Set<Block> outstandingBlocks(int peer) {
    PeerState state = peers.get(peer);
    return state == null ? Set.of() : state.outstanding();
  }

  /**
   * New requests for the peer covering at most {@code maxSlots} slots, registered as outstanding
   * at it.
   */
  public List<Block> pick(int peer, int maxSlots) {
    PeerState state = state(peer);
    Picks picks = new Picks(maxSlots);
    for (OpenPiece piece : open.values()) {
      if (picks.full()) {
        return picks.blocks;
      }
      if (piece.hasUnrequested() && state.has.has(piece.piece) && !avoid(peer, piece.piece)
          && mayJoin(peer, piece)) {
        requestUnrequested(peer, state, piece, picks);
      }
    }
    while (!picks.full() && open.size() < maxOpenPieces) {
      int next = choose(peer, state);
      if (next < 0) {
        break;
      }
      OpenPiece piece = new OpenPiece(next, pieceSize(next));
      piece.owner = peer;
      open.put(next, piece);
      requestUnrequested(peer, state, piece, picks);
    }
    if (!picks.full() && inEndgame()) {
      requestDuplicates(peer, state, picks);
    }
    return picks.blocks;
  }

  /** Every missing block is requested or received: only duplicates can speed things up now. */
  public boolean inEndgame() {
    if (have.count() + open.size() < pieceCount) {
      return false;
    }
    return open.values().stream().noneMatch(OpenPiece::hasUnrequested);
  }

  /**
   * A block arrived. It is taken only whole: a block that is not a run of the piece's slots, or
   * overlaps one that already arrived (a late copy), is dropped. Other peers' requests that overlap
   * it are cancelled, and their slots outside it come free again.
   */
  public Received received(int peer, Block block) {
    PeerState state = peers.get(peer);
    boolean wasOutstanding = state != null && state.remove(block);
    OpenPiece piece = open.get(block.piece());
    if (piece == null || piece.hashing || !piece.fits(block) || piece.anyReceived(block)) {
      if (wasOutstanding) {
        release(peer, block);
      }
      return new Received(false, false, List.of());
    }
    List<Cancel> cancels = new ArrayList<>();
    for (int slot = block.index(); slot < block.index() + block.slots(); slot++) {
      for (int other : piece.otherRequesters(slot, peer)) {
        Block theirs = withdraw(other, piece, slot);
        if (theirs != null) {
          cancels.add(new Cancel(other, theirs));
        }
      }
      piece.markReceived(slot, peer);
    }
    boolean complete = piece.allReceived();
    piece.hashing = complete;
    return new Received(true, complete, cancels);
  }

  public void verified(int piece) {
    open.remove(piece);
    suspects.remove(piece);
    singleSource.remove(piece);
    have.add(piece);
  }

  /** The assembled piece did not match its hash: fetch it again and blame its senders. */
  public HashFailure failed(int piece) {
    OpenPiece failed = open.remove(piece);
    if (failed == null) {
      return new HashFailure(Set.of(), Set.of());
    }
    letGo(piece);
    Set<Integer> drop = new LinkedHashSet<>();
    suspects.computeIfAbsent(piece, p -> new HashSet<>()).addAll(failed.senders);
    if (failed.senders.size() > 1) {
      singleSource.add(piece);
      return new HashFailure(Set.of(), drop);
    }
    for (int sender : failed.senders) {
      PeerState state = peers.get(sender);
      if (state != null && ++state.strikes >= STRIKES_TO_DROP) {
        drop.add(sender);
      }
    }
    return new HashFailure(Set.copyOf(failed.senders), drop);
  }

  public boolean isComplete() {
    return have.isComplete();
  }

  public PieceSet have() {
    return have.copy();
  }

  /** Pieces being fetched or hashed, for the UI's piece map. */
  public Set<Integer> openPieces() {
    return Set.copyOf(open.keySet());
  }

  public Set<Integer> senders(int piece) {
    OpenPiece p = open.get(piece);
    return p == null ? Set.of() : Set.copyOf(p.senders);
  }

  public int pieceSize(int piece) {
    long start = (long) piece * pieceLength;
    return (int) Math.min(pieceLength, length - start);
  }

  /** Requests the piece's free slots, in runs as long as the peer serves and the budget allows. */
  private void requestUnrequested(int peer, PeerState state, OpenPiece piece, Picks picks) {
    for (int i = 0; i < piece.blockCount && !picks.full() && piece.hasUnrequested(); ) {
      int run = piece.unrequestedRun(i, Math.min(state.requestSlots, picks.room()));
      if (run == 0) {
        i++;
      } else {
        request(peer, state, piece, piece.block(i, run), picks);
        i += run;
      }
    }
  }

  /** Endgame duplicates are single slots: the first copy of each cancels the others. */
  private void requestDuplicates(int peer, PeerState state, Picks picks) {
    for (int round = 1; round < ENDGAME_REQUESTERS && !picks.full(); round++) {
      for (OpenPiece piece : open.values()) {
        if (piece.hashing || !state.has.has(piece.piece) || avoid(peer, piece.piece)
            || singleSource.contains(piece.piece)) {
          continue;
        }
        for (int i = 0; i < piece.blockCount && !picks.full(); i++) {
          Set<Integer> requesters = piece.requesters(i);
          if (!piece.isReceived(i) && requesters.size() == round && !requesters.contains(peer)) {
            request(peer, state, piece, piece.block(i), picks);
          }
        }
      }
    }
  }

  private void request(int peer, PeerState state, OpenPiece piece, Block block, Picks picks) {
    piece.addRequester(block, peer);
    state.add(block);
    picks.add(block);
  }

  /**
   * Takes back the peer's outstanding request that covers the slot, if it has one, and returns it
   * (to be cancelled); each of its slots comes free unless someone else is asked for it.
   */
  private Block withdraw(int peer, OpenPiece piece, int slot) {
    PeerState state = peers.get(peer);
    Block theirs = state == null ? null : state.covering(piece.piece, slot);
    if (theirs != null) {
      state.remove(theirs);
      piece.removeRequester(theirs, peer);
    }
    return theirs;
  }

  private void release(int peer, Block block) {
    OpenPiece piece = open.get(block.piece());
    if (piece == null) {
      return;
    }
    piece.removeRequester(block, peer);
    if (piece.isIdle()) {
      open.remove(block.piece());
      letGo(block.piece());
    }
  }

  /**
   * Random while we have little to trade; then, while every connected peer is a seed, in file
   * order: nobody could trade with us, every piece is equally available, and pieces that arrive
   * in order let the whole-file SHA1 run as they are written instead of re-reading the file at the
   * end. With any downloader among the peers: rarest first, random among equals.
   */
  private int choose(int peer, PeerState state) {
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
      if (have.has(p) || open.containsKey(p) || avoid(peer, p)) {
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

  /** An open piece is free to open again. */
  private void letGo(int piece) {
    inOrderFrom = Math.min(inOrderFrom, piece);
  }

  private boolean onlySeeds() {
    return peers.values().stream().allMatch(s -> s.has.isComplete());
  }

  private boolean mayJoin(int peer, OpenPiece piece) {
    return piece.owner == peer || !singleSource.contains(piece.piece);
  }

  /** A peer that sent a bad copy of the piece is asked again only if nobody else has it. */
  private boolean avoid(int peer, int piece) {
    Set<Integer> bad = suspects.get(piece);
    if (bad == null || !bad.contains(peer)) {
      return false;
    }
    return peers.entrySet().stream()
        .anyMatch(e -> !bad.contains(e.getKey()) && e.getValue().has.has(piece));
  }

  private PeerState state(int peer) {
    PeerState state = peers.get(peer);
    if (state == null) {
      throw new IllegalStateException("unknown peer " + peer);
    }
    return state;
  }
}
