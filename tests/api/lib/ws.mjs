// A small WebSocket client over node:net for the tests: it speaks RFC 6455
// itself, so tests can also send what a browser never would (binary,
// fragmented, oversized or malformed frames).

import crypto from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';

export const API_WS = '/api/v1/ws';

export function frame(opcode, payload, { fin = true, mask = true, rsv = 0 } = {}) {
	const data = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
	const len = data.length;
	const head = [((fin ? 0x80 : 0) | (rsv << 4) | opcode)];
	if (len < 126)
		head.push((mask ? 0x80 : 0) | len);
	else if (len < 65536)
		head.push((mask ? 0x80 : 0) | 126, len >> 8, len & 0xff);
	else {
		head.push((mask ? 0x80 : 0) | 127, 0, 0, 0, 0);
		head.push((len >>> 24) & 0xff, (len >>> 16) & 0xff, (len >>> 8) & 0xff, len & 0xff);
	}
	if (!mask)
		return Buffer.concat([Buffer.from(head), data]);
	const key = crypto.randomBytes(4);
	const body = Buffer.alloc(len);
	for (let i = 0; i < len; i++)
		body[i] = data[i] ^ key[i % 4];
	return Buffer.concat([Buffer.from(head), key, body]);
}

export class WsClient {
	constructor(sock) {
		this.sock = sock;
		this.buf = Buffer.alloc(0);
		this.messages = [];	// parsed JSON texts, in order
		this.waiters = [];
		this.closeInfo = null;
		this.closed = new Promise((resolve) => { this.resolveClosed = resolve; });
		sock.on('data', (d) => this.onData(d));
		sock.on('close', () => this.finish(this.closeInfo ?? { code: 1006, reason: '' }));
		sock.on('error', () => {});
	}

	finish(info) {
		this.closeInfo = info;
		this.resolveClosed(info);
		for (const w of this.waiters.splice(0))
			w.check();
	}

	onData(d) {
		this.buf = Buffer.concat([this.buf, d]);
		for (;;) {
			if (this.buf.length < 2)
				return;
			const opcode = this.buf[0] & 0x0f;
			let len = this.buf[1] & 0x7f;
			let off = 2;
			if (len === 126) {
				if (this.buf.length < 4)
					return;
				len = this.buf.readUInt16BE(2);
				off = 4;
			} else if (len === 127) {
				if (this.buf.length < 10)
					return;
				len = Number(this.buf.readBigUInt64BE(2));
				off = 10;
			}
			if (this.buf.length < off + len)
				return;
			const payload = this.buf.subarray(off, off + len);
			this.buf = this.buf.subarray(off + len);
			if (opcode === 1) {
				this.messages.push(JSON.parse(payload.toString('utf8')));
				for (const w of this.waiters.slice())
					w.check();
			} else if (opcode === 9)
				this.sock.write(frame(10, payload));
			else if (opcode === 8) {
				// As a browser does: answer the close frame and wait for the server to
				// hang up; a second close frame from the server is a protocol error
				// (Chromium then reports 1006), so it is recorded as 1002.
				if (this.closeInfo) {
					this.closeInfo = { code: 1002, reason: 'a second close frame' };
					continue;
				}
				const code = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
				this.closeInfo = { code, reason: payload.subarray(2).toString('utf8') };
				if (!this.closing)
					this.sock.write(frame(8, payload.subarray(0, 2)));
				setTimeout(() => this.sock.destroy(), 5000).unref();
			}
		}
	}

	send(obj) {
		this.sock.write(frame(1, typeof obj === 'string' ? obj : JSON.stringify(obj)));
	}

	sendFrame(opcode, payload, opts) {
		this.sock.write(frame(opcode, payload, opts));
	}

