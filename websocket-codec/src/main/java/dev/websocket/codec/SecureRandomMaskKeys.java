package dev.websocket.codec;

import java.nio.ByteBuffer;
import java.security.SecureRandom;

/** {@link MaskKeySource#secureRandom()}: SecureRandom output drawn in batches per thread. */
final class SecureRandomMaskKeys implements MaskKeySource {

  static final SecureRandomMaskKeys INSTANCE = new SecureRandomMaskKeys();

  /** Keys per batch: 256 keys are 1 KiB, one entropy call per 256 frames. */
  private static final int BATCH_KEYS = 256;

  private static final SecureRandom RANDOM = new SecureRandom();

  private static final ThreadLocal<Batch> BATCHES = ThreadLocal.withInitial(Batch::new);

  private SecureRandomMaskKeys() {}

  @Override
  public int nextKey() {
    return BATCHES.get().next();
  }

  private static final class Batch {
    private final ByteBuffer keys = ByteBuffer.allocate(BATCH_KEYS * Integer.BYTES).position(BATCH_KEYS * Integer.BYTES);

    int next() {
      if (!keys.hasRemaining()) {
        RANDOM.nextBytes(keys.array());
        keys.clear();
      }
      return keys.getInt();
    }
  }
}
