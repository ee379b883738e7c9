package p2pshare.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import p2pshare.wire.PeerMessage.*;

/**
 * Seeded fuzzing: 10 seeds x 10,000 mutated streams, each fed in random splits. Only
 * {@link ProtocolException} may escape, and whatever decodes must re-encode to the exact bytes
 * consumed (the codec is a bijection on valid frames).
 */
class WireDecoderFuzzTest {

  private static final int INPUTS_PER_SEED = 10_000;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
  void validStreamsDecodeToWhatWasEncodedAtRandomSplits(long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < INPUTS_PER_SEED / 10; i++) {
      Handshake handshake = new Handshake(bytes(random, 8), bytes(random, 20), bytes(random, 20));
      List<PeerMessage> sent = new ArrayList<>();
      Buffer stream = WireEncoder.encode(handshake);
      for (int n = random.nextInt(8); n > 0; n--) {
        PeerMessage m = randomMessage(random);
        sent.add(m);
        WireEncoder.encode(m, stream);
      }
      WireDecoder decoder = new WireDecoder();
      List<Object> got = decodeInRandomChunks(decoder, stream, random);
      assertEquals(handshake, got.getFirst());
      assertEquals(sent, got.subList(1, got.size()));
      assertEquals(0, decoder.buffered());
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void mutatedStreamsFailOnlyWithProtocolException(long seed) {
    Random random = new Random(seed);
    int rejected = 0;
    for (int i = 0; i < INPUTS_PER_SEED; i++) {
      Buffer stream = WireEncoder.encode(Handshake.of(bytes(random, 20), bytes(random, 20)));
      for (int n = random.nextInt(6); n > 0; n--) WireEncoder.encode(randomMessage(random), stream);
      byte[] input = mutate(stream.getBytes(), random);
      WireDecoder decoder = new WireDecoder();
      List<Object> got;
      try {
        got = decodeInRandomChunks(decoder, Buffer.buffer(input), random);
      } catch (ProtocolException expected) {
        rejected++;
        continue;
      }
      Buffer reencoded = Buffer.buffer();
      for (Object o : got) {
        reencoded.appendBuffer(o instanceof Handshake h
            ? WireEncoder.encode(h) : WireEncoder.encode((PeerMessage) o));
      }
      assertEquals(Buffer.buffer(input).slice(0, input.length - (int) decoder.buffered()),
          reencoded, "seed " + seed + " input " + i);
    }
    assertTrue(rejected > INPUTS_PER_SEED / 10 && rejected < INPUTS_PER_SEED,
        "mutations must exercise both outcomes, rejected " + rejected);
  }

  private static List<Object> decodeInRandomChunks(WireDecoder decoder, Buffer stream,
      Random random) {
    List<Object> got = new ArrayList<>();
    int pos = 0;
    while (pos < stream.length()) {
      int end = Math.min(stream.length(), pos + 1 + random.nextInt(random.nextBoolean() ? 8 : 200));
      decoder.feed(stream.slice(pos, end));
      pos = end;
      if (!decoder.handshakeDone()) {
        Handshake h = decoder.handshake();
        if (h == null) continue;
        got.add(h);
      }
      for (PeerMessage m; (m = decoder.next()) != null; ) got.add(m);
    }
    return got;
  }

  private static byte[] mutate(byte[] input, Random random) {
    byte[] out = input.clone();
    switch (random.nextInt(5)) {
      case 0 -> { // flip a few random bytes
        for (int k = 1 + random.nextInt(3); k > 0; k--) {
          out[random.nextInt(out.length)] = (byte) random.nextInt(256);
        }
      }
      case 1 -> { // an extreme length prefix somewhere after the handshake
        int at = Handshake.LENGTH + random.nextInt(Math.max(1, out.length - Handshake.LENGTH));
        int[] extremes = {0x7fffffff, 0x80000000, 0xffffffff, 0x00004009, 0x00100002};
        Buffer b = Buffer.buffer(out);
        if (at + 4 <= out.length) b.setInt(at, extremes[random.nextInt(extremes.length)]);
        out = b.getBytes();
      }
      case 2 -> out = Arrays.copyOf(out, random.nextInt(out.length + 1)); // truncate
      case 3 -> { // random garbage appended after the valid part
        byte[] garbage = bytes(random, random.nextInt(40));
        out = Buffer.buffer(out).appendBytes(garbage).getBytes();
      }
      default -> out = bytes(random, random.nextInt(120)); // pure noise
    }
    return out;
  }

  private static PeerMessage randomMessage(Random r) {
    int piece = r.nextBoolean() ? r.nextInt(100) : r.nextInt(Integer.MAX_VALUE);
    int begin = r.nextInt(Integer.MAX_VALUE);
    int length = 1 + r.nextInt(Integer.MAX_VALUE - 1);
    return switch (r.nextInt(17)) {
      case 0 -> new KeepAlive();
      case 1 -> new Choke();
      case 2 -> new Unchoke();
      case 3 -> new Interested();
      case 4 -> new NotInterested();
      case 5 -> new Have(piece);
      case 6 -> new Bitfield(bytes(r, r.nextInt(20)));
      case 7 -> new Request(piece, begin, length);
      case 8 -> new Piece(piece, begin, Buffer.buffer(bytes(r, r.nextInt(10) == 0
          ? 16 * 1024 : r.nextInt(64))));
      case 9 -> new Cancel(piece, begin, length);
      case 10 -> new Port(r.nextInt(65536));
      case 11 -> new SuggestPiece(piece);
      case 12 -> new HaveAll();
      case 13 -> new HaveNone();
      case 14 -> new RejectRequest(piece, begin, length);
      case 15 -> new AllowedFast(piece);
      default -> new Extended(r.nextInt(256), Buffer.buffer(bytes(r, r.nextInt(40))));
    };
  }

  private static byte[] bytes(Random random, int n) {
    byte[] out = new byte[n];
    random.nextBytes(out);
    return out;
  }
}
