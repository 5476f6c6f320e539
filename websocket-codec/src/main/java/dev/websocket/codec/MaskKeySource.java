package dev.websocket.codec;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Where the 4-byte masking keys of client frames come from (RFC 6455 section 5.3: "derived from a
 * strong source of entropy"). A key is returned as a big-endian int, the first key byte most
 * significant.
 *
 * <p>Implementations need not be thread safe: each encoder owns one, used from its event loop.
 */
@FunctionalInterface
public interface MaskKeySource {

  /** The key for the next frame. */
  int nextKey();

  /**
   * The default: keys from a per-thread AES-CTR keystream keyed (and regularly rekeyed) from a
   * shared {@link SecureRandom}, drawn a batch at a time so that a frame costs an array read, not a
   * call into the entropy source.
   */
  static MaskKeySource secureRandom() {
    return SecureRandomMaskKeys.INSTANCE;
  }

  /**
   * Keys from a user function (Python's {@code get_mask_key}): each call must return 4 bytes.
   *
   * @throws IllegalStateException from {@link #nextKey()} if the function returns anything else
   */
  static MaskKeySource fromSupplier(Supplier<byte[]> supplier) {
    Objects.requireNonNull(supplier, "supplier");
    return () -> {
      byte[] key = supplier.get();
      if (key == null || key.length != 4) {
        throw new IllegalStateException(
            "Mask key supplier must return 4 bytes, returned "
                + (key == null ? "null" : key.length + " bytes"));
      }
      return (key[0] & 0xFF) << 24 | (key[1] & 0xFF) << 16 | (key[2] & 0xFF) << 8 | (key[3] & 0xFF);
    };
  }

  /** Keys from a plain {@link Random}: predictable, for tests and benchmarks only. */
  static MaskKeySource fromRandom(Random random) {
    Objects.requireNonNull(random, "random");
    return random::nextInt;
  }
}
