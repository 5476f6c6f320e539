"""An echo server on Python's `websockets` (Debian: python3-websockets) for the interop tests.

Listens on 127.0.0.1 on the port given as the first argument (0: any free port) and prints
"LISTENING <port>" once it accepts connections. permessage-deflate is on, as websockets' default.

It echoes every message with its type, except text commands starting with "cmd:" (the same set
as ../node/echo-server.js):
  cmd:close CODE [REASON]   close the connection with CODE and REASON
  cmd:ping PAYLOAD          ping the client; when its pong arrives, send the text "pong PAYLOAD"
  cmd:extensions            send the negotiated extensions' names, comma-separated ("" for none)
  cmd:fragments N SIZE      send one text message in N fragments of SIZE characters each,
                            fragment i made of the letter 'a' + i % 26
  cmd:closed ID             wait (10 s at most) until the connection opened on path /c/ID has
                            closed, then send "closed CODE REASON" as the server saw its close
                            frame ("closed none" on time-out)
and, for this server only:
  cmd:cookie                send the Cookie lines of the opening request, joined by "|"

The opening request of /cookie/login is answered with a 302 to /cookie/feed that sets the cookie
"session=py123" for the path /.
"""

import asyncio
import http
import sys

import websockets

closed_connections = {}  # id -> future of (code, reason)


def closed_future(connection_id):
    future = closed_connections.get(connection_id)
    if future is None:
        future = asyncio.get_running_loop().create_future()
        closed_connections[connection_id] = future
    return future


def request_path(websocket):
    # websockets < 13 (Debian 12 has 10.4) has .path; the newer implementation has .request.path.
    path = getattr(websocket, "path", None)
    return path if path is not None else websocket.request.path


def request_headers(websocket):
    headers = getattr(websocket, "request_headers", None)
    return headers if headers is not None else websocket.request.headers


def process_request(*args):
    # websockets < 13: (path, request_headers); the newer implementation: (connection, request).
    if isinstance(args[0], str):
        if args[0] == "/cookie/login":
            return (http.HTTPStatus.FOUND, [("Location", "/cookie/feed"), ("Set-Cookie", "session=py123; Path=/")], b"")
        return None
    connection, request = args
    if request.path == "/cookie/login":
        response = connection.respond(http.HTTPStatus.FOUND, "")
        response.headers["Location"] = "/cookie/feed"
        response.headers["Set-Cookie"] = "session=py123; Path=/"
        return response
    return None


async def command(websocket, text):
    name, _, argument = text[len("cmd:"):].partition(" ")
    if name == "close":
        code, _, reason = argument.partition(" ")
        await websocket.close(int(code), reason)
    elif name == "ping":
        pong = await websocket.ping(argument)
        await pong
        await websocket.send("pong " + argument)
    elif name == "extensions":
        await websocket.send(",".join(e.name for e in websocket.extensions))
    elif name == "fragments":
        count, size = (int(x) for x in argument.split(" "))
        await websocket.send([chr(ord("a") + i % 26) * size for i in range(count)])
    elif name == "cookie":
        await websocket.send("|".join(request_headers(websocket).get_all("Cookie")))
    elif name == "closed":
        try:
            code, reason = await asyncio.wait_for(asyncio.shield(closed_future(argument)), 10)
            await websocket.send("closed %s %s" % (code, reason))
        except asyncio.TimeoutError:
            await websocket.send("closed none")
    else:
        await websocket.send("unknown command " + text)


async def handler(websocket):
    path = request_path(websocket)
    connection_id = path[len("/c/"):] if path.startswith("/c/") else None
    try:
        async for message in websocket:
            if isinstance(message, str) and message.startswith("cmd:"):
                await command(websocket, message)
            else:
                await websocket.send(message)
    except websockets.ConnectionClosed:
        pass
    finally:
        if connection_id is not None:
            await websocket.wait_closed()
            future = closed_future(connection_id)
            if not future.done():
                future.set_result((websocket.close_code, websocket.close_reason))


async def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    # max_size: websockets' default of 1 MiB would refuse a 1 MiB message with its framing.
    async with websockets.serve(handler, "127.0.0.1", port, max_size=64 * 1024 * 1024,
                                process_request=process_request) as server:
        print("LISTENING %d" % server.sockets[0].getsockname()[1], flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main())
