package p2pshare.metainfo;

/** Input that is not strict, canonical bencode; {@link #offset()} is where the decoder stopped. */
public final class BencodeException extends MetainfoException {
  private final int offset;

  public BencodeException(int offset, String reason) {
    super("bad bencode at byte " + offset + ": " + reason);
    this.offset = offset;
  }

  public int offset() {
    return offset;
  }
}
