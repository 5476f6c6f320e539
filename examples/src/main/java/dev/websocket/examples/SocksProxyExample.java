package dev.websocket.examples;

import dev.websocket.client.ConnectOptions;
import dev.websocket.client.WebSocket;
import dev.websocket.proxy.ProxyConfig;
import dev.websocket.wsdump.EchoServer;
import java.time.Duration;

/**
 * Through a SOCKS5 proxy: {@code socks5h} lets the proxy resolve the server's name, {@code socks5}
 * resolves it here; {@code user:password@} in the proxy URL authenticates (RFC 1929). The same
 * {@link ConnectOptions#proxy} option takes HTTP CONNECT and SOCKS4 proxies too, and without it the
 * client follows {@code http_proxy}, {@code https_proxy} and {@code no_proxy}.
 *
 * <p>Arguments: {@code proxy-url [url]}, e.g. {@code socks5h://127.0.0.1:1080}. Without a URL it
 * starts the embedded echo server and talks to it through the proxy.
 */
public final class SocksProxyExample {

  private SocksProxyExample() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.out.println(
          "usage: SocksProxyExample proxy-url [url]   (e.g. socks5h://127.0.0.1:1080)");
      return;
    }
    ProxyConfig proxy = ProxyConfig.parse(args[0]);
    try (EchoServer local = args.length > 1 ? null : EchoServer.start()) {
      String url = args.length > 1 ? args[1] : local.url();
      ConnectOptions options =
          ConnectOptions.builder().proxy(proxy).timeout(Duration.ofSeconds(10)).build();

      try (WebSocket ws = WebSocket.connect(url, options)) {
        System.out.println("connected to " + url + " through " + proxy);
        ws.send("Hello through the proxy");
        System.out.println("received: " + ws.recv().text());
      }
      System.out.println("closed");
    }
  }
}
