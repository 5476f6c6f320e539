package dev.websocket.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.codec.Frame;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a server that floods cannot make the core hold: queued frames cost their payload plus a
 * fixed overhead, so empty frames fill the receive buffer too; pings are answered without queuing
 * pongs behind a full outbound buffer (RFC 6455 5.5.3: the most recent ping is the one answered).
 */
class InboundLimitsTest {

  private static final int FRAMES_IN_LIMIT = 100;
  private static final long LIMIT = (long) FRAMES_IN_LIMIT * InboundQueue.FRAME_OVERHEAD_BYTES;

  private final InboundQueue queue = new InboundQueue(LIMIT);
  private final CoreHarness core = new CoreHarness().listen(queue);

  InboundLimitsTest() {
    queue.bind(core.connection);
  }

  @AfterEach
  void releaseQueued() {
    queue.drain();
  }

  private static Frame ping(String payload) {
    return Frame.ping(Unpooled.copiedBuffer(payload, StandardCharsets.UTF_8));
  }

  @Test
  void aFloodOfEmptyFramesStopsReadingAtTheLimitAndReadingResumesAtHalf()
      throws InterruptedException {
    int sent = 0;
    while (core.channel.config().isAutoRead()) {
      core.serverSends(Frame.binary(new byte[0]));
      sent++;
    }
    assertEquals(FRAMES_IN_LIMIT + 1, sent, "reading stops with the first frame past the limit");
    assertEquals(LIMIT + InboundQueue.FRAME_OVERHEAD_BYTES, queue.queuedBytes());

    for (int i = 0; i < FRAMES_IN_LIMIT / 2; i++) {
      release(queue.take(0, false));
    }
    assertFalse(core.channel.config().isAutoRead(), "still above half the limit");
    release(queue.take(0, false));
    core.runTasks();
    assertTrue(core.channel.config().isAutoRead(), "at half the limit reading resumes");
  }

  @Test
  void closingDropsQueuedMessagesKeepsTheServersCloseFrameAndResumesReading()
      throws InterruptedException {
    while (core.channel.config().isAutoRead()) {
      core.serverSends(Frame.binary(new byte[0]));
    }
    queue.closing();
    core.runTasks();
    assertEquals(0, queue.queuedBytes(), "the unread messages are dropped (and released)");
    assertTrue(
        core.channel.config().isAutoRead(), "reading resumes, so the server's answer can arrive");

    core.serverSends(Frame.text("after close"));
    core.serverSends(Frame.close(1000, "bye"));
    InboundEvent.Received received =
        assertInstanceOf(InboundEvent.Received.class, queue.take(0, true));
    assertEquals("CLOSE 1000 \"bye\"", CoreHarness.describe(received.frame()));
    received.frame().release();
  }

  @Test
  void eachFrameCostsItsPayloadPlusTheOverhead() {
    core.serverSends(Frame.binary(new byte[1]));
    core.serverSends(Frame.text("hello"));
    assertEquals(1 + 5 + 2L * InboundQueue.FRAME_OVERHEAD_BYTES, queue.queuedBytes());
  }

  @Test
  void pingsAreAnsweredButNotQueuedWhileTheReaderSkipsControlFrames() throws InterruptedException {
    assertEquals(null, queue.take(0, false), "a reader of messages only");
    core.serverSends(ping("a"));
    core.serverSends(ping("b"));
    assertEquals(List.of("PONG \"a\"", "PONG \"b\""), core.written());
    assertEquals(0, queue.queuedBytes());

    assertEquals(null, queue.take(0, true), "now a reader of control frames");
    core.serverSends(ping("c"));
    InboundEvent.Received received =
        assertInstanceOf(InboundEvent.Received.class, queue.take(0, true));
    assertEquals("PING \"c\"", CoreHarness.describe(received.frame()));
    received.frame().release();
  }

  @Test
  void controlFramesAreQueuedUntilTheFirstReadSaysOtherwise() throws InterruptedException {
    core.serverSends(ping("early"));
    InboundEvent.Received received =
        assertInstanceOf(InboundEvent.Received.class, queue.take(0, true));
    assertEquals("PING \"early\"", CoreHarness.describe(received.frame()));
    received.frame().release();
    core.written();
  }

  @Test
  void pingsAreAnsweredAtOnceWhileTheOutboundBufferHasRoom() {
    queue.drain();
    core.serverSends(ping("1"));
    core.serverSends(ping("2"));
    assertEquals(
        List.of("PONG \"1\"", "PONG \"2\""), core.written(), "every ping its pong (Autobahn 2.10)");
  }

  @Test
  void pingsWhileTheOutboundBufferIsFullAreCoalescedIntoOnePongAndReadingStopsUntilItDrains() {
    queue.drain();
    core.channel.config().setWriteBufferWaterMark(new io.netty.channel.WriteBufferWaterMark(8, 16));
    core.channel.write(
        Frame.binary(new byte[32])); // written, not flushed: above the high-water mark
    core.runTasks();
    assertFalse(core.channel.isWritable());

    core.serverSends(ping("1"));
    core.serverSends(ping("2"));
    core.serverSends(ping("3"));
    assertFalse(core.channel.config().isAutoRead(), "no reading while a pong waits");

    core.channel.flush();
    core.runTasks();
    assertTrue(core.channel.isWritable());
    assertEquals(
        List.of("BINARY \"" + "00".repeat(32) + "\"", "PONG \"3\""),
        core.written(),
        "one pong, for the most recent ping");
    assertTrue(core.channel.config().isAutoRead());
  }

  /** Releases a taken frame; a small whole message was copied and released on arrival. */
  private static void release(InboundEvent event) {
    if (event instanceof InboundEvent.Received received) {
      received.frame().release();
    } else {
      assertInstanceOf(InboundEvent.Whole.class, event);
    }
  }
}
