package dev.websocket.client.conformance;

/**
 * The same conformance cases over HTTP/1.1 with {@code ioOnCallerThread}: the echo client's thread
 * reads and writes the socket itself, so every arrival shape meets the caller-driven loop.
 */
class AutobahnClientConformanceCallerIoTest extends ConformanceSuite {

  @Override
  Transport transport() {
    return Transport.HTTP_1_1_IO_ON_CALLER;
  }
}
