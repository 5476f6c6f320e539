package dev.websocket.client.internal;

import dev.websocket.client.WebSocketException;
import dev.websocket.codec.MaskKeySource;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * Mask keys from the user's supplier (Python's {@code get_mask_key}), drawn on the thread that
 * sends, so that a broken supplier (one that throws, returns null or other than 4 bytes) fails the
 * send that called it, before anything of the frame is written, rather than the event loop's write
 * long after the send returned.
 *
 * <p>{@link #draw()} runs on sending threads and queues the key; the encoder's {@link #nextKey()}
 * takes queued keys in turn (any key may mask any frame: each is used once) and calls the supplier
 * itself for the frames the client sends on its own (pongs, close frames). Once the supplier has
 * failed, the close frame that fails the connection is masked with a key from {@link
 * MaskKeySource#secureRandom()}.
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
  private final Queue<Integer> drawn = new ConcurrentLinkedQueue<>();
  private volatile boolean broken;

  SuppliedMaskKeys(Supplier<byte[]> supplier) {
    this.supplied = MaskKeySource.fromSupplier(supplier);
  }

  /**
   * Draws the key of a frame about to be queued, on the sender's thread.
   *
   * @throws Failure when the supplier throws or returns anything but 4 bytes
   */
  void draw() throws Failure {
    try {
      drawn.add(supplied.nextKey());
    } catch (RuntimeException e) {
      broken = true;
      throw new Failure(e);
    }
  }

  @Override
  public int nextKey() {
    Integer key = drawn.poll();
    if (key != null) {
      return key;
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
