package p2pshare.swarm;

import java.nio.file.Path;

/** What the engine tells the client, on the engine's context (keep handlers short). */
public sealed interface EngineEvent {
  String infoHash();

  /** A piece was verified and written; the client may announce that it is now a source. */
  record PieceVerified(String infoHash, String group, int piece, int piecesDone, int pieceCount)
      implements EngineEvent {}

  /** The whole file is verified and under its final name. */
  record Completed(String infoHash, String group, Path file) implements EngineEvent {}

  record Failed(String infoHash, String group, String reason) implements EngineEvent {}
}
