package dev.websocket.benchmarks.pipeline;

import dev.websocket.client.ConnectOptions;
import dev.websocket.client.WebSocketHandlers;
import dev.websocket.codec.Frame;
import dev.websocket.codec.Opcode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The client pipeline's share of a 64 B echo round trip, with no socket: one server frame in, the
 * user's answer out. {@code this} is this project's handlers as {@code WebSocketHandlers.install}
 * leaves them after the 101 (frame decoder, encoder with masking, protocol handler); {@code netty}
 * is Netty's websocketx client as its example composes it (HTTP codec and aggregator, then {@code
 * WebSocketClientProtocolHandler}, which swaps in its frame decoder and encoder and a UTF-8
 * validator). Both end in the same user handler, the one of the e2e harness's Netty-level peers: it
 * writes a binary frame over the 64 bytes in {@code channelRead} and flushes in {@code
 * channelReadComplete}.
 *
 * <p>Each call writes one frame (in a buffer from the channel's allocator, as a socket read would
 * leave it) into an {@link EmbeddedChannel} and takes the masked answer from its outbound queue.
 * The embedded channel's own costs are in both figures alike; the difference is the pipelines'.
 * With {@code -prof gc} the allocation per round trip shows too.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PipelineTurnaroundBenchmark {

  private static final byte[] MESSAGE = new byte[64];

  /** A server's unmasked final BINARY frame of 64 bytes: header, then the payload. */
  private static final byte[] SERVER_FRAME = new byte[2 + MESSAGE.length];

  static {
    SERVER_FRAME[0] = (byte) 0x82;
    SERVER_FRAME[1] = (byte) MESSAGE.length;
  }

  @Param({"this", "netty"})
  public String pipeline;

  private EmbeddedChannel channel;

  @Setup
  public void setUp() throws Exception {
    boolean ours = pipeline.equals("this");
    channel = new EmbeddedChannel();
    Echo echo = new Echo(ours);
    if (ours) {
      WebSocketHandlers.install(
          channel, "ws://127.0.0.1:1/", ConnectOptions.builder().compression(false).build());
      channel.pipeline().addLast(echo);
    } else {
      WebSocketClientProtocolConfig config =
          WebSocketClientProtocolConfig.newBuilder()
              .webSocketUri(new URI("ws://127.0.0.1:1/"))
              .version(WebSocketVersion.V13)
              .allowExtensions(false)
              .customHeaders(new DefaultHttpHeaders())
              .build();
      channel
          .pipeline()
          .addLast(
              new HttpClientCodec(),
              new HttpObjectAggregator(8192),
              new WebSocketClientProtocolHandler(config),
              echo);
      // The channel was active before these handlers came: start Netty's handshake by hand.
      channel.pipeline().fireChannelActive();
    }
    channel.runPendingTasks();
    channel.writeInbound(switchingProtocols(requestKey()));
    channel.runPendingTasks();
    if (turnaround() != MESSAGE.length + 6) {
      throw new IllegalStateException(pipeline + ": no masked echo after the upgrade");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    channel.finishAndReleaseAll();
  }

  /** One frame in, the answer out: returns the answer's length on the wire. */
  @Benchmark
  public int turnaround() {
    ByteBuf read = channel.alloc().directBuffer(2048).writeBytes(SERVER_FRAME);
    channel.writeInbound(read);
    ByteBuf answer = channel.readOutbound();
    try {
      return answer.readableBytes();
    } finally {
      answer.release();
    }
  }

  /** The Sec-WebSocket-Key of the upgrade request the pipeline wrote. */
  private String requestKey() {
    StringBuilder request = new StringBuilder();
    for (Object out; (out = channel.readOutbound()) != null; ) {
      request.append(((ByteBuf) out).toString(StandardCharsets.US_ASCII));
      ReferenceCountUtil.release(out);
    }
    Matcher key = Pattern.compile("(?i)sec-websocket-key: *([^\r\n]+)").matcher(request);
    if (!key.find()) {
      throw new IllegalStateException(pipeline + ": no upgrade request written");
    }
    return key.group(1).trim();
  }

  private static ByteBuf switchingProtocols(String key) throws Exception {
    byte[] digest =
        MessageDigest.getInstance("SHA-1")
            .digest(
                (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
    String response =
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: "
            + Base64.getEncoder().encodeToString(digest)
            + "\r\n\r\n";
    return Unpooled.copiedBuffer(response, StandardCharsets.US_ASCII);
  }

  /** The e2e harness's Netty-level user handler: answers in channelRead, flushes at its end. */
  private static final class Echo extends ChannelInboundHandlerAdapter {
    private final boolean ours;
    private boolean needsFlush;

    Echo(boolean ours) {
      this.ours = ours;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        boolean data =
            ours
                ? msg instanceof Frame frame && frame.opcode() == Opcode.BINARY
                : msg instanceof BinaryWebSocketFrame;
        if (data) {
          Object answer =
              ours
                  ? Frame.binary(MESSAGE)
                  : new BinaryWebSocketFrame(Unpooled.wrappedBuffer(MESSAGE));
          ctx.channel().write(answer, ctx.voidPromise());
          needsFlush = true;
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      if (needsFlush) {
        needsFlush = false;
        ctx.flush();
      }
      ctx.fireChannelReadComplete();
    }
  }
}
