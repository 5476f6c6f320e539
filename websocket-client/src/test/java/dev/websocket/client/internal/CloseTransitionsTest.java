package dev.websocket.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.client.WebSocketConnectionClosedException;
import dev.websocket.codec.CloseStatus;
import dev.websocket.codec.Frame;
import dev.websocket.codec.ProtocolViolationException;
import io.netty.channel.ChannelFuture;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every transition of the close handshake (RFC 6455 section 7) in the core: open, close sent, close
 * received, failing, closed; and how the send queue orders frames, closes and failures.
 */
class CloseTransitionsTest {

  private final CoreHarness.Recorder listener = new CoreHarness.Recorder();
  private final CoreHarness core = new CoreHarness().listen(listener);

  private static ProtocolViolationException violation() {
    return new ProtocolViolationException(
        CloseStatus.PROTOCOL_ERROR, "Reserved bits set without an extension");
  }

  @Test
  void anOpenConnectionSendsAndIsNeitherClosingNorClosed() throws Exception {
    core.connection.send(Frame.text("hi"));
    assertEquals(List.of("TEXT \"hi\""), core.written());
    assertTrue(core.connection.isOpen());
    assertFalse(core.connection.isClosing());
    assertEquals(CloseOutcome.NONE, core.connection.closeOutcome());
  }

  @Test
  void closeSentThenTheServersCloseClosesTcp() {
    core.connection.close(CloseStatus.NORMAL, "bye");
    assertEquals(List.of("CLOSE 1000 \"bye\""), core.written());
    assertFalse(core.connection.isOpen());
    assertTrue(core.connection.isClosing());
    assertTrue(core.channel.isActive(), "waits for the server's close frame");

    core.serverSends(Frame.close(CloseStatus.NORMAL, "ok"));
    assertFalse(core.channel.isActive());
    assertEquals(List.of("CLOSE 1000 \"ok\"", "closed"), listener.events);
    assertTrue(listener.closed.clientStarted());
    assertEquals("Connection closed by the client: 1000 \"bye\"", listener.closed.describe());
    assertEquals(1000, listener.closed.status());
    assertEquals("ok", listener.closed.reason());
  }

  @Test
  void closeSentWithNoAnswerClosesTcpAfterTheCloseTimeout() {
    core.connection.close(4001, "custom");
    assertEquals(List.of("CLOSE 4001 \"custom\""), core.written());
    core.passCloseTimeout();
    assertFalse(core.channel.isActive());
    assertEquals(List.of("closed"), listener.events);
    assertEquals(CloseStatus.ABNORMAL_CLOSED, listener.closed.status());
    assertEquals("Connection closed by the client: 4001 \"custom\"", listener.closed.describe());
  }

  @Test
  void closeReceivedIsAnsweredWithItsCodeAndTheServerClosesTcp() {
    core.serverSends(Frame.close(CloseStatus.GOING_AWAY, "restart"));
    assertEquals(List.of("CLOSE 1001"), core.written(), "the same code, no reason (5.5.1)");
    assertTrue(core.connection.isClosing());
    assertTrue(core.channel.isActive(), "the server closes TCP first");
    core.passCloseTimeout();
    assertFalse(core.channel.isActive(), "unless it does not within the close timeout");
    assertEquals(List.of("CLOSE 1001 \"restart\"", "closed"), listener.events);
    assertFalse(listener.closed.clientStarted());
    assertEquals("Connection closed by the server: 1001 \"restart\"", listener.closed.describe());
  }

  @Test
  void aSecondCloseFromTheServerIsDroppedAndTheFirstStaysTheOutcome() {
    // A server that answers our answer with another close frame (the HTTP/2 test server did): a
    // reader woken by the first must still see its status and reason, however late it reads them.
    core.serverSends(Frame.close(CloseStatus.NORMAL, "server closes"));
    core.serverSends(Frame.close(CloseStatus.GOING_AWAY, ""));
    assertEquals(List.of("CLOSE 1000"), core.written(), "one answer, to the first");
    assertEquals(List.of("CLOSE 1000 \"server closes\""), listener.events);
    assertEquals(CloseStatus.NORMAL, core.connection.closeOutcome().status());
    assertEquals("server closes", core.connection.closeOutcome().reason());
  }

