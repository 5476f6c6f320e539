package dev.websocket.wsdump;

import dev.websocket.client.Data;
import dev.websocket.client.WebSocket;
import dev.websocket.codec.CloseStatus;
import dev.websocket.codec.Opcode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One connected session: a receiver thread prints every message as it arrives while the calling
 * thread reads lines and sends them. It ends at the end of input (after the {@code --eof-wait}
 * grace period), on Ctrl+C, or when the server closes or the connection breaks.
 *
 * <p>Ending from our side runs the close handshake and keeps printing until the server's close
 * frame, so replies to the last lines sent are not lost: {@code printf 'hello\n' | wsdump URL}
 * prints the echo even with no {@code --eof-wait}.
 */
final class Session {

  /** How long the session waits for the server's close frame after sending its own. */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(3);

  /** How long {@link WebSocket#close} may then wait for TCP to close before aborting. */
  private static final Duration TCP_CLOSE_WAIT = Duration.ofSeconds(1);

  private final WebSocket ws;
  private final WsDumpOptions options;
  private final InputSource input;
  private final LinePrinter printer;
  private final MessageFormatter formatter;
  private final long startNanos;
  private final CountDownLatch receiverDone = new CountDownLatch(1);
  private volatile boolean closing;
  private volatile IOException failure;

  /**
   * A session over an open connection.
   *
   * @param startNanos {@link System#nanoTime()} at start, for {@code --timings}
   */
  Session(
      WebSocket ws,
      WsDumpOptions options,
      InputSource input,
      LinePrinter printer,
      MessageFormatter formatter,
      long startNanos) {
    this.ws = ws;
    this.options = options;
    this.input = input;
    this.printer = printer;
    this.formatter = formatter;
    this.startNanos = startNanos;
  }

  /**
   * Runs the session to its end and closes the connection.
   *
   * @return the failure that ended it (a broken connection, a protocol error), or null when it
   *     ended normally, the server's close included
   */
  IOException run() throws InterruptedException {
    Thread receiver = new Thread(this::receive, "wsdump-receiver");
    receiver.setDaemon(true);
    receiver.start();
    try {
      if (options.text() != null) {
        send(options.text());
      }
      readAndSend();
    } finally {
      finish();
    }
    return failure;
  }

  private void readAndSend() throws InterruptedException {
    while (receiverDone.getCount() > 0) {
      String line;
      try {
        line = input.readLine();
      } catch (InterruptedIOException e) {
        return; // Ctrl+C, or the receiver saw the end of the connection
      } catch (IOException e) {
        failure = e;
        return;
      }
      if (line == null) {
        // Python's wsdump sleeps here; waking early when the server closes is just quicker.
        receiverDone.await(Math.round(options.eofWaitSeconds() * 1e9), TimeUnit.NANOSECONDS);
        return;
      }
      if (!send(line)) {
        return;
      }
    }
  }

  private boolean send(String text) {
    try {
      ws.send(text);
      return true;
    } catch (IOException e) {
      // A send fails once the connection is gone; the receiver then reports why, if it has not.
      if (receiverDone.getCount() > 0 && failure == null) {
        failure = e;
      }
      return false;
    }
  }

  private void finish() throws InterruptedException {
    closing = true;
    try {
      if (receiverDone.getCount() > 0) {
        try {
          ws.sendClose(CloseStatus.NORMAL, "");
        } catch (IOException | RuntimeException e) {
          // Already closed or closing: the receiver is about to end by itself.
        }
        receiverDone.await(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } finally {
      try {
        ws.close(CloseStatus.NORMAL, "", TCP_CLOSE_WAIT);
      } catch (IOException e) {
        // The connection is finished with either way.
      }
    }
  }

  private void receive() {
    boolean controlFrames = options.verbosity() >= 1;
    try {
      while (true) {
        Data data = ws.recvData(controlFrames);
        if (data.opcode() == Opcode.CLOSE) {
          if (!closing) {
            print(data); // the server closed: show its code and reason
          }
          return;
        }
        print(data);
      }
    } catch (IOException e) {
      if (!closing) {
        failure = e;
      }
    } finally {
      receiverDone.countDown();
      if (!closing) {
        input.stop(); // the connection is over: wake the main thread from its read
      }
    }
  }

  private void print(Data data) {
    String line = formatter.format(data, (System.nanoTime() - startNanos) / 1e9);
    if (line != null) {
      printer.println(line);
    }
  }
}
