'use strict';
// An echo server on Node's `ws` (npm package ws, pinned in package.json) for the interop tests.
//
// Listens on 127.0.0.1 on the port given as the first argument (0: any free port) and prints
// "LISTENING <port>" once it accepts connections. permessage-deflate is on.
//
// It echoes every message with its type, except text commands starting with "cmd:" (the same set
// as ../python/echo_server.py):
//   cmd:close CODE [REASON]   close the connection with CODE and REASON
//   cmd:ping PAYLOAD          ping the client; when its pong arrives, send the text "pong PAYLOAD"
//   cmd:extensions            send the negotiated extensions' names, comma-separated ("" for none)
//   cmd:fragments N SIZE      send one text message in N fragments of SIZE characters each,
//                             fragment i made of the letter 'a' + i % 26
//   cmd:closed ID             wait (10 s at most) until the connection opened on path /c/ID has
//                             closed, then send "closed CODE REASON" as the server saw its close
//                             frame ("closed none" on time-out)

const { WebSocketServer } = require('ws');

const closedConnections = new Map(); // id -> { result: [code, reason] | undefined, waiters: [] }

function closedEntry(id) {
  let entry = closedConnections.get(id);
  if (!entry) {
    entry = { result: undefined, waiters: [] };
    closedConnections.set(id, entry);
  }
  return entry;
}

function whenClosed(id, timeoutMs, callback) {
  const entry = closedEntry(id);
  if (entry.result) {
    callback(entry.result);
    return;
  }
  const timer = setTimeout(() => {
    entry.waiters = entry.waiters.filter((w) => w !== waiter);
    callback(undefined);
  }, timeoutMs);
  const waiter = (result) => {
    clearTimeout(timer);
    callback(result);
  };
  entry.waiters.push(waiter);
}

function command(ws, text) {
  const body = text.slice('cmd:'.length);
  const space = body.indexOf(' ');
  const name = space < 0 ? body : body.slice(0, space);
  const argument = space < 0 ? '' : body.slice(space + 1);
  switch (name) {
    case 'close': {
      const [code, ...reason] = argument.split(' ');
      ws.close(Number(code), reason.join(' '));
      break;
    }
    case 'ping':
      ws.once('pong', (data) => ws.send('pong ' + data.toString('utf8')));
      ws.ping(argument);
      break;
    case 'extensions':
      ws.send(ws.extensions.split(',').map((e) => e.trim()).filter((e) => e).join(','));
      break;
    case 'fragments': {
      const [count, size] = argument.split(' ').map(Number);
      for (let i = 0; i < count; i++) {
        const letter = String.fromCharCode('a'.charCodeAt(0) + (i % 26));
        ws.send(letter.repeat(size), { binary: false, fin: i === count - 1 });
      }
      break;
    }
    case 'closed':
      whenClosed(argument, 10000, (result) =>
        ws.send(result ? `closed ${result[0]} ${result[1]}` : 'closed none'));
      break;
    default:
      ws.send('unknown command ' + text);
  }
}

const port = Number(process.argv[2] || 0);
const server = new WebSocketServer({
  host: '127.0.0.1',
  port,
  perMessageDeflate: true,
  maxPayload: 64 * 1024 * 1024,
});

server.on('connection', (ws, request) => {
  const id = request.url.startsWith('/c/') ? request.url.slice('/c/'.length) : undefined;
  ws.on('message', (data, isBinary) => {
    if (!isBinary) {
      const text = data.toString('utf8');
      if (text.startsWith('cmd:')) {
        command(ws, text);
        return;
      }
      ws.send(text);
    } else {
      ws.send(data, { binary: true });
    }
  });
  ws.on('error', (error) => console.error('connection error:', error.message));
  ws.on('close', (code, reason) => {
    if (id !== undefined) {
      const entry = closedEntry(id);
      entry.result = [code, reason.toString('utf8')];
      entry.waiters.splice(0).forEach((w) => w(entry.result));
    }
  });
});

server.on('listening', () => console.log(`LISTENING ${server.address().port}`));
server.on('error', (error) => {
  console.error('server error:', error.message);
  process.exit(1);
});
