/**
 * The WebSocket client: the blocking {@link dev.websocket.client.WebSocket}, the callback runner
 * {@link dev.websocket.client.WebSocketApp}, the asynchronous
 * {@link dev.websocket.client.AsyncWebSocket}, and {@link dev.websocket.client.WebSocketHandlers}
 * for Netty users' own pipelines.
 *
 * <p>Only {@code dev.websocket.client} is exported; the connection core is internal. The codec and
 * proxy modules are read transitively, since the API speaks in their frames, opcodes and proxy
 * configurations.
 *
 * <p>The native epoll transport is used when its module is in the boot layer: on the module path,
 * add {@code --add-modules io.netty.transport.epoll.linux.x86_64} (or the one for your platform);
 * without it the client runs on Java NIO.
 */
module dev.websocket.client {
  requires transitive dev.websocket.codec;
  requires transitive dev.websocket.proxy;
  requires transitive io.netty.buffer;
  requires transitive io.netty.common;
  requires transitive io.netty.handler;
  requires transitive io.netty.transport;
  requires io.netty.codec;
  requires io.netty.codec.http;
  requires io.netty.codec.http2;
  requires io.netty.resolver;
  requires io.netty.transport.classes.epoll;
  requires io.netty.transport.unix.common;

  exports dev.websocket.client;
}
