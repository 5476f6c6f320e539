/**
 * {@code wsdump}, the interactive WebSocket terminal client: the options and output of Python's
 * {@code wsdump}, line editing and history on a terminal, lines from standard input otherwise, and
 * an embedded {@link dev.websocket.wsdump.EchoServer} for use without a network.
 *
 * <p>Start at {@link dev.websocket.wsdump.WsDump#run}: it takes its streams and environment as
 * arguments, so the whole tool runs in-process in tests.
 */
package dev.websocket.wsdump;
