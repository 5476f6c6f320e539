package dev.websocket.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.websocket.wsdump.EchoServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Runs {@link VirtualThreadsExample} (JDK 21 and later) against an echo server started here. */
class VirtualThreadsExampleTest {

  @Test
  void oneVirtualThreadPerConnection() throws Exception {
    try (EchoServer server = EchoServer.start(); CapturedOutput output = CapturedOutput.start()) {
      assertTimeoutPreemptively(Duration.ofSeconds(60),
          () -> VirtualThreadsExample.main(new String[] {server.url(), "200", "5"}), output::text);

      assertEquals("200 connections, one virtual thread each: 1000 messages echoed\n", output.text());
    }
  }
}
