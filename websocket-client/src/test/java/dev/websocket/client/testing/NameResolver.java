package dev.websocket.client.testing;

import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * A resolver that knows one host name and the addresses it stands for, in the order given; every
 * other name is unknown. For a {@code Bootstrap}'s {@code resolver(...)}, so a test can have a name
 * with an IPv6 and an IPv4 loopback address without touching the system's host table.
 */
public final class NameResolver extends AddressResolverGroup<InetSocketAddress> {

  private final String name;
  private final List<InetAddress> addresses;

  private NameResolver(String name, List<InetAddress> addresses) {
    this.name = name;
    this.addresses = addresses;
  }

  /** {@code name} resolves to {@code addresses}, in this order. */
  public static NameResolver of(String name, InetAddress... addresses) {
    return new NameResolver(name, List.of(addresses));
  }

  @Override
  protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
    return new InetNameResolver(executor) {
      @Override
      protected void doResolve(String host, Promise<InetAddress> promise) {
        if (host.equals(name)) {
          promise.setSuccess(addresses.get(0));
        } else {
          promise.setFailure(new UnknownHostException(host));
        }
      }

      @Override
      protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
        if (host.equals(name)) {
          promise.setSuccess(addresses);
        } else {
          promise.setFailure(new UnknownHostException(host));
        }
      }
    }.asAddressResolver();
  }
}
