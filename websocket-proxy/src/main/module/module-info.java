/**
 * Proxies for outgoing TCP connections (HTTP CONNECT, SOCKS4, SOCKS4a, SOCKS5, SOCKS5h): their
 * configuration, their resolution from the environment, and Netty's proxy handlers set up from it.
 * Knows nothing of WebSocket.
 */
module dev.websocket.proxy {
  requires transitive io.netty.common;
  requires transitive io.netty.handler.proxy;
  requires transitive io.netty.transport;
  requires io.netty.buffer;
  requires io.netty.codec;
  requires io.netty.codec.http;
  requires io.netty.codec.socks;

  exports dev.websocket.proxy;
}
