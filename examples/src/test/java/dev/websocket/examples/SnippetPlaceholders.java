package dev.websocket.examples;

import dev.websocket.client.ConnectOptions;
import dev.websocket.proxy.ProxyConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;

/**
 * The names documentation snippets use without declaring them, declared once: each snippet is
 * compiled as the body of a method of a subclass (see {@link DocumentationSnippetsTest}). Never
 * run.
 */
public abstract class SnippetPlaceholders {
  /** A WebSocket URL. */
  protected String url;

  /** Connect options. */
  protected ConnectOptions options;

  /** A bearer token. */
  protected String token;

  /** A Netty user's event loop group. */
  protected EventLoopGroup group;

  /** A Netty user's bootstrap. */
  protected Bootstrap bootstrap;

  /** A proxy. */
  protected ProxyConfig proxy;

  /** A destination host. */
  protected String host;

  /** A destination port. */
  protected int port;

  /** A Netty user's HTTP/2 connection (Http2FrameCodec and Http2MultiplexHandler). */
  protected io.netty.channel.Channel http2Connection;

  /** A Netty user's TLS context. */
  protected SslContext sslContext;

  /** A Netty user's application handler. */
  protected ChannelHandler application = new ChannelHandlerAdapter() {};

  /** What an application does with a received text. */
  protected void handle(String text) {}
}
