/**
 * Runnable examples of the client, one per way in. Each has a {@code main} that talks to the URL it
 * is given, or without one to wsdump's embedded echo server:
 *
 * <ul>
 *   <li>{@link dev.websocket.examples.EchoExample}: the blocking facade.
 *   <li>{@link dev.websocket.examples.TickerExample}: {@code WebSocketApp} with keepalive pings and
 *       reconnect.
 *   <li>{@link dev.websocket.examples.NettyPipelineExample}: the handlers in a Netty user's own
 *       {@code Bootstrap}.
 *   <li>{@link dev.websocket.examples.SocksProxyExample}: through a SOCKS5 proxy.
 *   <li>{@link dev.websocket.examples.AsyncBackpressureExample}: the asynchronous handle, write
 *       futures and demand.
 *   <li>{@code VirtualThreadsExample} (Java 21 and later, in {@code src/main-jdk21/java}): one
 *       virtual thread per connection, each with its own blocking {@code WebSocket}.
 * </ul>
 */
package dev.websocket.examples;
