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

/* An RGB PNG of w x h pixels of noise (it does not compress: about 3 bytes a pixel). */
export function noisePng(w, h, seed = 1) {
	let v = seed >>> 0;
	const rows = [];
	for (let y = 0; y < h; y++) {
		const row = Buffer.alloc(1 + 3 * w);
		for (let i = 1; i < row.length; i++) {
			v = (Math.imul(v, 1664525) + 1013904223) >>> 0;
			row[i] = v >>> 24;
		}
		rows.push(row);
	}
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(w, 0);
	ihdr.writeUInt32BE(h, 4);
	ihdr.set([8, 2, 0, 0, 0], 8);
	return Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), chunk('IHDR', ihdr),
		chunk('IDAT', zlib.deflateSync(Buffer.concat(rows), { level: 1 })), chunk('IEND', Buffer.alloc(0))]);
}

/* The offset of a JPEG's first marker m (0xc0: SOF0), walking its segments. */
function marker(buf, m) {
	for (let i = 2; i + 4 <= buf.length && buf[i] === 0xff; i += 2 + buf.readUInt16BE(i + 2))
		if (buf[i + 1] === m)
			return i;
	throw new Error(`no marker ${m.toString(16)}`);
}

/*
 * The bomb of issue 12, from a small baseline JPEG (libgd's: SOI, APP0, DQT,
 * SOF0, DHT, SOS): 0xFF fill bytes and a parameterless marker send a byte
 * scanner 513 bytes ahead, onto a fake 16 x 16 frame header inside a comment,
 * while the frame header the decoder reads says 16000 x 16000.
 */
export function fillBytesBomb(jpeg) {
	const sof = marker(jpeg, 0xc0), dqt = marker(jpeg, 0xdb);
	const sofEnd = sof + 2 + jpeg.readUInt16BE(sof + 2);
	const frame = Buffer.from(jpeg.subarray(sof, sofEnd));
	frame.writeUInt16BE(16000, 5);
	frame.writeUInt16BE(16000, 7);
	const head = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xff, 0x01]), frame]);
	const com = Buffer.alloc(4 + 520, 'x'.charCodeAt(0));
	com.set([0xff, 0xfe, 522 >> 8, 522 & 0xff]);
	const fake = [0xff, 0xc0, 0, 17, 8, 0, 16, 0, 16, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
	com.set(fake, 515 - head.length);
	return Buffer.concat([head, com, jpeg.subarray(dqt, sof), jpeg.subarray(sofEnd)]);
}

/* jpeg with an EXIF block (orientation o, a GPS pointer, a GPS! mark) and bytes after its end. */
export function withExifAndTrailer(jpeg, o, trailer) {
	const exif = Buffer.from([0xff, 0xe1, 0, 50, ...Buffer.from('Exif\0\0II*\0', 'latin1'), 8, 0, 0, 0, 2, 0,
		0x12, 0x01, 3, 0, 1, 0, 0, 0, o, 0, 0, 0, 0x25, 0x88, 4, 0, 1, 0, 0, 0, 38, 0, 0, 0,
		0, 0, 0, 0, ...Buffer.from('GPS!', 'latin1')]);
	return Buffer.concat([jpeg.subarray(0, 2), exif, jpeg.subarray(2), Buffer.from(trailer, 'latin1')]);
}

/* { width, height } of a PNG's header. */
export function pngSize(buf) {
	if (buf.subarray(0, 8).toString('latin1') !== '\x89PNG\r\n\x1a\n')
		throw new Error('not a PNG');
	return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}
