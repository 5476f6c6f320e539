package dev.websocket.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.testing.Hex;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.IllegalReferenceCountException;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Netty adapters, with EmbeddedChannel: what they emit, fire and release. */
class FrameCodecHandlersTest {

  @Test
  void decoderEmitsFramesFromSplitReads() {
    EmbeddedChannel channel = new EmbeddedChannel(FrameDecoder.forClient());
    assertFalse(channel.writeInbound(Hex.buf("81 05 48 65")));
    assertTrue(channel.writeInbound(Hex.buf("6c 6c 6f 89 00")));
    Frame text = channel.readInbound();
    Frame ping = channel.readInbound();
    assertEquals("Hello", text.text());
    assertEquals(Opcode.PING, ping.opcode());
    text.release();
    ping.release();
    assertFalse(channel.finish());
  }

  @Test
  void decoderDeliversFramesBeforeTheViolationThenDiscards() {
    EmbeddedChannel channel = new EmbeddedChannel(FrameDecoder.forClient());
    ProtocolViolationException e =
        assertThrows(
            ProtocolViolationException.class,
            () -> channel.writeInbound(Hex.buf("81 01 41 83 00 81 01 42")));
    assertEquals("Reserved opcode 3", e.getMessage());
    Frame before = channel.readInbound();
    assertEquals("A", before.text());
    before.release();
    channel.writeInbound(Hex.buf("81 01 43"));
    assertNull(channel.readInbound(), "input after a violation is discarded");
    assertFalse(channel.finish());
  }

  @Test
  void encoderMasksAndReleasesTheFrame() {
    EmbeddedChannel channel = new EmbeddedChannel(new FrameEncoder(() -> 0x37fa213d));
    Frame frame = Frame.text("Hello");
    assertTrue(channel.writeOutbound(frame));
    assertEquals(0, frame.refCnt());
    ByteBuf wire = channel.readOutbound();
    assertEquals("81 85 37 fa 21 3d 7f 9f 4d 51 58", Hex.encode(wire));
    wire.release();
    assertFalse(channel.finish());
  }

  @Test
  void serverEncoderSendsLargePayloadsByReference() {
    EmbeddedChannel channel = new EmbeddedChannel(FrameEncoder.forServer());
    ByteBuf payload = Unpooled.directBuffer().writeZero(FrameWriter.COPY_THRESHOLD + 1);
    channel.writeOutbound(Frame.binary(payload));
    ByteBuf header = channel.readOutbound();
    ByteBuf body = channel.readOutbound();
    assertEquals("82 7e 04 01", Hex.encode(header));
    assertEquals(payload, body);
    header.release();
    body.release();
    assertEquals(0, payload.refCnt());
    assertFalse(channel.finish());
  }

  @Test
  void encoderThenDecoderRoundTrip() {
    EmbeddedChannel client = new EmbeddedChannel(FrameEncoder.forClient());
    EmbeddedChannel server = new EmbeddedChannel(new FrameDecoder(FrameDecoderConfig.SERVER));
    client.writeOutbound(Frame.text("round trip"), Frame.close(CloseStatus.GOING_AWAY, "bye"));
    for (Object wire; (wire = client.readOutbound()) != null; ) {
      server.writeInbound(wire);
    }
    Frame text = server.readInbound();
    Frame close = server.readInbound();
    assertEquals("round trip", text.text());
    assertEquals(ClosePayload.of(CloseStatus.GOING_AWAY, "bye"), close.closePayload());
    text.release();
    close.release();
    assertFalse(client.finish());
    assertFalse(server.finish());
  }

  @Test
  void smallFramesWrittenBeforeAFlushLeaveAsOneBuffer() {
    EmbeddedChannel channel = new EmbeddedChannel(new FrameEncoder(() -> 0x37fa213d));
    ChannelPromise first = channel.newPromise();
    ChannelPromise second = channel.newPromise();
    channel.write(Frame.text("Hello"), first);
    channel.write(Frame.text("Hello"), second);
    channel.write(Frame.text("Hello"), channel.voidPromise());
    assertNull(channel.readOutbound(), "nothing leaves before the flush");
    assertFalse(first.isDone());
    channel.flush();
    ByteBuf wire = channel.readOutbound();
    assertEquals(
        String.join(" ", java.util.Collections.nCopies(3, "81 85 37 fa 21 3d 7f 9f 4d 51 58")),
        Hex.encode(wire));
    assertNull(channel.readOutbound());
    assertTrue(first.isSuccess());
    assertTrue(second.isSuccess());
    wire.release();
    assertFalse(channel.finish());
  }

