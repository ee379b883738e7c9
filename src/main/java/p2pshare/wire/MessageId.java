package p2pshare.wire;

/** The id byte of each message type, shared by the encoder and the decoder. */
final class MessageId {
  static final int CHOKE = 0;
  static final int UNCHOKE = 1;
  static final int INTERESTED = 2;
  static final int NOT_INTERESTED = 3;
  static final int HAVE = 4;
  static final int BITFIELD = 5;
  static final int REQUEST = 6;
  static final int PIECE = 7;
  static final int CANCEL = 8;
  static final int PORT = 9;
  static final int SUGGEST_PIECE = 0x0D;
  static final int HAVE_ALL = 0x0E;
  static final int HAVE_NONE = 0x0F;
  static final int REJECT_REQUEST = 0x10;
  static final int ALLOWED_FAST = 0x11;
  static final int EXTENDED = 20;

  private MessageId() {}
}
