package p2pshare.metainfo;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded fuzzing of {@link InfoDictionary#parse}: 5 seeds x 5,000 byte-mutated info dictionaries.
 * Only {@link MetainfoException} may escape, and what parses keeps exactly the bytes it was given.
 */
class InfoDictionaryFuzzTest {

  private static final int INPUTS_PER_SEED = 5_000;

  /** Bencode syntax plus the bytes a path-escaping name needs. */
  private static final byte[] HOSTILE = "0123456789:ield/.\u0000".getBytes(ISO_8859_1);

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void mutatedDictionariesFailOnlyWithMetainfoException(long seed) {
    Random random = new Random(seed);
    byte[] pieces = new byte[3 * 20];
    random.nextBytes(pieces);
    byte[] valid = InfoDictionary.of("file.bin", 40_000, 16_384, pieces, new byte[20]).encoded();
    int parsed = 0;
    for (int i = 0; i < INPUTS_PER_SEED; i++) {
      byte[] input = valid.clone();
      for (int k = 1 + random.nextInt(2); k > 0; k--) {
        input[random.nextInt(input.length)] = HOSTILE[random.nextInt(HOSTILE.length)];
      }
      try {
        assertArrayEquals(input, InfoDictionary.parse(input).encoded());
        parsed++;
      } catch (MetainfoException expected) {
        // rejected with a typed reason: what the tracker turns into a 400
      }
    }
    assertTrue(parsed > 0 && parsed < INPUTS_PER_SEED, "both outcomes exercised, parsed " + parsed);
  }
}
