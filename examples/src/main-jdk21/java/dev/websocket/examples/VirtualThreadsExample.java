package dev.websocket.examples;

import dev.websocket.client.WebSocket;
import dev.websocket.wsdump.EchoServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One virtual thread per connection (Java 21 and later): each thread has its own blocking {@link
 * WebSocket} and simply waits in {@code recv}. The facade waits without holding a monitor, so a
 * waiting virtual thread gives its carrier back: thousands of connections need no more platform
 * threads than the machine has cores.
 *
 * <p>Arguments: {@code [url [connections [messages]]]}, by default 100 connections of 10 messages
 * each. Without a URL it starts the embedded echo server and talks to it.
 */
public final class VirtualThreadsExample {

  private VirtualThreadsExample() {}

  public static void main(String[] args) throws Exception {
    int connections = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int messages = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    try (EchoServer local = args.length > 0 ? null : EchoServer.start()) {
      String url = args.length > 0 ? args[0] : local.url();
      AtomicInteger echoes = new AtomicInteger();

      try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
        List<Future<?>> conversations = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
          String name = "connection " + c;
          conversations.add(threads.submit(() -> {
            try (WebSocket ws = WebSocket.connect(url)) {
              for (int m = 0; m < messages; m++) {
                String text = name + ", message " + m;
                ws.send(text);
                if (!ws.recv().text().equals(text)) {
                  throw new IllegalStateException("wrong echo on " + name);
                }
                echoes.incrementAndGet();
              }
            }
            return null;
          }));
        }
        for (Future<?> conversation : conversations) {
          conversation.get(); // rethrows what went wrong in that thread
        }
      }
      System.out.println(connections + " connections, one virtual thread each: " + echoes.get() + " messages echoed");
    }
  }
}
