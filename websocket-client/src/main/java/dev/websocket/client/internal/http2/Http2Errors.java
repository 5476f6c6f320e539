package dev.websocket.client.internal.http2;

import io.netty.handler.codec.http2.Http2Error;

/** HTTP/2 error codes in words, for messages. */
final class Http2Errors {

  private Http2Errors() {}

  /** The RFC 9113 name of an error code (CANCEL, REFUSED_STREAM...), or its number when unknown. */
  static String name(long code) {
    Http2Error error = Http2Error.valueOf(code);
    return error != null ? error.name() : "0x" + Long.toHexString(code);
  }
}
