package dev.websocket.client.conformance;

/**
 * The same conformance cases over HTTP/2 (RFC 8441): each WebSocket is a stream of an h2c
 * connection, opened by an extended CONNECT, and every byte of a case travels in the stream's DATA
 * frames, cut where the case cuts it.
 */
class AutobahnClientConformanceHttp2Test extends ConformanceSuite {

  @Override
  Transport transport() {
    return Transport.HTTP_2;
  }
}
