package dev.websocket.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.codec.Frame;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The reader's side of the {@link InboundQueue}: it takes what is queued in batches and is woken
 * once the event loop is done with a read. Frames come from a real event loop over a local channel,
 * in bursts the reader has to park between; the queue's byte bound holds whatever the reader holds
 * in its batch, and no frame is lost, reordered or left unreleased.
 */
class InboundQueueBatchTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  /** Ten empty frames fill the queue: bursts of more pause reading, often. */
  private static final long LIMIT = 10L * InboundQueue.FRAME_OVERHEAD_BYTES;

  private static final int[] BURSTS = {1, 2, 3, 7, 64, 150, 1, 16, 17, 500, 1, 1, 33};

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
  private final CountDownLatch serverReady = new CountDownLatch(1);
  private volatile Channel serverChild;
  private Channel server;
  private Channel client;
  private Connection connection;
  private InboundQueue queue;

  @AfterEach
  void close() {
    if (client != null) {
      client.close().syncUninterruptibly();
      server.close().syncUninterruptibly();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    if (queue != null) {
      queue.drain();
    }
  }

  private void connect() throws InterruptedException {
    LocalAddress address = new LocalAddress("inbound-queue-batch");
    server =
        new ServerBootstrap()
            .group(group)
            .channel(LocalServerChannel.class)
            .childHandler(
                new ChannelInboundHandlerAdapter() {
                  @Override
                  public void channelActive(ChannelHandlerContext ctx) {
                    serverChild = ctx.channel();
                    serverReady.countDown();
                  }
                })
            .bind(address)
            .sync()
            .channel();
    queue = new InboundQueue(LIMIT);
    connection = LocalConnections.connect(group, address, queue);
    client = connection.channel();
    serverReady.await();
  }

  /** The server writes {@code count} frames from {@code first} on and flushes them at once. */
  private void serverSendsBurst(int first, int count) {
    serverChild
        .eventLoop()
        .execute(
            () -> {
              for (int i = first; i < first + count; i++) {
                serverChild.write(Frame.text("m" + i));
              }
              serverChild.flush();
            });
  }

  @Test
  void burstsReachAReaderThatParksBetweenThemWholeInOrderAndWithinTheBound() {
    assertTimeoutPreemptively(
        WAIT,
        () -> {
          connect();
          int total = 0;
          for (int burst : BURSTS) {
            total += burst;
          }
          int frames = total;
          Semaphore taken = new Semaphore(0);
          AtomicLong peakBytes = new AtomicLong();
          AtomicBoolean sawPaused = new AtomicBoolean();
          CompletableFuture<List<String>> reader =
              CompletableFuture.supplyAsync(
                  () -> {
                    List<String> got = new ArrayList<>();
                    try {
                      for (int i = 0; i < frames; i++) {
                        peakBytes.accumulateAndGet(queue.queuedBytes(), Math::max);
                        if (connection.isReadingPaused(Connection.ReadPause.RECEIVER_FULL)) {
                          sawPaused.set(true);
                        }
                        // Every other frame with a deadline: the timed wait is woken the same way.
                        InboundEvent event =
                            queue.take(i % 2 == 0 ? -1 : TimeUnit.SECONDS.toNanos(20), false);
                        InboundEvent.Whole whole =
                            assertInstanceOf(InboundEvent.Whole.class, event, "a small message");
                        got.add(new String(whole.payload(), StandardCharsets.UTF_8));
                        taken.release();
                      }
                    } catch (InterruptedException e) {
                      throw new IllegalStateException(e);
                    }
                    return got;
                  });
          int sent = 0;
          for (int burst : BURSTS) {
            serverSendsBurst(sent, burst);
            sent += burst;
            // The next burst only once the reader took this one: it parks on an empty queue.
            taken.acquire(burst);
          }
          List<String> got = reader.get();
          assertEquals(frames, got.size());
          for (int i = 0; i < frames; i++) {
            assertEquals("m" + i, got.get(i), "frame " + i);
          }
          assertTrue(sawPaused.get(), "bursts past the limit pause reading");
          long oneFrame = "m9999".length() + InboundQueue.FRAME_OVERHEAD_BYTES;
          assertTrue(peakBytes.get() <= LIMIT + oneFrame, "peak " + peakBytes.get());
          assertEquals(0, queue.queuedBytes());
          assertFalse(
              connection.isReadingPaused(Connection.ReadPause.RECEIVER_FULL),
              "reading resumed once the reader drained the queue");
          assertNull(queue.take(0, false), "nothing more");
        });
  }

  @Test
  void theEndWakesAReaderThatWaitsWithoutADeadline() {
    assertTimeoutPreemptively(
        WAIT,
        () -> {
          connect();
          CompletableFuture<InboundEvent> reader =
              CompletableFuture.supplyAsync(
                  () -> {
                    try {
                      return queue.take(-1, false);
                    } catch (InterruptedException e) {
                      throw new IllegalStateException(e);
                    }
                  });
          queue.endNow(CloseOutcome.NONE);
          assertInstanceOf(InboundEvent.Closed.class, reader.get());
          assertInstanceOf(InboundEvent.Closed.class, queue.take(0, false), "the end stays");
        });
  }

  // ------------------------------------------------------------ on one thread (EmbeddedChannel)

  private final InboundQueue embeddedQueue = new InboundQueue(1 << 20);
  private final CoreHarness core = new CoreHarness().listen(embeddedQueue);

  {
    embeddedQueue.bind(core.connection);
  }

  @AfterEach
  void releaseEmbedded() {
    embeddedQueue.drain();
  }

  /** A message too large to be copied on arrival: it stays a frame, holding its buffer. */
  private static Frame largeMessage() {
    return Frame.binary(Unpooled.buffer().writeZero(InboundQueue.WHOLE_COPY_MAX_BYTES + 1));
  }

  /**
   * The server sends five large messages; the reader takes the first, which moves the other four
   * into its batch.
   */
  private List<Frame> sendFiveAndTakeTheFirst() throws InterruptedException {
    List<Frame> sent = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Frame frame = largeMessage();
      sent.add(frame);
      core.serverSends(frame);
    }
    InboundEvent.Received first =
        assertInstanceOf(InboundEvent.Received.class, embeddedQueue.take(0, false));
    first.frame().release();
    return sent;
  }

  @Test
  void closingDropsTheMessagesTheReaderAlreadyTookIntoItsBatch() throws InterruptedException {
    List<Frame> sent = sendFiveAndTakeTheFirst();

    embeddedQueue.closing();
    assertEquals(0, embeddedQueue.queuedBytes());
    for (Frame frame : sent) {
      assertEquals(0, frame.refCnt(), "every message released");
    }
    core.serverSends(Frame.close(1000, "bye"));
    InboundEvent.Received close =
        assertInstanceOf(InboundEvent.Received.class, embeddedQueue.take(0, true));
    assertEquals("CLOSE 1000 \"bye\"", CoreHarness.describe(close.frame()));
    close.frame().release();
  }

  @Test
  void drainReleasesTheMessagesTheReaderAlreadyTookIntoItsBatch() throws InterruptedException {
    List<Frame> sent = sendFiveAndTakeTheFirst();
    core.serverSends(largeMessage());

    embeddedQueue.drain();
    assertEquals(0, embeddedQueue.queuedBytes());
    for (Frame frame : sent) {
      assertEquals(0, frame.refCnt(), "every message released");
    }
  }
}
