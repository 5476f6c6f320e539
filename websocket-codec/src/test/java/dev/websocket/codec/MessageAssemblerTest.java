package dev.websocket.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageAssemblerTest {

  private final MessageAssembler assembler = new MessageAssembler(ByteBufAllocator.DEFAULT);

  private static ByteBuf ascii(String s) {
    return ByteBufAllocator.DEFAULT.buffer().writeBytes(s.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void singleFrameMessageIsPassedThroughUntouched() {
    Frame frame = Frame.text(ascii("Hello"));
    assertSame(frame, assembler.add(frame));
    frame.release();
  }

  @Test
  void fragmentsAreJoinedUnderTheFirstOpcode() {
    assertNull(assembler.add(new Frame(Opcode.TEXT, false, 0, ascii("Hel"))));
    assertTrue(assembler.inProgress());
    assertNull(assembler.add(Frame.continuation(false, ascii(""))));
    Frame whole = assembler.add(Frame.continuation(true, ascii("lo")));
    assertEquals(Opcode.TEXT, whole.opcode());
    assertTrue(whole.isFinal());
    assertEquals("Hello", whole.text());
    assertFalse(assembler.inProgress());
    whole.release();
  }

  @Test
  void thousandsOfTinyFragmentsAreCopiedIntoFewChunks() {
    assertNull(assembler.add(new Frame(Opcode.BINARY, false, 0, ascii("a"))));
    for (int i = 0; i < 100_000; i++) {
      assertNull(assembler.add(Frame.continuation(false, ascii("b"))));
    }
    Frame whole = assembler.add(Frame.continuation(true, ascii("c")));
    assertEquals(100_002, whole.length());
    assertEquals('a', whole.payload().getByte(0));
    assertEquals('c', whole.payload().getByte(100_001));
    whole.release();
  }

  @Test
  void largeFragmentsAreJoinedByReference() {
    ByteBuf big = ByteBufAllocator.DEFAULT.buffer().writeZero(MessageAssembler.REFERENCE_THRESHOLD);
    assertNull(assembler.add(new Frame(Opcode.BINARY, false, 0, ascii("x"))));
    Frame whole = assembler.add(Frame.continuation(true, big));
    assertEquals(MessageAssembler.REFERENCE_THRESHOLD + 1, whole.length());
    assertEquals(1, big.refCnt(), "the fragment is a component, not a copy");
    whole.release();
    assertEquals(0, big.refCnt());
  }

  @Test
  void discardReleasesAPartialMessage() {
    ByteBuf first = ascii("part");
    ByteBuf second = ascii("more");
    assembler.add(new Frame(Opcode.TEXT, false, 0, first));
    assembler.add(Frame.continuation(false, second));
    assembler.discard();
    assertEquals(0, first.refCnt());
    assertEquals(0, second.refCnt());
    assertFalse(assembler.inProgress());
  }

  @Test
  void controlFramesAndOrphanContinuationsAreRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> assembler.add(Frame.ping(Unpooled.EMPTY_BUFFER)));
    assertThrows(
        IllegalArgumentException.class,
        () -> assembler.add(Frame.continuation(true, Unpooled.EMPTY_BUFFER)));
  }
}
