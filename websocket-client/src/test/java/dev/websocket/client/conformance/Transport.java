package dev.websocket.client.conformance;

import dev.websocket.client.ConnectOptions;
import dev.websocket.client.Http2Mode;
import dev.websocket.client.testing.TestServerConfig;

/**
 * What carries a case's WebSocket: its own TCP connection after an HTTP/1.1 upgrade (its I/O on the
 * shared event loop, or on the threads that call the WebSocket), or an HTTP/2 stream after an
 * extended CONNECT (RFC 8441; h2c with prior knowledge, one connection per case so that no case's
 * end can touch another). The fixture server plays the same bytes either way: on a stream each of
 * its writes is one DATA frame, and closing the connection ends the stream.
 */
enum Transport {
  HTTP_1_1("HTTP/1.1", "HTTP/1.1"),
  HTTP_1_1_IO_ON_CALLER("HTTP/1.1", "HTTP/1.1, I/O on the caller's thread"),
  HTTP_2("HTTP/2", "HTTP/2");

  private final String httpVersion;
  private final String title;

  Transport(String httpVersion, String title) {
    this.httpVersion = httpVersion;
    this.title = title;
  }

  /** What {@code WebSocket.httpVersion()} must say for a connection over this transport. */
  String httpVersion() {
    return httpVersion;
  }

  TestServerConfig.Builder server(TestServerConfig.Builder server) {
    return this == HTTP_2 ? server.http2() : server;
  }

  ConnectOptions.Builder client(ConnectOptions.Builder options) {
    return switch (this) {
      case HTTP_1_1 -> options;
      case HTTP_1_1_IO_ON_CALLER -> options.ioOnCallerThread(true);
      case HTTP_2 -> options.http2(Http2Mode.REQUIRE);
    };
  }

  @Override
  public String toString() {
    return title;
  }
}
