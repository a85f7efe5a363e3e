import { workerData } from 'node:worker_threads';
import { Socket } from 'node:net';

/*
 * The thread behind RedisConnection: a minimal RESP client on one socket. The caller writes a
 * request (a JSON list of commands) into shared memory and sleeps on the control word; this
 * thread runs the commands in order and writes the JSON list of replies back.
 * Control: [0] = state (0 idle, 1 request ready, 2 reply ready), [1] = byte length.
 */
const { control, data, host, port, db } = workerData as { control: Int32Array; data: Uint8Array; host: string; port: number; db: number };

type Reply = string | number | null | Reply[] | { error: string };

const socket = new Socket();
let buffer = Buffer.alloc(0);
let waiting: ((r: Reply) => void)[] = [];

function encode(args: (string | number)[]): Buffer {
  const parts = [`*${args.length}\r\n`];
  for (const a of args) {
    const s = String(a);
    parts.push(`$${Buffer.byteLength(s)}\r\n${s}\r\n`);
  }
  return Buffer.from(parts.join(''));
}

/** Parse one reply at offset; returns [reply, next offset] or null when more bytes are needed. */
function parse(buf: Buffer, at: number): [Reply, number] | null {
  const eol = buf.indexOf('\r\n', at);
  if (eol < 0) return null;
  const kind = String.fromCharCode(buf[at]);
  const line = buf.toString('utf8', at + 1, eol);
  if (kind === '+') return [line, eol + 2];
  if (kind === '-') return [{ error: line }, eol + 2];
  if (kind === ':') return [Number(line), eol + 2];
  if (kind === '$') {
    const n = Number(line);
    if (n < 0) return [null, eol + 2];
    if (buf.length < eol + 2 + n + 2) return null;
    return [buf.toString('utf8', eol + 2, eol + 2 + n), eol + 2 + n + 2];
  }
  if (kind === '*') {
    const n = Number(line);
    if (n < 0) return [null, eol + 2];
    const out: Reply[] = [];
    let p = eol + 2;
    for (let i = 0; i < n; i++) {
      const r = parse(buf, p);
      if (!r) return null;
      out.push(r[0]);
      p = r[1];
    }
    return [out, p];
  }
  throw new Error(`unexpected RESP reply type '${kind}'`);
}

socket.on('data', (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const r = parse(buffer, 0);
    if (!r) break;
    buffer = buffer.subarray(r[1]);
    waiting.shift()!(r[0]);
  }
});

function send(args: (string | number)[]): Promise<Reply> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    socket.write(encode(args));
  });
}

function reply(value: unknown): void {
  const bytes = Buffer.from(JSON.stringify(value));
  if (bytes.length > data.length) {
    const msg = Buffer.from(JSON.stringify({ error: `reply of ${bytes.length} bytes exceeds the shared buffer` }));
    data.set(msg);
    Atomics.store(control, 1, msg.length);
  } else {
    data.set(bytes);
    Atomics.store(control, 1, bytes.length);
  }
  Atomics.store(control, 0, 2);
  Atomics.notify(control, 0);
}

async function serve(): Promise<void> {
  for (;;) {
    // wait for a request (async wait keeps this thread's socket events flowing)
    const w = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number): { async: boolean; value: Promise<string> } }).waitAsync(control, 0, 0);
    if (w.async) await w.value;
    if (Atomics.load(control, 0) !== 1) continue;
    const cmds = JSON.parse(Buffer.from(data.subarray(0, Atomics.load(control, 1))).toString('utf8')) as (string | number)[][];
    const out: Reply[] = [];
    for (const c of cmds) out.push(await send(c));
    reply(out);
  }
}

socket.on('error', (e) => {
  for (const w of waiting) w({ error: e.message });
  waiting = [];
  reply([{ error: `redis ${host}:${port}: ${e.message}` }]);
});
socket.connect(port, host, async () => {
  if (db) await send(['SELECT', db]);
  reply(['connected']);
  void serve();
});
