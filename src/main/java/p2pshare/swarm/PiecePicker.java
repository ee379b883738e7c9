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
 * already started, so pieces complete and can be verified and shared early; (2) a new piece, as
 * {@link PieceChoice} chooses it: at random at first, then the lowest holes or the rarest, in
 * file order while every peer is a seed; a seed is asked for a piece, new or started, only when
 * no other downloader that could serve it now has it ({@link PieceChoice#tradersBesides}); (3) in
 * endgame, when every missing block is already requested, duplicates of blocks outstanding at
 * other peers, cancelled at the others when the first copy arrives. A piece whose hash fails is
 * fetched again, from another peer when one has it. If one peer sent all of it, that peer gets a
 * strike (a second strike drops it); if several did, nobody can be blamed yet, so the piece is
 * fetched again from a single peer only, which makes the next failure attributable without
 * punishing an honest co-sender.
 *
 * <p>The picker counts in 16 KiB slots. A peer that serves larger blocks (p2pshare peers say so in
 * their extension handshake) is asked for runs of up to {@link Block#MAX_SIZE} of free slots in
 * one request; endgame duplicates stay single slots.
 */
public final class PiecePicker {
  /** Endgame asks at most this many peers for the same block: enough to route around a slow one. */
  static final int ENDGAME_REQUESTERS = 3;
  /** Strikes (pieces that failed the hash with data from the peer) that get a peer dropped. */
  static final int STRIKES_TO_DROP = 2;

  private final long length;
  private final int pieceLength;
  private final int pieceCount;
  private final PieceSet have;
  private final int maxOpenPieces;
  private final Map<Integer, OpenPiece> open = new LinkedHashMap<>();
  private final Map<Integer, PeerState> peers = new HashMap<>();
  private final Map<Integer, Set<Integer>> suspects = new HashMap<>();
  /** Pieces that failed with several senders: the next attempt takes all blocks from one peer. */
  private final Set<Integer> singleSource = new HashSet<>();
  /** Which new piece to open: owns the availability counts and where its scans start. */
  private final PieceChoice choice;

  /** A block to cancel at a peer because another copy arrived first. */
  public record Cancel(int peer, Block block) {}

  /** The outcome of a received block; data of a block that was not {@code accepted} is dropped. */
  public record Received(boolean accepted, boolean pieceComplete, List<Cancel> cancels) {}

  /** Peers blamed for a failed piece, and those among them to drop now. */
  public record HashFailure(Set<Integer> blamed, Set<Integer> drop) {}

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
    this.choice = new PieceChoice(this.have, open, peers, suspects, random);
  }

  /** Request pipeline depth, in 16 KiB slots, for a peer measured at {@code bytesPerSecond}: enough
   * to cover half a second of its transfer (so the pipe never runs dry between round trips), 16 at
   * least for a fresh peer, 250 at most (the queue libtorrent and most clients accept without
   * dropping, when each request is one slot). */
  public static int pipelineDepth(double bytesPerSecond) {
    long blocks = Math.round(bytesPerSecond * 0.5 / Block.SIZE);
    return (int) Math.max(16, Math.min(250, blocks));
  }

  /** A new peer chokes us until it says otherwise ({@link #peerChoking}). */
  public void addPeer(int peer) {
    peers.putIfAbsent(peer, new PeerState(pieceCount));
  }

  /** The peer choked us (true) or unchoked us (false). */
  public void peerChoking(int peer, boolean choking) {
    state(peer).unchoking = !choking;
  }

  /** How many slots the peer's request pipeline holds now when full ({@link #pipelineDepth}). */
  public void pipeline(int peer, int slots) {
    state(peer).depth = slots;
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
    choice.uncount(state.has);
    state.has = pieces.copy();
    choice.count(state.has);
  }

  public void peerHave(int peer, int piece) {
    PeerState state = state(peer);
    if (!state.has.has(piece)) {
      state.has.add(piece);
      choice.count(piece);
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
        choice.letGo(p.piece);
      }
      return restart;
    });
    choice.uncount(state.has);
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
    PeerState state = state(peer);
    if (state.unchoking) {
      state.refused.set(block.piece());
    }
    if (state.remove(block)) {
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
    List<Integer> traders = choice.tradersBesides(peer, state);
    for (OpenPiece piece : open.values()) {
      if (picks.full()) {
        return picks.blocks;
      }
      if (piece.hasUnrequested() && state.has.has(piece.piece) && !choice.avoid(peer, piece.piece)
          && mayJoin(peer, piece)
          && (piece.owner == peer || !choice.tradedElsewhere(traders, piece.piece))) {
        requestUnrequested(peer, state, piece, picks);
      }
    }
    while (!picks.full() && open.size() < maxOpenPieces) {
      int next = choice.choose(peer, state, traders);
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
    choice.letGo(piece);
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
        if (piece.hashing || !state.has.has(piece.piece) || choice.avoid(peer, piece.piece)
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
      choice.letGo(block.piece());
    }
  }

  private boolean mayJoin(int peer, OpenPiece piece) {
    return piece.owner == peer || !singleSource.contains(piece.piece);
  }

  private PeerState state(int peer) {
    PeerState state = peers.get(peer);
    if (state == null) {
      throw new IllegalStateException("unknown peer " + peer);
    }
    return state;
  }
}
