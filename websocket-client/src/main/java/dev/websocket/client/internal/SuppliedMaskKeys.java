package dev.websocket.client.internal;

import dev.websocket.client.WebSocketException;
import dev.websocket.codec.MaskKeySource;
import java.util.function.Supplier;

/**
 * Mask keys from the user's supplier (Python's {@code get_mask_key}), each drawn on the thread that
 * sends the frame, as Python's library calls {@code get_mask_key} for every frame on the thread
 * that sends it.
 *
 * <p>A frame the user sends draws its key on the user's thread ({@link #draw()}), so that a broken
 * supplier (one that throws, returns null or other than 4 bytes) fails the send that called it,
 * before anything of the frame is written, rather than the event loop's write long after the send
 * returned. The key travels with the frame through the send queue and is handed to the encoder for
 * that frame alone ({@link #prime}): no other frame can take it, whatever the client writes between
 * the draw and the frame's turn.
 *
 * <p>The frames the client sends of its own accord (the pong answering a ping, the close frame
 * answering the server's, the close frame of a protocol failure) draw from the supplier on the
 * event loop, which is the thread that sends them, as Python's thread that reads sends its pongs.
 * The supplier may therefore be called from two threads at once, as Python's may. Once the supplier
 * has failed, those frames are masked with keys from {@link MaskKeySource#secureRandom()}, so that
 * the close frame that fails the connection still goes out.
 */
final class SuppliedMaskKeys implements MaskKeySource {

  /** A send refused because the supplier failed; the connection is failed with 1011. */
  static final class Failure extends WebSocketException {
    private static final long serialVersionUID = 1L;

    Failure(RuntimeException cause) {
      super("Mask key supplier failed: " + cause.getMessage(), cause);
    }
  }

  private final MaskKeySource supplied;
  private volatile boolean broken;

  /** Whether {@link #primed} holds the key of the frame being written; on the event loop. */
  private boolean hasPrimed;

  private int primed;

  SuppliedMaskKeys(Supplier<byte[]> supplier) {
    this.supplied = MaskKeySource.fromSupplier(supplier);
  }

  /**
   * Draws the key of a user's frame about to be queued, on the sender's thread.
   *
   * @throws Failure when the supplier throws or returns anything but 4 bytes
   */
  int draw() throws Failure {
    try {
      return supplied.nextKey();
    } catch (RuntimeException e) {
      broken = true;
      throw new Failure(e);
    }
  }

  /**
   * Makes {@code key}, drawn for the frame about to be written, the next key the encoder takes; on
   * the event loop, right before the frame's write, which encodes it.
   */
  void prime(int key) {
    primed = key;
    hasPrimed = true;
  }

  /**
   * Drops a primed key the write did not take (the frame was dropped, or a handler of the user's
   * held it back), so that no other frame takes it; on the event loop, right after the write.
   */
  void unprime() {
    hasPrimed = false;
  }

  @Override
  public int nextKey() {
    if (hasPrimed) {
      hasPrimed = false;
      return primed;
    }
    if (broken) {
      return MaskKeySource.secureRandom().nextKey();
    }
    try {
      return supplied.nextKey();
    } catch (RuntimeException e) {
      broken = true;
      throw e;
    }
  }
}
