package dev.websocket.client.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Bootstrap}'s connect to a host name, raced over the name's addresses by {@link
 * HappyEyeballs}: the name is resolved with the given resolver (on the event loop, as the bootstrap
 * itself would), each attempt is a channel of its own from the bootstrap, all on one event loop,
 * and the winner gets the bootstrap's handler and only then its {@code channelActive}.
 *
 * <p>Until the race is won an attempt's pipeline is a gate (which holds {@code channelActive}
 * back), what {@link Setup#prepare} added (a proxy handler for that address), and a sink (which
 * takes the failure a proxy handler reports when a losing attempt is closed). So a losing attempt
 * sends nothing, and leaves no channel, handler or descriptor behind once closed.
 */
public final class RacingConnect {

  /** How one attempt's channel is set up before it connects. */
  public interface Setup {
    /**
     * Adds what must see the connect (a proxy handler for {@code address}) to the attempt's
     * pipeline, and says where to connect: {@code address} itself, or the destination behind a
     * proxy handler that connects to {@code address} instead.
     */
    SocketAddress prepare(ChannelPipeline pipeline, InetSocketAddress address);
  }

  /** A direct connect: nothing to add, connect to the address itself. */
  public static final Setup DIRECT = (pipeline, address) -> address;

  private static final String GATE = PipelineNames.RACE_GATE;
  private static final String SINK = PipelineNames.RACE_SINK;

  private RacingConnect() {}

  /**
   * Connects to {@code host:port}.
   *
   * @param bootstrap the group, channel type, options and handler to use; its handler is added to
   *     the winner only, and its resolver is not used
   * @param resolver resolves {@code host} to all its addresses
   * @param delay the connection attempt delay (RFC 8305 section 5)
   * @return completes on the channel's event loop with the winner, whose pipeline has the
   *     bootstrap's handler and has seen {@code channelActive}; fails with the first failure, the
   *     others suppressed in it (or with the resolver's). Cancelling it closes every attempt.
   */
  public static Future<Channel> connect(
      Bootstrap bootstrap,
      AddressResolverGroup<?> resolver,
      String host,
      int port,
      Duration delay,
      Tracer tracer,
      Setup setup) {
    EventLoop loop = bootstrap.config().group().next();
    Promise<Channel> winner = loop.newPromise();
    if (loop.inEventLoop()) {
      resolve(bootstrap, loop, resolver, host, port, delay, tracer, setup, winner);
    } else {
      loop.execute(
          () -> resolve(bootstrap, loop, resolver, host, port, delay, tracer, setup, winner));
    }
    return winner;
  }

  @SuppressWarnings("unchecked")
  private static void resolve(
      Bootstrap bootstrap,
      EventLoop loop,
      AddressResolverGroup<?> resolver,
      String host,
      int port,
      Duration delay,
      Tracer tracer,
      Setup setup,
      Promise<Channel> winner) {
    if (winner.isDone()) {
      return;
    }
    Future<List<SocketAddress>> resolved;
    try {
      AddressResolver<SocketAddress> r =
          (AddressResolver<SocketAddress>) resolver.getResolver(loop);
      resolved = r.resolveAll(InetSocketAddress.createUnresolved(host, port));
    } catch (RuntimeException e) {
      winner.tryFailure(e);
      return;
    }
    resolved.addListener(
        f -> {
          if (!f.isSuccess()) {
            winner.tryFailure(f.cause());
          } else if (resolved.getNow().isEmpty()) {
            winner.tryFailure(
                new UnknownHostException(host + ": the resolver returned no address"));
          } else {
            try {
              race(bootstrap, loop, resolved.getNow(), port, delay, tracer, setup, winner);
            } catch (RuntimeException e) {
              winner.tryFailure(e);
            }
          }
        });
  }