  @Test
  void framesAnsweringALargeReadAreFlushedEarlyAtDoublingSizesThenAtTheReadsEnd() {
    int frames = 40;
    FlushRecorder flushes = new FlushRecorder();
    List<Integer> flushesAfterEachWrite = new ArrayList<>();
    EmbeddedChannel channel = new EmbeddedChannel(flushes, new FrameEncoder(() -> 0x37fa213d));
    answerEachRead(
        channel,
        () -> {
          for (int i = 0; i < frames; i++) {
            // 64 bytes of payload: 70 on the wire with the header and mask key.
            channel.write(Frame.binary(new byte[64]), channel.voidPromise());
            flushesAfterEachWrite.add(flushes.sizes.size());
          }
        });
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[FrameEncoder.EARLY_FLUSH_MIN_READ]));

    // Early flushes once 140 bytes (2 frames) wait, then 280 (4), 560 (8), 1120 (16); the last
    // 10 frames leave with the flush at the read's end.
    assertEquals(List.of(140, 280, 560, 1120, 700), flushes.take());
    assertEquals(List.of(0, 1, 1, 1, 1, 2), flushesAfterEachWrite.subList(0, 6));
    assertEquals(frames * 70, releaseOutbound(channel));

    // The next read starts again from the first threshold.
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[FrameEncoder.EARLY_FLUSH_MIN_READ]));
    assertEquals(140, flushes.take().get(0));
    assertEquals(frames * 70, releaseOutbound(channel));

    // A small read is handled quickly: its answers wait for the flush at its end. So do the
    // answers to two reads in one cycle that together stay under the mark.
    channel.writeInbound(Unpooled.wrappedBuffer(new byte[FrameEncoder.EARLY_FLUSH_MIN_READ - 1]));
    assertEquals(List.of(frames * 70), flushes.take());
    assertEquals(frames * 70, releaseOutbound(channel));

    // Outside a read, frames wait for the flush however many there are.
    for (int i = 0; i < frames; i++) {
      channel.write(Frame.binary(new byte[64]), channel.voidPromise());
    }
    assertNull(channel.readOutbound(), "nothing leaves before the flush");
    channel.flush();
    assertEquals(List.of(frames * 70), flushes.take());
    assertEquals(frames * 70, releaseOutbound(channel));
    assertFalse(channel.finish());
  }

  /**
   * Ends {@code channel}'s pipeline with the usual Netty idiom: {@code answer} writes in {@code
   * channelRead} (the read itself is released), and {@code channelReadComplete} flushes.
   */
  private static void answerEachRead(EmbeddedChannel channel, Runnable answer) {
    channel
        .pipeline()
        .addLast(
            new ChannelInboundHandlerAdapter() {
              @Override
              public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ReferenceCountUtil.release(msg);
                answer.run();
              }

              @Override
              public void channelReadComplete(ChannelHandlerContext ctx) {
                ctx.flush();
              }
            });
  }

  /** Records how many bytes each flush sent on. */
  private static final class FlushRecorder extends ChannelOutboundHandlerAdapter {
    final List<Integer> sizes = new ArrayList<>();
    private int pending;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      pending += ((ByteBuf) msg).readableBytes();
      ctx.write(msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
      sizes.add(pending);
      pending = 0;
      ctx.flush();
    }

    List<Integer> take() {
      List<Integer> taken = new ArrayList<>(sizes);
      sizes.clear();
      return taken;
    }
  }

  /** Releases every buffer written so far; returns their bytes. */
  private static int releaseOutbound(EmbeddedChannel channel) {
    int bytes = 0;
    for (ByteBuf buf; (buf = channel.readOutbound()) != null; ) {
      bytes += buf.readableBytes();
      buf.release();
    }
    return bytes;
  }

  @Test
  void everyPromiseOfABatchFailsWithItsWriteWhetherOneOrMany() {
    for (int count = 1; count <= 3; count++) {
      EmbeddedChannel channel = new EmbeddedChannel(new FrameEncoder(() -> 0x01020304));
      List<ChannelPromise> promises = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        ChannelPromise promise = channel.newPromise();
        channel.write(Frame.text("unsent"), promise);
        promises.add(promise);
      }
      // Closed before the flush: the batch's write fails, and with it each frame's promise.
      channel.close();
      for (ChannelPromise promise : promises) {
        assertTrue(
            promise.cause() instanceof ClosedChannelException,
            count + " promises: " + promise.cause());
      }
      assertFalse(channel.finish());
    }
  }

  @ParameterizedTest(name = "written during a large read: {0}")
  @ValueSource(booleans = {false, true})
  void writesKeepTheirOrderAcrossBatchedFramesLargeFramesAndPlainBuffers(boolean duringLargeRead) {
    EmbeddedChannel client =
        new EmbeddedChannel(new FrameEncoder(MaskKeySource.fromRandom(new Random(1))));
    EmbeddedChannel server = new EmbeddedChannel(new FrameDecoder(FrameDecoderConfig.SERVER));
    byte[] large = new byte[FrameEncoder.MAX_BATCHED_FRAME + 1];
    Arrays.fill(large, (byte) 'x');
    List<ChannelFuture> writes = new ArrayList<>();
    Runnable writeAll =
        () -> {
          writes.add(client.write(Frame.text("one")));
          writes.add(client.write(Frame.binary(large)));
          writes.add(client.write(Frame.text("two")));
          // A plain buffer between frames: an already encoded masked pong with no payload.
          writes.add(
              client.write(
                  Unpooled.wrappedBuffer(new byte[] {(byte) 0x8A, (byte) 0x80, 0, 0, 0, 0})));
          for (int i = 0; i < 40; i++) {
            writes.add(client.write(Frame.text("three " + i)));
          }
        };
    if (duringLargeRead) {
      // Written in channelRead and flushed at its end, with early flushes between the writes.
      answerEachRead(client, writeAll);
      client.writeInbound(Unpooled.wrappedBuffer(new byte[FrameEncoder.EARLY_FLUSH_MIN_READ]));
    } else {
      writeAll.run();
      client.flush();
    }
    for (Object wire; (wire = client.readOutbound()) != null; ) {
      server.writeInbound(wire);
    }
    List<String> expected = new ArrayList<>(List.of("TEXT one", "BINARY " + large.length));
    expected.addAll(List.of("TEXT two", "PONG 0"));
    for (int i = 0; i < 40; i++) {
      expected.add("TEXT three " + i);
    }
    for (String want : expected) {
      Frame frame = server.readInbound();
      String got =
          frame.opcode()
              + " "
              + (frame.opcode() == Opcode.TEXT ? frame.text() : String.valueOf(frame.length()));
      assertEquals(want, got);
      frame.release();
    }
    assertTrue(writes.stream().allMatch(ChannelFuture::isSuccess), "every write succeeded");
    assertFalse(client.finish());
    assertFalse(server.finish());
  }

  @Test
  void aFrameThatCannotBeEncodedFailsAloneAndLeavesTheBatchWhole() {
    EmbeddedChannel client = new EmbeddedChannel(new FrameEncoder(() -> 0x01020304));
    EmbeddedChannel server = new EmbeddedChannel(new FrameDecoder(FrameDecoderConfig.SERVER));
    Frame released = Frame.text("gone");
    released.release();
    client.write(Frame.text("before"));
    ChannelPromise failed = client.newPromise();
    client.write(released, failed);
    client.write(Frame.text("after"));
    client.flush();
    assertTrue(
        failed.cause().getCause() instanceof IllegalReferenceCountException,
        String.valueOf(failed.cause()));
    server.writeInbound((Object) client.readOutbound());
    for (String want : new String[] {"before", "after"}) {
      Frame frame = server.readInbound();
      assertEquals(want, frame.text());
      frame.release();
    }
    assertFalse(client.finish());
    assertFalse(server.finish());
  }

  @Test
  void aLargeFrameArrivingInManyReadsIsGatheredThenSmallFramesFollow() {
    EmbeddedChannel channel = new EmbeddedChannel(FrameDecoder.forClient());
    byte[] payload = new byte[3 * FrameDecoder.GATHER_THRESHOLD];
    new Random(4).nextBytes(payload);
    ByteBuf wire = new FrameWriter(null).encode(Frame.binary(payload), Unpooled.buffer().alloc());
    wire.writeBytes(Hex.buf("81 02 68 69 89 00"));
    // Reads of 10,000 bytes: the large payload spans many, the last holds the small frames too.
    while (wire.isReadable()) {
      channel.writeInbound(wire.readRetainedSlice(Math.min(10_000, wire.readableBytes())));
    }
    wire.release();
    Frame large = channel.readInbound();
    Frame text = channel.readInbound();
    Frame ping = channel.readInbound();
    assertEquals(Unpooled.wrappedBuffer(payload), large.payload());
    assertEquals("hi", text.text());
    assertEquals(Opcode.PING, ping.opcode());
    large.release();
    text.release();
    ping.release();
    assertFalse(channel.finish());
  }

  /**
   * A large frame a server dribbles one byte per read, each read in a buffer of 2 KiB as a socket
   * read would use: the decoder holds about what arrived, not a read buffer per byte.
   */
  @Test
  void aLargeFrameDribbledOneBytePerReadHoldsAboutWhatArrived() {
    UnpooledByteBufAllocator alloc = new UnpooledByteBufAllocator(false, true);
    EmbeddedChannel channel = new EmbeddedChannel(FrameDecoder.forClient());
    channel.config().setAllocator(alloc);
    int length = 4 * 1024 * 1024;
    byte[] payload = new byte[length];
    new Random(7).nextBytes(payload);
    channel.writeInbound(
        alloc
            .heapBuffer(2048)
            .writeBytes(Hex.decode("82 7f 00 00 00 00 00 40 00 00"))); // BINARY len=4 MiB
    int sent = 0;
    long peak = 0;
    for (; sent < 300_000; sent++) {
      channel.writeInbound(alloc.heapBuffer(2048).writeByte(payload[sent]));
      peak = Math.max(peak, alloc.metric().usedHeapMemory());
    }
    assertTrue(
        peak <= sent + FrameDecoder.CHUNK_SIZE + 2048,
        "held " + peak + " bytes after " + sent + " arrived");
    // Reads of every size, small ones between large ones, complete the frame.
    Random random = new Random(8);
    while (sent < length) {
      int size =
          Math.min(
              length - sent,
              random.nextBoolean() ? 1 + random.nextInt(100) : 8192 + random.nextInt(60_000));
      channel.writeInbound(alloc.heapBuffer(size).writeBytes(payload, sent, size));
      sent += size;
      peak = Math.max(peak, alloc.metric().usedHeapMemory());
    }
    assertTrue(
        peak <= 2L * length + FrameDecoder.CHUNK_SIZE,
        "held " + peak + " bytes for a frame of " + length);
    Frame frame = channel.readInbound();
    assertEquals(Unpooled.wrappedBuffer(payload), frame.payload());
    frame.release();
    assertEquals(0, alloc.metric().usedHeapMemory(), "every read and chunk released");
    assertFalse(channel.finish());
  }

  /** Large frames back to back in reads of every size, some frames held while later ones arrive. */
  @Test
  void largeFramesInReadsOfEverySizeKeepTheirPayloadsWhileHeld() {
    EmbeddedChannel channel = new EmbeddedChannel(FrameDecoder.forClient());
    int count = 40;
    int size = FrameDecoder.GATHER_THRESHOLD;
    ByteBuf wire = Unpooled.buffer();
    FrameWriter writer = new FrameWriter(null);
    for (int i = 0; i < count; i++) {
      byte[] payload = new byte[size];
      Arrays.fill(payload, (byte) i);
      writer.encodeInto(Frame.binary(payload), wire);
    }
    Random random = new Random(9);
    java.util.ArrayDeque<Frame> held = new java.util.ArrayDeque<>();
    int checked = 0;
    while (wire.isReadable()) {
      int read =
          Math.min(
              wire.readableBytes(),
              random.nextBoolean() ? 1 + random.nextInt(3000) : 1 + random.nextInt(100_000));
      ByteBuf buf = channel.alloc().buffer(read);
      wire.readBytes(buf, read);
      channel.writeInbound(buf);
      for (Frame f; (f = channel.readInbound()) != null; ) {
        held.add(f);
      }
      // Release the oldest frames now and then, so the decoder may discard what was read.
      while (held.size() > 3 || (!held.isEmpty() && random.nextInt(4) == 0)) {
        Frame f = held.poll();
        byte[] expected = new byte[size];
        Arrays.fill(expected, (byte) checked);
        assertEquals(Unpooled.wrappedBuffer(expected), f.payload(), "frame " + checked);
        f.release();
        checked++;
      }
    }
    for (Frame f; (f = held.poll()) != null; checked++) {
      byte[] expected = new byte[size];
      Arrays.fill(expected, (byte) checked);
      assertEquals(Unpooled.wrappedBuffer(expected), f.payload(), "frame " + checked);
      f.release();
    }
    assertEquals(count, checked);
    wire.release();
    assertFalse(channel.finish());
  }
}
