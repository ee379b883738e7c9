package p2pshare.metainfo;

/** A bencode integer ({@code i42e}); values beyond a signed 64-bit long are rejected on decode. */
public record BInt(long value) implements BValue {}
