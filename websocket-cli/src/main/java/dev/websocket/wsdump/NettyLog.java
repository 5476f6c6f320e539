package dev.websocket.wsdump;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Netty's own log, which goes to standard error through java.util.logging when nothing else is on
 * the class path. A failed TLS handshake, for one, is logged there as a warning with a stack trace
 * on top of the error the client reports; the tool's contract is one line per error, so the log is
 * off unless {@code -v 2} asks for everything.
 */
final class NettyLog {

  /** Held here: java.util.logging keeps loggers weakly, and a collected one forgets its level. */
  private static final Logger NETTY = Logger.getLogger("io.netty");

  private NettyLog() {}

  /** Silences Netty's log, or with {@code false} gives it back its inherited level. */
  static void quiet(boolean quiet) {
    NETTY.setLevel(quiet ? Level.OFF : null);
  }
}