	// The next message (removed from the queue) for which pred holds.
	next(pred = () => true, timeout = 5000) {
		const test = typeof pred === 'string' ? (m) => m.type === pred : pred;
		return new Promise((resolve, reject) => {
			const w = {
				check: () => {
					const i = this.messages.findIndex(test);
					if (i >= 0) {
						clearTimeout(w.timer);
						this.waiters.splice(this.waiters.indexOf(w), 1);
						resolve(this.messages.splice(i, 1)[0]);
					} else if (this.closeInfo) {
						clearTimeout(w.timer);
						this.waiters.splice(this.waiters.indexOf(w), 1);
						reject(new Error(`closed ${this.closeInfo.code} ${this.closeInfo.reason} before the message; had ${JSON.stringify(this.messages)}`));
					}
				},
			};
			w.timer = setTimeout(() => {
				this.waiters.splice(this.waiters.indexOf(w), 1);
				reject(new Error(`no such message within ${timeout} ms; had ${JSON.stringify(this.messages)}`));
			}, timeout);
			this.waiters.push(w);
			w.check();
		});
	}

	// Resolves true once pred(messages) holds, or false if the connection
	// closes or timeout ms pass first; unlike next(), it removes nothing.
	until(pred, timeout = 5000) {
		return new Promise((resolve) => {
			const done = (held) => {
				clearTimeout(timer);
				const i = this.waiters.indexOf(w);
				if (i >= 0)
					this.waiters.splice(i, 1);
				resolve(held);
			};
			const w = {
				check: () => {
					if (pred(this.messages))
						done(true);
					else if (this.closeInfo)
						done(false);
				},
			};
			const timer = setTimeout(() => done(false), timeout);
			this.waiters.push(w);
			w.check();
		});
	}

	close(code = 1000) {
		const p = Buffer.alloc(2);
		p.writeUInt16BE(code);
		this.sock.write(frame(8, p));
		this.closing = true;	/* the server's close frame is then its answer */
		return this.closed;
	}

	destroy() {
		this.sock.destroy();
	}
}

// Opens a WebSocket; resolves { status, client } (client only on 101).
// port: pobratim's on 127.0.0.1, { socketPath } for a Unix socket, or { tls }:
// tls.connect's options, for a TLS proxy in front (give host then).
export function wsOpen(port, { path = API_WS, cookie, origin, host, protocol } = {}) {
	return new Promise((resolve, reject) => {
		const sock = port.tls ? tls.connect(port.tls) : port.socketPath ? net.connect(port.socketPath) :
		    net.connect(port, '127.0.0.1');
		const key = crypto.randomBytes(16).toString('base64');
		let head = Buffer.alloc(0);
		const onData = (d) => {
			head = Buffer.concat([head, d]);
			const end = head.indexOf('\r\n\r\n');
			if (end < 0)
				return;
			sock.off('data', onData);
			const status = Number(head.subarray(0, end).toString().split(' ')[1]);
			if (status !== 101) {
				sock.destroy();
				resolve({ status });
				return;
			}
			const client = new WsClient(sock);
			const rest = head.subarray(end + 4);
			if (rest.length)
				client.onData(rest);
			resolve({ status, client });
		};
		sock.on('data', onData);
		sock.on('error', reject);
		sock.on('close', () => resolve({ status: 0 }));	/* refused without an answer */
		sock.on(port.tls ? 'secureConnect' : 'connect', () => {
			const lines = [`GET ${path} HTTP/1.1`, `Host: ${host ?? `127.0.0.1:${port}`}`, 'Upgrade: websocket',
				'Connection: Upgrade', `Sec-WebSocket-Key: ${key}`, 'Sec-WebSocket-Version: 13'];
			if (cookie)
				lines.push(`Cookie: pobratim_session=${cookie}`);
			if (origin)
				lines.push(`Origin: ${origin}`);
			if (protocol)
				lines.push(`Sec-WebSocket-Protocol: ${protocol}`);
			sock.write(lines.join('\r\n') + '\r\n\r\n');
		});
	});
}

// wsOpen that must succeed, and its welcome message.
export async function wsConnect(port, opts) {
	const { status, client } = await wsOpen(port, opts);
	if (status !== 101)
		throw new Error(`WebSocket upgrade answered ${status}`);
	client.welcome = await client.next('welcome');
	return client;
}
