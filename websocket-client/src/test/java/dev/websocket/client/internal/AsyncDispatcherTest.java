package dev.websocket.client.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.codec.CloseStatus;
import dev.websocket.codec.Frame;
import dev.websocket.codec.Opcode;
import dev.websocket.codec.ProtocolViolationException;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * The async front door's dispatcher: demand, the cost of held events, and failing in wire order.
 */
class AsyncDispatcherTest {

  private static final long LIMIT = 10L * InboundQueue.FRAME_OVERHEAD_BYTES;

  private final List<String> heard = new ArrayList<>();
  private final CoreHarness core = new CoreHarness();

  private final AsyncDispatcher.Events events =
      new AsyncDispatcher.Events() {
        @Override
        public void message(Opcode opcode, ByteBuffer data, boolean last, boolean whole) {
          heard.add(opcode + " " + StandardCharsets.UTF_8.decode(data));
        }

        @Override
        public void control(Opcode opcode, ByteBuffer payload) {
          heard.add(opcode.toString());
        }

        @Override
        public void error(Throwable error) {
          heard.add("error " + error.getMessage());
        }

        @Override
        public void closed(int status, String reason) {
          heard.add("closed " + status);
        }

        @Override
        public void writable() {
          heard.add("writable");
        }
      };

  private AsyncDispatcher dispatcher(Executor executor) {
    AsyncDispatcher dispatcher = new AsyncDispatcher(false, events, executor, LIMIT);
    dispatcher.bind(core.connection);
    core.listen(dispatcher);
    return dispatcher;
  }

  @Test
  void eventsWaitForDemandAndReadingStopsMeanwhile() {
    AsyncDispatcher dispatcher = dispatcher(null);
    core.serverSends(Frame.text("one"));
    core.serverSends(Frame.text("two"));
    assertEquals(List.of(), heard);
    assertFalse(core.channel.config().isAutoRead());

    dispatcher.request(1);
    assertEquals(List.of("TEXT one"), heard);
    assertFalse(core.channel.config().isAutoRead(), "an event still waits");

    dispatcher.request(5);
    assertEquals(List.of("TEXT one", "TEXT two"), heard);
    assertTrue(core.channel.config().isAutoRead(), "demand left and nothing waits");
  }

  @Test
  void messagesDeliveredAsTheyArriveUseDemandAndTheLastUnitStopsReading() {
    AsyncDispatcher dispatcher = dispatcher(null);
    dispatcher.request(2);
    core.serverSends(Frame.text("one"));
    assertEquals(List.of("TEXT one"), heard);
    assertTrue(core.channel.config().isAutoRead(), "one unit of demand left");

    // A fragmented message between whole ones is still joined, in order.
    core.serverSends(new Frame(Opcode.TEXT, false, 0, Unpooled.copiedBuffer("t", UTF_8)));
    core.serverSends(Frame.continuation(true, Unpooled.copiedBuffer("wo", UTF_8)));
    assertEquals(List.of("TEXT one", "TEXT two"), heard);
    assertFalse(core.channel.config().isAutoRead(), "no demand left");

    dispatcher.request(1);
    assertTrue(core.channel.config().isAutoRead());
    core.serverSends(Frame.text("three"));
    assertEquals(List.of("TEXT one", "TEXT two", "TEXT three"), heard);
    assertFalse(core.channel.config().isAutoRead(), "the last unit of demand went");

    core.serverSends(Frame.text("four"));
    assertEquals(3, heard.size(), "no demand: it waits");
    dispatcher.request(1);
    assertEquals("TEXT four", heard.get(3));
  }

  @Test
  void aViolationFailsTheConnectionOnlyWhenItIsDelivered() {
    AsyncDispatcher dispatcher = dispatcher(null);
    core.serverSends(Frame.text("before"));
    core.channel
        .pipeline()
        .fireExceptionCaught(
            new ProtocolViolationException(CloseStatus.PROTOCOL_ERROR, "Reserved opcode 11"));
    assertEquals(List.of(), core.written(), "the message before it is not delivered yet");

    dispatcher.request(1);
    assertEquals(List.of("TEXT before", "error Reserved opcode 11"), heard);
    assertEquals(List.of("CLOSE 1002 \"Reserved opcode 11\""), core.written());
  }

  @Test
  void eventsHeldByASlowExecutorStopReadingPastTheLimitEvenWithDemand() {
    ArrayDeque<Runnable> slow = new ArrayDeque<>();
    AsyncDispatcher dispatcher = dispatcher(slow::add);
    dispatcher.request(Long.MAX_VALUE);
    int sent = 0;
    while (core.channel.config().isAutoRead()) {
      core.serverSends(Frame.binary(new byte[0]));
      sent++;
    }
    assertEquals(11, sent, "the first empty frame past the limit stops reading");

    // The executor runs its first task: the serial executor's loop, which runs every event held.
    slow.poll().run();
    core.runTasks();
    assertEquals(11, heard.size());
    assertTrue(core.channel.config().isAutoRead(), "reading resumes once the events ran");
  }

  @Test
  void closedComesLastWithTheServersStatus() {
    AsyncDispatcher dispatcher = dispatcher(null);
    dispatcher.request(Long.MAX_VALUE);
    core.serverSends(Frame.close(CloseStatus.GOING_AWAY, ""));
    core.channel.close();
    assertEquals(List.of("closed 1001"), heard);
    core.written();
  }
}
