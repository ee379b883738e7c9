package p2pshare.wire;

/**
 * The largest frames a decoder accepts; a larger declared length closes the connection before
 * anything is allocated.
 *
 * @param maxBlockLength largest block in a piece message
 * @param maxLargePayload largest bitfield or extended-message payload
 */
public record WireLimits(int maxBlockLength, int maxLargePayload) {

  /**
   * 16 KiB blocks: what we request and what every BitTorrent client sends. 1 MiB bitfields: 8 Mi
   * pieces, i.e. 4 TiB in 512 KiB pieces, and far more than any BEP 10 handshake needs.
   */
  public static final WireLimits DEFAULT = new WireLimits(16 * 1024, 1024 * 1024);

  public WireLimits {
    if (maxBlockLength <= 0 || maxBlockLength > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("maxBlockLength out of range: " + maxBlockLength);
    }
    if (maxLargePayload <= 0 || maxLargePayload > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("maxLargePayload out of range: " + maxLargePayload);
    }
  }
}
