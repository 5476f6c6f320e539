package dev.websocket.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.websocket.client.testing.TestCertificates;
import dev.websocket.client.testing.TestWebSocketServer;
import dev.websocket.client.testing.UpgradeResponse;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The transport escape hatches: the user's Bootstrap, a ready-made SslContext, a handed-in socket
 * that is redirected.
 */
class TransportOptionsTest {

  private static final TestCertificates CERTS = TestCertificates.get();
  private TestWebSocketServer server;
  private TestWebSocketServer other;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (other != null) {
      other.close();
    }
  }

  @Test
  void theUsersBootstrapGivesTheGroupChannelTypeAndOptions() throws Exception {
    server = TestWebSocketServer.echo();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      Bootstrap bootstrap =
          new Bootstrap()
              .group(group)
              .channel(NioSocketChannel.class)
              .option(ChannelOption.SO_KEEPALIVE, true);
      try (WebSocket ws =
          WebSocket.connect(
              server.uri("/"), ConnectOptions.builder().bootstrap(bootstrap).build())) {
        ws.send("via my bootstrap");
        assertEquals("via my bootstrap", ws.recv().text());
        assertSame(group, ws.connection().channel().eventLoop().parent());
        assertTrue(ws.connection().channel() instanceof NioSocketChannel);
        assertEquals(
            true, ws.connection().channel().config().getOption(ChannelOption.SO_KEEPALIVE));
      }
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @Test
  void aReadyMadeSslContextDecidesTrustAndTheHostNameCheck() throws Exception {
    server = TestWebSocketServer.builder().tls(CERTS.serverContext(CERTS.wrongHost())).start();
    SslContextBuilder trustingTheCa =
        SslContextBuilder.forClient().trustManager(CERTS.ca().certificatePem().toFile());
    TlsOptions checked = TlsOptions.builder().sslContext(trustingTheCa.build()).build();
    WebSocketTlsException e =
        assertThrows(
            WebSocketTlsException.class,
            () ->
                WebSocket.connect(server.uri("/"), ConnectOptions.builder().tls(checked).build()));
    assertTrue(e.getMessage().contains("hostname mismatch"), e.getMessage());
    TlsOptions unchecked =
        TlsOptions.builder()
            .sslContext(trustingTheCa.endpointIdentificationAlgorithm(null).build())
            .build();
    try (WebSocket ws =
        WebSocket.connect(server.uri("/"), ConnectOptions.builder().tls(unchecked).build())) {
      ws.send("trusted CA, any name");
      assertEquals("trusted CA, any name", ws.recv().text());
    }
  }

  @Test
  void aRedirectFromAHandedInSocketConnectsAnew() throws Exception {
    other = TestWebSocketServer.echo();
    server =
        TestWebSocketServer.builder()
            .respond(UpgradeResponse.redirect(302, other.uri("/moved")))
            .start();
    SocketChannel socket = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()));
    try (WebSocket ws =
        WebSocket.connect(server.uri("/"), ConnectOptions.builder().socket(socket).build())) {
      ws.send("followed");
      assertEquals("followed", ws.recv().text());
      assertEquals(
          "/moved", other.awaitRequests(1, java.time.Duration.ofSeconds(10)).get(0).path());
    }
  }
}
