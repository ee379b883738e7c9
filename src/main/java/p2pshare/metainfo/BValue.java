package p2pshare.metainfo;

/** One decoded bencode value. */
public sealed interface BValue permits BInt, BBytes, BList, BDict {}
