package dev.websocket.codec;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@link MaskKeySource#secureRandom()}: keys drawn in batches per thread from an AES-CTR keystream
 * whose key and counter come from a shared {@link SecureRandom}, with a fresh key every {@link
 * #REKEY_BATCHES} batches (the construction of NIST SP 800-90A's CTR_DRBG, without its derivation
 * function).
 *
 * <p>Why not {@code SecureRandom.nextBytes} itself: on Linux its default (NativePRNG) mixes a read
 * of {@code /dev/urandom} with SHA1PRNG output under a lock, and that cost about a tenth of the
 * client's CPU per 64-byte message in the end-to-end benchmark; AES-CTR runs on the CPU's AES
 * instructions. Where AES-CTR is unavailable the batches come from SecureRandom directly.
 */
final class SecureRandomMaskKeys implements MaskKeySource {

  static final SecureRandomMaskKeys INSTANCE = new SecureRandomMaskKeys();

  /** Keys per batch: 1024 keys are 4 KiB per thread, one keystream call per 1024 frames. */
  static final int BATCH_KEYS = 1024;

  /** Batches drawn under one AES key before a new key and counter: 4 MiB of keystream. */
  static final int REKEY_BATCHES = 1024;

  private static final SecureRandom RANDOM = new SecureRandom();

  private static final ThreadLocal<Batch> BATCHES = ThreadLocal.withInitial(Batch::new);

  private SecureRandomMaskKeys() {}

  @Override
  public int nextKey() {
    return BATCHES.get().next();
  }

  private static final class Batch {
    /** The plaintext: CTR mode's output is then the keystream itself. */
    private static final byte[] ZEROS = new byte[BATCH_KEYS * Integer.BYTES];

    private final ByteBuffer keys =
        ByteBuffer.allocate(BATCH_KEYS * Integer.BYTES).position(BATCH_KEYS * Integer.BYTES);
    private Cipher cipher;
    private int batchesLeft;

    int next() {
      if (!keys.hasRemaining()) {
        refill(keys.array());
        keys.clear();
      }
      return keys.getInt();
    }

    private void refill(byte[] out) {
      if (batchesLeft == 0) {
        cipher = rekey(cipher);
        batchesLeft = REKEY_BATCHES;
      }
      batchesLeft--;
      if (cipher == null) {
        RANDOM.nextBytes(out);
        return;
      }
      try {
        cipher.update(ZEROS, 0, ZEROS.length, out, 0);
      } catch (ShortBufferException e) {
        throw new IllegalStateException(e);
      }
    }

    /**
     * {@code cipher} (or a new one the first time) under a fresh random key and counter, or null
     * without AES-CTR. The cipher object is kept: looking it up again costs more than the rekey.
     */
    private static Cipher rekey(Cipher cipher) {
      byte[] key = new byte[16];
      byte[] counter = new byte[16];
      RANDOM.nextBytes(key);
      RANDOM.nextBytes(counter);
      try {
        Cipher c = cipher != null ? cipher : Cipher.getInstance("AES/CTR/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(counter));
        return c;
      } catch (GeneralSecurityException e) {
        return null;
      }
    }
  }
}
