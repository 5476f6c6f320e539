package dev.websocket.client.conformance;

/** The conformance cases over HTTP/1.1: the WebSocket has the TCP connection to itself. */
class AutobahnClientConformanceTest extends ConformanceSuite {

  @Override
  Transport transport() {
    return Transport.HTTP_1_1;
  }
}
