// Real pictures made byte by byte (no packages): a PNG encoder for uploads,
// and a reader of the size a JPEG states, for checking thumbnails.

import zlib from 'node:zlib';

const CRC = Array.from({ length: 256 }, (_, n) => {
	let v = n;
	for (let k = 0; k < 8; k++)
		v = v & 1 ? 0xedb88320 ^ (v >>> 1) : v >>> 1;
	return v >>> 0;
});

function crc32(buf) {
	let v = 0xffffffff;
	for (const b of buf)
		v = CRC[(v ^ b) & 0xff] ^ (v >>> 8);
	return (v ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
	const len = Buffer.alloc(4);
	len.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(body));
	return Buffer.concat([len, body, crc]);
}

/* An RGB PNG of w x h pixels (a gradient); stateW/stateH: the size its header claims. */
export function png(w, h, { stateW = w, stateH = h } = {}) {
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(stateW, 0);
	ihdr.writeUInt32BE(stateH, 4);
	ihdr.set([8, 2, 0, 0, 0], 8);
	const rows = [];
	for (let y = 0; y < h; y++) {
		const row = Buffer.alloc(1 + 3 * w);
		for (let x = 0; x < w; x++)
			row.set([x % 256, y % 256, (x + y) % 256], 1 + 3 * x);
		rows.push(row);
	}
	return Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), chunk('IHDR', ihdr),
		chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

/* { width, height } of a JPEG's first frame header; throws when buf is no JPEG. */
export function jpegSize(buf) {
	if (buf.length < 4 || buf[0] !== 0xff || buf[1] !== 0xd8 || buf[2] !== 0xff)
		throw new Error('not a JPEG');
	for (let i = 2; i + 9 <= buf.length;) {
		const m = buf[i + 1];
		if (m >= 0xc0 && m <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(m))
			return { width: buf.readUInt16BE(i + 7), height: buf.readUInt16BE(i + 5) };
		i += 2 + buf.readUInt16BE(i + 2);
	}
	throw new Error('no frame header');
}
