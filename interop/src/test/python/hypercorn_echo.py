"""An ASGI echo app served by hypercorn (Debian: python3-hypercorn) for the interop tests: WebSocket
over HTTP/1.1 and over HTTP/2 (RFC 8441), with TLS and ALPN when a certificate is given.

    hypercorn_echo.py CERT KEY    TLS on a free loopback port (ALPN h2, http/1.1), and clear text
                                  (HTTP/1.1, h2c) on another
    hypercorn_echo.py             clear text only

Prints "LISTENING <port>" (with TLS: "LISTENING <tls port> <clear-text port>") once it accepts
connections. Echoes every message with its type, except
text commands (a subset of echo_server.py's, as far as ASGI reaches):
  cmd:close CODE [REASON]   close the WebSocket with CODE and REASON
  cmd:http                  send the HTTP version the WebSocket runs over ("1.1" or "2")
  cmd:closed ID             wait (10 s at most) until the WebSocket opened on path /c/ID has
                            closed, then send "closed CODE" as the server saw it ("closed none"
                            on time-out)
"""

import asyncio
import socket
import sys

from hypercorn.asyncio import serve
from hypercorn.config import Config

closed_connections = {}  # id -> future of the close code


def closed_future(connection_id):
    future = closed_connections.get(connection_id)
    if future is None:
        future = asyncio.get_running_loop().create_future()
        closed_connections[connection_id] = future
    return future


async def app(scope, receive, send):
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    if scope["type"] != "websocket":
        await send({"type": "http.response.start", "status": 404, "headers": []})
        await send({"type": "http.response.body", "body": b"WebSockets only"})
        return
    path = scope["path"]
    connection_id = path[len("/c/"):] if path.startswith("/c/") else None
    await receive()  # websocket.connect
    await send({"type": "websocket.accept"})
    while True:
        message = await receive()
        if message["type"] == "websocket.disconnect":
            if connection_id is not None:
                future = closed_future(connection_id)
                if not future.done():
                    future.set_result(message.get("code"))
            return
        text = message.get("text")
        if text is not None and text.startswith("cmd:"):
            if await command(scope, send, text[len("cmd:"):]):
                return
        elif text is not None:
            await send({"type": "websocket.send", "text": text})
        else:
            await send({"type": "websocket.send", "bytes": message.get("bytes")})


async def command(scope, send, text):
    """Runs a command; True when the WebSocket is closed by it."""
    name, _, argument = text.partition(" ")
    if name == "close":
        code, _, reason = argument.partition(" ")
        await send({"type": "websocket.close", "code": int(code), "reason": reason})
        return True
    if name == "http":
        await send({"type": "websocket.send", "text": scope["http_version"]})
    elif name == "closed":
        try:
            code = await asyncio.wait_for(asyncio.shield(closed_future(argument)), 10)
            await send({"type": "websocket.send", "text": "closed %s" % code})
        except asyncio.TimeoutError:
            await send({"type": "websocket.send", "text": "closed none"})
    else:
        await send({"type": "websocket.send", "text": "unknown command " + text})
    return False


def listener():
    """A socket bound here, on port 0, for hypercorn: the port is known before it serves."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    return sock


async def main():
    config = Config()
    config.websocket_max_message_size = 64 * 1024 * 1024
    main_socket = listener()
    config.bind = ["fd://%d" % main_socket.fileno()]
    if len(sys.argv) > 2:
        config.certfile, config.keyfile = sys.argv[1], sys.argv[2]
        clear_socket = listener()
        config.insecure_bind = ["fd://%d" % clear_socket.fileno()]
    ports = [main_socket.getsockname()[1]]
    if len(sys.argv) > 2:
        ports.append(clear_socket.getsockname()[1])
    print("LISTENING " + " ".join(str(port) for port in ports), flush=True)
    await serve(app, config)


if __name__ == "__main__":
    asyncio.run(main())