  @Test
  void anEmptyCloseReceivedIsAnsweredEmpty() {
    core.serverSends(Frame.close());
    assertEquals(List.of("CLOSE 1005"), core.written(), "an empty close frame");
    assertEquals(CloseStatus.STATUS_NOT_AVAILABLE, core.connection.closeOutcome().status());
  }

  @Test
  void aCloseAfterTheServersCloseSendsNothing() {
    core.serverSends(Frame.close(CloseStatus.NORMAL, ""));
    core.written();
    core.connection.close(CloseStatus.NORMAL, "");
    assertEquals(List.of(), core.written());
  }

  @Test
  void failingSendsTheViolationsCodeAndALaterCloseCannotReplaceIt() {
    core.connection.fail(violation());
    assertFalse(core.connection.isOpen(), "closing at once");
    core.connection.close(CloseStatus.NORMAL, "");
    ChannelFuture send = core.connection.send(Frame.text("late"), core.connection.newPromise());
    assertEquals(List.of("CLOSE 1002 \"Reserved bits set without an extension\""), core.written());
    WebSocketConnectionClosedException refused =
        assertInstanceOf(WebSocketConnectionClosedException.class, send.cause());
    assertEquals(
        "Connection closed by the client: 1002 \"Reserved bits set without an extension\"",
        refused.getMessage());
  }

  @Test
  void aFailureFollowsWhatWasSentBeforeIt() throws Exception {
    core.connection.send(Frame.text("echo"));
    core.connection.fail(violation());
    core.connection.close(CloseStatus.NORMAL, "");
    assertEquals(
        List.of("TEXT \"echo\"", "CLOSE 1002 \"Reserved bits set without an extension\""),
        core.written());
  }

  @Test
  void failingAfterTheCloseWasSentSendsNothingMore() {
    core.connection.close(CloseStatus.NORMAL, "");
    core.connection.fail(violation());
    assertEquals(List.of("CLOSE 1000"), core.written());
    assertTrue(core.channel.isActive(), "still waiting for the server's close");
  }

  @Test
  void failingAfterTheServersCloseClosesTcpAtOnce() {
    core.serverSends(Frame.close(CloseStatus.NORMAL, ""));
    core.written();
    core.connection.fail(violation());
    core.runTasks();
    assertFalse(core.channel.isActive());
  }

  @Test
  void aViolationNobodyReachesFailsTheConnectionAfterTheCloseTimeout() {
    core.channel.pipeline().fireExceptionCaught(violation());
    assertEquals(List.of("violation 1002"), listener.events);
    assertEquals(List.of(), core.written(), "waits for the reader to reach it");
    core.passCloseTimeout();
    assertEquals(List.of("CLOSE 1002 \"Reserved bits set without an extension\""), core.written());
  }

  @Test
  void anIoErrorIsReportedAndClosesTcpWithoutACloseFrame() {
    core.channel.pipeline().fireExceptionCaught(new java.io.IOException("Connection reset"));
    assertFalse(core.channel.isActive());
    assertEquals(List.of("error Connection reset", "closed"), listener.events);
    assertEquals(CloseOutcome.NONE, listener.closed);
    assertEquals("Connection closed without a close frame", listener.closed.describe());
    assertEquals(List.of(), core.written());
  }

  @Test
  void onceClosedSendsFailWithHowItEnded() {
    core.serverSends(Frame.close(CloseStatus.NORMAL, "done"));
    core.written();
    core.channel.close();
    ChannelFuture send = core.connection.send(Frame.text("late"), core.connection.newPromise());
    WebSocketConnectionClosedException refused =
        assertInstanceOf(WebSocketConnectionClosedException.class, send.cause());
    assertEquals("Connection closed by the server: 1000 \"done\"", refused.getMessage());
    assertEquals(1000, refused.status());
    assertNull(core.channel.readOutbound());
  }
}
