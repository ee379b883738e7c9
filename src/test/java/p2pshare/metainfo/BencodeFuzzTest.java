package p2pshare.metainfo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded fuzzing: 10 seeds x 10,000 mutated encodings. Only {@link BencodeException} may escape,
 * and any input that does decode must re-encode to exactly the same bytes (one encoding per value).
 */
class BencodeFuzzTest {

  private static final int INPUTS_PER_SEED = 10_000;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
  void randomValuesRoundTrip(long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < INPUTS_PER_SEED / 10; i++) {
      BValue value = randomValue(random, 0);
      byte[] encoded = Bencode.encode(value);
      BValue decoded = Bencode.decode(encoded);
      assertEquals(value, decoded);
      assertArrayEquals(encoded, Bencode.encode(decoded));
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void mutatedInputFailsOnlyWithBencodeExceptionAndWhatDecodesIsCanonical(long seed) {
    Random random = new Random(seed);
    int rejected = 0;
    for (int i = 0; i < INPUTS_PER_SEED; i++) {
      byte[] input = mutate(Bencode.encode(randomValue(random, 0)), random);
      BValue decoded;
      try {
        decoded = Bencode.decode(input);
      } catch (BencodeException expected) {
        rejected++;
        continue;
      }
      assertArrayEquals(input, Bencode.encode(decoded), "seed " + seed + " input " + i);
    }
    assertTrue(rejected > INPUTS_PER_SEED / 10 && rejected < INPUTS_PER_SEED,
        "mutations must exercise both outcomes, rejected " + rejected);
  }

  private static final byte[] SYNTAX = "ilde0123456789:-".getBytes(StandardCharsets.US_ASCII);

  private static byte[] mutate(byte[] input, Random random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    switch (random.nextInt(5)) {
      case 0 -> { // replace a few bytes with bencode syntax, where it hurts most
        byte[] copy = input.clone();
        for (int k = 1 + random.nextInt(3); k > 0; k--) {
          copy[random.nextInt(copy.length)] = SYNTAX[random.nextInt(SYNTAX.length)];
        }
        return copy;
      }
      case 1 -> { // insert syntax bytes
        int at = random.nextInt(input.length + 1);
        out.write(input, 0, at);
        for (int k = 1 + random.nextInt(4); k > 0; k--) out.write(SYNTAX[random.nextInt(16)]);
        out.write(input, at, input.length - at);
        return out.toByteArray();
      }
      case 2 -> { // delete a range
        int from = random.nextInt(input.length);
        int to = from + random.nextInt(input.length - from + 1);
        out.write(input, 0, from);
        out.write(input, to, input.length - to);
        return out.toByteArray();
      }
      case 3 -> {
        return Arrays.copyOf(input, random.nextInt(input.length + 1));
      }
      default -> { // noise drawn from the syntax alphabet, deep nesting included
        byte[] noise = new byte[random.nextInt(200)];
        for (int k = 0; k < noise.length; k++) noise[k] = SYNTAX[random.nextInt(SYNTAX.length)];
        return noise;
      }
    }
  }

  private static BValue randomValue(Random r, int depth) {
    int kind = depth >= 4 ? r.nextInt(2) : r.nextInt(4);
    return switch (kind) {
      case 0 -> new BInt(switch (r.nextInt(4)) {
        case 0 -> r.nextLong();
        case 1 -> r.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE;
        default -> r.nextInt(2001) - 1000;
      });
      case 1 -> new BBytes(randomBytes(r, r.nextInt(12)));
      case 2 -> {
        List<BValue> items = new ArrayList<>();
        for (int n = r.nextInt(5); n > 0; n--) items.add(randomValue(r, depth + 1));
        yield new BList(items);
      }
      default -> {
        TreeMap<String, BValue> entries = new TreeMap<>();
        for (int n = r.nextInt(5); n > 0; n--) {
          entries.put(new String(randomBytes(r, r.nextInt(4)), StandardCharsets.ISO_8859_1),
              randomValue(r, depth + 1));
        }
        yield new BDict(entries);
      }
    };
  }

  private static byte[] randomBytes(Random r, int n) {
    byte[] out = new byte[n];
    r.nextBytes(out);
    return out;
  }
}
