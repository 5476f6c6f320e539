/**
 * permessage-deflate (RFC 7692): negotiation, an I/O-free compressor and decompressor, and two thin
 * Netty adapters.
 *
 * <ul>
 *   <li>{@link dev.websocket.codec.deflate.PerMessageDeflateConfig}: what the client offers and how
 *       it compresses (immutable, with a builder and named defaults).
 *   <li>{@link dev.websocket.codec.deflate.PerMessageDeflateNegotiator}: checks the server's {@code
 *       Sec-WebSocket-Extensions} answer against the offer and yields the agreed {@link
 *       dev.websocket.codec.deflate.DeflateParameters}, or fails with close code 1010.
 *   <li>{@link dev.websocket.codec.deflate.MessageDeflater} and {@link
 *       dev.websocket.codec.deflate.MessageInflater}: the RFC 7692 section 7.2 payload
 *       transformation, on {@code ByteBuf}s, with no channel, thread or clock.
 *   <li>{@link dev.websocket.codec.deflate.PerMessageDeflateEncoder} and {@link
 *       dev.websocket.codec.deflate.PerMessageDeflateDecoder}: the pipeline adapters, placed
 *       between the frame codec and the protocol handler.
 * </ul>
 */
package dev.websocket.codec.deflate;
