package dev.websocket.benchmarks.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/**
 * OkHttp, as its WebSocket recipe does: one shared {@link OkHttpClient}, {@code newWebSocket} with
 * a {@link WebSocketListener}, {@code send(ByteString)} (the ByteString is immutable, so one is
 * made per distinct payload and reused), {@code close(1000)} then {@code onClosed}.
 *
 * <p>Two documented settings so it is not handicapped: the dispatcher's per-host limit (5 by
 * default) is lifted, since each open WebSocket holds a slot and the idle test opens thousands; and
 * sockets get TCP_NODELAY through a socket factory, as the other clients have it by default.
 */
final class OkHttpPeer implements Peer {

  private final OkHttpClient client;

  OkHttpPeer() {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(Integer.MAX_VALUE);
    dispatcher.setMaxRequestsPerHost(Integer.MAX_VALUE);
    client =
        new OkHttpClient.Builder()
            .dispatcher(dispatcher)
            .socketFactory(new NoDelaySocketFactory())
            .readTimeout(0, TimeUnit.MILLISECONDS)
            .build();
  }

  @Override
  public String name() {
    return "okhttp";
  }

  @Override
  public Link connect(String host, int port, Receiver receiver) throws Exception {
    OkLink link = new OkLink();
    Request request = new Request.Builder().url("http://" + host + ":" + port + "/").build();
    client.newWebSocket(
        request,
        new WebSocketListener() {
          @Override
          public void onOpen(WebSocket ws, Response response) {
            link.ws = ws;
            link.open.complete(null);
          }

          @Override
          public void onMessage(WebSocket ws, ByteString bytes) {
            receiver.onMessage(link, bytes.size());
          }

          @Override
          public void onClosing(WebSocket ws, int code, String reason) {
            ws.close(code, null);
          }

          @Override
          public void onClosed(WebSocket ws, int code, String reason) {
            link.closed.complete(null);
          }

          @Override
          public void onFailure(WebSocket ws, Throwable t, Response response) {
            link.open.completeExceptionally(t);
            link.closed.completeExceptionally(t);
          }
        });
    link.open.get(30, TimeUnit.SECONDS);
    return link;
  }

  private static final class OkLink implements Link {
    final CompletableFuture<Void> open = new CompletableFuture<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    volatile WebSocket ws;
    private byte[] lastArray;
    private ByteString lastBytes;

    @Override
    public void send(byte[] message) {
      ByteString bytes;
      synchronized (this) {
        if (message != lastArray) {
          lastArray = message;
          lastBytes = ByteString.of(message);
        }
        bytes = lastBytes;
      }
      ws.send(bytes);
    }

    @Override
    public void close() throws Exception {
      ws.close(1000, null);
      closed.get(30, TimeUnit.SECONDS);
    }
  }

  /** Plain sockets with TCP_NODELAY on. */
  private static final class NoDelaySocketFactory extends SocketFactory {
    private final SocketFactory delegate = SocketFactory.getDefault();

    private static Socket noDelay(Socket s) throws IOException {
      s.setTcpNoDelay(true);
      return s;
    }

    @Override
    public Socket createSocket() throws IOException {
      return noDelay(delegate.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return noDelay(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
        throws IOException {
      return noDelay(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return noDelay(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(
        InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
      return noDelay(delegate.createSocket(address, port, localAddress, localPort));
    }
  }

  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
