package dev.websocket.client.testing;

/** What the test server does when the client starts the closing handshake. */
public enum ClientCloseReply {
  /** Answer with a close frame carrying the same payload, then close TCP: a well-behaved server. */
  ECHO_AND_DISCONNECT,
  /** Answer with a close frame but keep TCP open, so the client must close it. */
  ECHO_KEEP_OPEN,
  /** Close TCP without answering. */
  DISCONNECT,
  /** Do nothing at all, so the client's close timeout must fire. */
  IGNORE
}
