package dev.websocket.client.testing;

import java.util.concurrent.atomic.AtomicInteger;

/** What one server has seen, shared by its connections' handlers and read by the test thread. */
final class ServerEvents {
  final AwaitableLog<ServerConnection> connections = new AwaitableLog<>("connections");
  final AwaitableLog<RecordedRequest> requests = new AwaitableLog<>("handshake requests");
  final AwaitableLog<RecordedFrame> frames = new AwaitableLog<>("frames");
  final AwaitableLog<Throwable> errors = new AwaitableLog<>("server-side errors");
  final AtomicInteger messagesReceived = new AtomicInteger();
  final AtomicInteger pingsReceived = new AtomicInteger();
  final AtomicInteger pongsSent = new AtomicInteger();
  final AtomicInteger pongsReceived = new AtomicInteger();
}
