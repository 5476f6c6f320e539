package dev.websocket.client;

import dev.websocket.codec.CloseStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The messages of a {@link WebSocket}, as {@link WebSocket#iterator()} describes. Not thread-safe.
 */
final class MessageIterator implements Iterator<Message> {

  private final WebSocket ws;
  private Message next;
  private boolean ended;

  MessageIterator(WebSocket ws) {
    this.ws = ws;
  }

  @Override
  public boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (ended) {
      return false;
    }
    try {
      next = ws.recv();
      return true;
    } catch (WebSocketConnectionClosedException e) {
      ended = true;
      if (isNormal(e.status())) {
        return false;
      }
      throw new UncheckedIOException(e.getMessage(), e);
    } catch (IOException e) {
      ended = true;
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  @Override
  public Message next() {
    if (!hasNext()) {
      throw new NoSuchElementException("The connection closed normally");
    }
    Message message = next;
    next = null;
    return message;
  }

  private static boolean isNormal(int status) {
    return status == CloseStatus.NORMAL || status == CloseStatus.GOING_AWAY;
  }
}