  private static void race(
      Bootstrap bootstrap,
      EventLoop loop,
      List<SocketAddress> resolved,
      int port,
      Duration delay,
      Tracer tracer,
      Setup setup,
      Promise<Channel> winner) {
    if (winner.isDone()) {
      return;
    }
    List<InetAddress> addresses = new ArrayList<>(resolved.size());
    for (SocketAddress a : resolved) {
      addresses.add(((InetSocketAddress) a).getAddress());
    }
    Bootstrap attempts = bootstrap.clone(loop);
    HappyEyeballs<Channel> race =
        new HappyEyeballs<>(
            HappyEyeballs.order(addresses, port),
            delay,
            address -> attempt(attempts, setup, address),
            (task, after) -> {
              Future<?> scheduled = loop.schedule(task, after.toNanos(), TimeUnit.NANOSECONDS);
              return () -> scheduled.cancel(false);
            },
            tracer);
    winner.addListener(
        f -> {
          if (f.isCancelled()) {
            race.cancel();
          }
        });
    race.result()
        .whenComplete(
            (channel, failure) -> {
              if (failure != null) {
                winner.tryFailure(failure);
              } else {
                try {
                  open(channel, bootstrap.config().handler(), winner);
                } catch (RuntimeException e) {
                  // A handler that cannot be added (one not @Sharable, used twice) fails the
                  // connect.
                  channel.close();
                  winner.tryFailure(e);
                }
              }
            });
    race.start();
  }

  private static HappyEyeballs.Attempt<Channel> attempt(
      Bootstrap attempts, Setup setup, InetSocketAddress address) {
    SocketAddress[] remote = new SocketAddress[1];
    ChannelFuture registered =
        attempts
            .clone()
            .handler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(GATE, new Gate());
                    remote[0] = setup.prepare(ch.pipeline(), address);
                    ch.pipeline().addLast(SINK, new Sink());
                  }
                })
            .register();
    Channel channel = registered.channel();
    ChannelPromise connected = channel.newPromise();
    registered.addListener(
        f -> {
          if (!f.isSuccess()) {
            connected.tryFailure(f.cause());
          } else if (remote[0] == null) {
            connected.tryFailure(
                new IllegalStateException("the attempt's channel was not initialised"));
          } else {
            channel.connect(remote[0], attempts.config().localAddress(), connected);
          }
        });
    return new HappyEyeballs.Attempt<>() {
      @Override
      public void whenDone(
          java.util.function.BiConsumer<? super Channel, ? super Throwable> callback) {
        connected.addListener(f -> callback.accept(f.isSuccess() ? channel : null, f.cause()));
      }

      @Override
      public void cancel() {
        channel.close();
      }
    };
  }

  /**
   * Gives the winner its handlers, then lets {@code channelActive} through to them, then hands the
   * channel over (or closes it, if the connect was cancelled meanwhile).
   */
  private static void open(Channel channel, ChannelHandler handler, Promise<Channel> winner) {
    ChannelPipeline pipeline = channel.pipeline();
    pipeline.remove(SINK);
    if (handler != null) {
      pipeline.addLast(handler);
    }
    ((Gate) pipeline.get(GATE))
        .open(
            () -> {
              if (!channel.isActive()) {
                // Closed meanwhile (by a handler that failed to initialise, say): as a failed
                // connect.
                winner.tryFailure(new ClosedChannelException());
              } else if (!winner.trySuccess(channel)) {
                channel.close();
              }
            });
  }

  /**
   * Holds {@code channelActive} until the race is won. The connect's promise completes before the
   * channel fires {@code channelActive}, so the winner may be opened before or after that event.
   */
  private static final class Gate extends ChannelInboundHandlerAdapter {
    private ChannelHandlerContext ctx;
    private Runnable opened;
    private boolean held;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      held = true;
      if (opened != null) {
        pass();
      }
    }

    /** Lets {@code channelActive} through, now or when it comes, then runs {@code then}. */
    void open(Runnable then) {
      opened = then;
      if (held) {
        pass();
      }
    }

    private void pass() {
      ctx.pipeline().remove(this);
      if (ctx.channel().isActive()) {
        ctx.fireChannelActive();
      }
      opened.run();
    }
  }

  /**
   * Ends a losing attempt's pipeline: what a closed attempt reports is not an error anyone must
   * see.
   */
  private static final class Sink extends ChannelInboundHandlerAdapter {
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // dropped: the attempt is being closed, and the race has its own outcome
    }
  }
}
