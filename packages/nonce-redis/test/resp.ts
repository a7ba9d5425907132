import { connect, type Socket } from 'node:net';

/**
 * A minimal RESP2 client for the tests (one connection, pipelined commands, replies in order):
 * enough to drive `RedisNonceStore` against a real redis-server without a client dependency.
 */
export class RespConnection {
  readonly #socket: Socket;
  readonly #waiting: { resolve(v: unknown): void; reject(e: Error): void }[] = [];
  #buf = Buffer.alloc(0);

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('data', (d: Buffer) => {
      this.#buf = Buffer.concat([this.#buf, d]);
      for (;;) {
        const r = parse(this.#buf, 0);
        if (r === undefined) break;
        this.#buf = this.#buf.subarray(r.end);
        const w = this.#waiting.shift();
        if (r.value instanceof Error) w?.reject(r.value);
        else w?.resolve(r.value);
      }
    });
    socket.on('error', (e) => {
      for (const w of this.#waiting.splice(0)) w.reject(e);
    });
  }

  static open(port: number): Promise<RespConnection> {
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(new RespConnection(s)));
      s.once('error', reject);
    });
  }

  command = (args: string[]): Promise<unknown> => {
    let out = `*${args.length}\r\n`;
    for (const a of args) out += `$${Buffer.byteLength(a)}\r\n${a}\r\n`;
    return new Promise((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      this.#socket.write(out);
    });
  };

  close(): void {
    this.#socket.destroy();
  }
}

function parse(b: Buffer, at: number): { value: unknown; end: number } | undefined {
  const nl = b.indexOf('\r\n', at);
  if (nl < 0) return undefined;
  const line = b.toString('utf8', at + 1, nl);
  switch (String.fromCharCode(b[at]!)) {
    case '+':
      return { value: line, end: nl + 2 };
    case '-':
      return { value: new Error(line), end: nl + 2 };
    case ':':
      return { value: Number(line), end: nl + 2 };
    case '$': {
      const n = Number(line);
      if (n < 0) return { value: null, end: nl + 2 };
      if (b.length < nl + 2 + n + 2) return undefined;
      return { value: b.toString('utf8', nl + 2, nl + 2 + n), end: nl + 2 + n + 2 };
    }
    case '*': {
      const n = Number(line);
      if (n < 0) return { value: null, end: nl + 2 };
      const items: unknown[] = [];
      let end = nl + 2;
      for (let i = 0; i < n; i++) {
        const r = parse(b, end);
        if (r === undefined) return undefined;
        items.push(r.value);
        end = r.end;
      }
      return { value: items, end };
    }
    default:
      throw new Error('malformed RESP');
  }
}
