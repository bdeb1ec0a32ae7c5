// Uploads of issue 12: picture bombs refused by the decoder's own header pass
// (fast, without the server's memory growing), stored pictures re-encoded
// (no trailing bytes, no EXIF, at most 4096 px, upright), the hostile seeds of
// tests/fuzz/corpus/image through the API, the per-user quota, and the sweep
// of files nothing refers to (by the server's timer and by `files sweep`).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { fillBytesBomb, jpegSize, noisePng, png, pngSize, withExifAndTrailer } from './lib/images.mjs';
import { DEMO, REPO, assertJson, assertProblem, runBin, signInAll, startServer } from './lib/server.mjs';

let srv;
const c = {};
let photoEvent, thumbJpeg;

before(async () => {
	srv = await startServer();
	Object.assign(c, await signInAll(srv, { ...DEMO, harbin: 'partner.harbin@pobratim.demo' }));
	const events = assertJson(await srv.api('GET', '/events'), 200).items;
	photoEvent = events.find((e) => e.title_en.startsWith('Photo exhibition (Days of Krasnodar')).id;
	const photo = assertJson(await srv.api('GET', `/events/${photoEvent}/photos`), 200).items[0];
	thumbJpeg = await bytes(srv, photo.thumb_url);
});

after(async () => {
	await srv?.stop();
});

async function bytes(server, url) {
	const r = await fetch(`${server.url}${url}`);
	assert.equal(r.status, 200, url);
	return Buffer.from(await r.arrayBuffer());
}

const upload = (who, p, body, type, method = 'POST') => who.api(method, p, { body, headers: { 'Content-Type': type } });

/* The server's peak resident set (VmHWM), in kB. */
function peakKb(server) {
	const status = fs.readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
	return Number(/VmHWM:\s+(\d+) kB/.exec(status)[1]);
}

/* Waits until cond() holds, checking every 100 ms, at most ms. */
async function until(cond, ms, what) {
	const deadline = Date.now() + ms;
	while (!(await cond())) {
		if (Date.now() > deadline)
			assert.fail(`not within ${ms} ms: ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

test('the issue\'s bomb: fill bytes hide a 16000 x 16000 frame; refused fast, memory flat', async (t) => {
	const bomb = fillBytesBomb(thumbJpeg);
	assert.ok(bomb.length < 64 * 1024, 'a small file');
	/* the decoders are loaded and warm: a real JPEG goes through first */
	assertJson(await upload(c.correspondent, '/files', thumbJpeg, 'image/jpeg'), 201);
	const p = `/events/${photoEvent}/photos`;
	const count = assertJson(await srv.api('GET', p), 200).items.length;
	const peak0 = peakKb(srv);
	const t0 = process.hrtime.bigint();
	assertProblem(await upload(c.harbin, p, bomb, 'image/jpeg'), 413, 'too_many_pixels');
	const ms = Number(process.hrtime.bigint() - t0) / 1e6;
	const grew = peakKb(srv) - peak0;
	t.diagnostic(`bomb refused in ${ms.toFixed(1)} ms, peak RSS grew ${grew} kB`);
	assert.ok(ms < 2000, `refused in ${ms} ms`);
	assert.ok(grew < 32 * 1024, `peak RSS grew ${grew} kB`);
	assert.equal(assertJson(await srv.api('GET', p), 200).items.length, count, 'nothing added');
	/* the same bytes as a bulletin image and as an agreement's scan */
	assertProblem(await upload(c.correspondent, '/files', bomb, 'image/jpeg'), 413, 'too_many_pixels');
	const g = assertJson(await c.staff.api('POST', '/agreements', { body: { kind: 'memorandum',
		title_ru: 'Скан', title_en: 'A scan', parties: [{ type: 'country', id: 'BY' }] } }), 201);
	assertProblem(await upload(c.staff, `/agreements/${g.id}/file`, bomb, 'image/jpeg', 'PUT'), 413, 'too_many_pixels');
	assert.ok(peakKb(srv) - peak0 < 32 * 1024, 'still flat');
});

test('stored pictures are re-encoded: no bytes after the end, no EXIF, turned upright', async () => {
	const { width, height } = jpegSize(thumbJpeg);
	const sent = withExifAndTrailer(thumbJpeg, 6, 'TRAILING-BYTES<script>alert(1)</script>');
	const r = assertJson(await upload(c.correspondent, '/files', sent, 'image/jpeg'), 201);
	assert.deepEqual([r.width, r.height, r.content_type], [height, width, 'image/jpeg'], 'orientation 6: turned');
	const kept = await bytes(srv, r.url);
	assert.equal(kept.length, r.size);
	assert.deepEqual(jpegSize(kept), { width: height, height: width });
	for (const s of ['TRAILING', '<script', 'Exif', 'GPS!'])
		assert.equal(kept.includes(Buffer.from(s)), false, `${s} is gone`);
	assert.deepEqual([...kept.subarray(-2)], [0xff, 0xd9], 'ends at the end of the picture');
	const { createHash } = await import('node:crypto');
	assert.equal(r.url, `/api/v1/files/${createHash('sha256').update(kept).digest('hex')}.jpg`, 'named by what is kept');
	/* a PNG stays a PNG; bytes after IEND go too */
	const withTail = Buffer.concat([png(50, 30), Buffer.from('<html>tail</html>')]);
	const pr = assertJson(await upload(c.correspondent, '/files', withTail, 'image/png'), 201);
	const pk = await bytes(srv, pr.url);
	assert.deepEqual(pngSize(pk), { width: 50, height: 30 });
	assert.equal(pk.includes(Buffer.from('<html>')), false);
});

test('originals over 4096 px a side are stored downscaled', async () => {
	const big = png(5000, 1000);
	assert.ok(big.length < 5 * 1024 * 1024, `${big.length} bytes`);
	const r = assertJson(await upload(c.harbin, `/events/${photoEvent}/photos`, big, 'image/png'), 201);
	assert.deepEqual([r.width, r.height], [4096, 819]);
	assert.deepEqual(pngSize(await bytes(srv, r.image_url)), { width: 4096, height: 819 });
	assert.deepEqual(jpegSize(await bytes(srv, r.thumb_url)), { width: 320, height: 63 });
	assert.equal((await c.harbin.api('DELETE', `/event-photos/${r.id}`)).status, 204);
});

test('the hostile pictures of the fuzz corpus meet their answers through the API', async () => {
	const dir = path.join(REPO, 'tests/fuzz/corpus/image');
	const expect = {
		'gif-animated': ['image/gif', 415, 'unsupported_media_type'],
		'jpeg-cmyk-adobe': ['image/jpeg', 201],
		'jpeg-grayscale': ['image/jpeg', 201],
		'jpeg-exif-orientation-6-gps-trailing': ['image/jpeg', 201],
		'jpeg-fill-bytes-fake-sof-16000x16000': ['image/jpeg', 413, 'too_many_pixels'],
		'jpeg-progressive': ['image/jpeg', 201],
		'jpeg-progressive-300-scans': ['image/jpeg', 413, 'image_too_complex'],
		'jpeg-progressive-cmyk-4900x4900-headers': ['image/jpeg', 413, 'image_too_complex'],
		'jpeg-truncated-2-3': ['image/jpeg', 400, 'image_unreadable'],
		'jpeg-two-frame-headers': ['image/jpeg', 400, 'image_unreadable'],
		'png-16-bit': ['image/png', 201],
		'png-interlaced': ['image/png', 201],
		'png-ihdr-20000x20000-crc-ok': ['image/png', 413, 'too_many_pixels'],
		'png-truncated-1-2': ['image/png', 400, 'image_unreadable'],
		'webp-animated': ['image/webp', 415, 'unsupported_media_type'],
		'webp-vp8l-16384x16384': ['image/webp', 413, 'too_many_pixels'],
	};
	for (const [name, [type, status, code]] of Object.entries(expect)) {
		const r = await upload(c.correspondent, '/files', fs.readFileSync(path.join(dir, name)), type);
		if (status === 201)
			assert.equal(r.status, 201, `${name}: ${r.text}`);
		else
			assertProblem(r, status, code, name);
	}
	assertProblem(await upload(c.correspondent, '/files', fs.readFileSync(path.join(dir, 'gif-animated')), 'image/png'),
		415, 'type_mismatch');
});

test('files sweep: removes old files nothing refers to, never others', () => {
	const files = path.join(srv.tmp, 'files');
	const orphan = 'ab'.repeat(32) + '.png', young = 'cd'.repeat(32) + '.jpg';
	const demo = fs.readdirSync(files);
	fs.writeFileSync(path.join(files, orphan), 'old and unreferenced');
	fs.writeFileSync(path.join(files, young), 'new and unreferenced');
	fs.writeFileSync(path.join(files, 'notes.txt'), 'not a store name');
	const old = new Date(Date.now() - 2 * 3600 * 1000);
	fs.utimesSync(path.join(files, orphan), old, old);
	fs.utimesSync(path.join(files, 'notes.txt'), old, old);
	const r = runBin(['files', 'sweep', '--db', srv.db, '--files', files]);
	assert.equal(r.status, 0, r.stderr);
	assert.match(r.stdout, /^removed 1 files \(20 bytes\)/);
	assert.match(r.stderr, new RegExp(`removed unreferenced file '${orphan}'`));
	const left = fs.readdirSync(files);
	assert.ok(!left.includes(orphan), 'the old orphan went');
	assert.ok(left.includes(young) && left.includes('notes.txt'), 'a young file and other names stay');
	for (const f of demo)
		assert.ok(left.includes(f), `${f} is referenced and stays`);
	assert.equal(runBin(['files', 'clean', '--db', srv.db]).status, 2);
});

test('quota per user (413 quota_exceeded) and the server\'s sweep freeing removed pictures', async () => {
	const s2 = await startServer({ args: ['--upload-quota', '1', '--sweep-interval', '1', '--sweep-grace', '1'] });
	try {
		const u = await signInAll(s2, { harbin: 'partner.harbin@pobratim.demo', correspondent: DEMO.correspondent,
			staff: DEMO.staff });
		const files = path.join(s2.tmp, 'files');
		const demo = fs.readdirSync(files);
		const events = assertJson(await s2.api('GET', '/events'), 200).items;
		const ev = events.find((e) => e.title_en.startsWith('Photo exhibition (Days of Krasnodar')).id;
		const added = [];
		let refused;
		for (let i = 1; i <= 10 && !refused; i++) {
			const before = new Set(fs.readdirSync(files));
			const r = await upload(u.harbin, `/events/${ev}/photos`, noisePng(300, 300, i), 'image/png');
			if (r.status === 413)
				refused = r;
			else
				added.push({ ...assertJson(r, 201), names: fs.readdirSync(files).filter((f) => !before.has(f)) });
		}
		assert.ok(added.length >= 2, `${added.length} pictures of about 300 kB fit in 1 MB`);
		assertProblem(refused, 413, 'quota_exceeded');
		assert.match(refused.json.detail, /MB remain/);
		const { quota, used, remaining, needed } = refused.json;
		assert.equal(quota, 1000000);
		assert.equal(remaining, quota - used);
		assert.ok(used + needed > quota && needed > 270000, `${used} + ${needed}`);
		/* another user has a quota of their own */
		const own = assertJson(await upload(u.correspondent, '/files', noisePng(200, 200, 99), 'image/png'), 201);
		/* a bulletin links one image; another is never used */
		const unused = assertJson(await upload(u.correspondent, '/files', noisePng(20, 20, 7), 'image/png'), 201);
		assertJson(await u.correspondent.api('POST', '/bulletins', { body: { kind: 'news', lang: 'en', title: 'Linked',
			body: `A picture: ![x](${own.url})`, countries: ['IT'], topics: ['compatriots'] } }), 201);

		/* a removed photo's files go with the next sweep past the grace period; the rest stay */
		const gone = added[0];
		assert.equal(gone.names.length, 2, 'the original and its thumbnail');
		assert.equal((await u.harbin.api('DELETE', `/event-photos/${gone.id}`)).status, 204);
		await until(() => gone.names.every((f) => !fs.existsSync(path.join(files, f))), 30000, 'the photo\'s files removed');
		await until(() => !fs.existsSync(path.join(files, unused.url.split('/').pop())), 30000, 'the unused image removed');
		const left = fs.readdirSync(files);
		for (const f of [...demo, ...added.slice(1).flatMap((a) => a.names), own.url.split('/').pop()])
			assert.ok(left.includes(f), `${f} is referenced and stays`);
		assert.match(s2.stderr(), /sweep: removed unreferenced file/);
		/* the space is free again */
		assertJson(await upload(u.harbin, `/events/${ev}/photos`, noisePng(300, 300, 1), 'image/png'), 201);
		/* signed agreements count too */
		const g = assertJson(await u.staff.api('POST', '/agreements', { body: { kind: 'memorandum',
			title_ru: 'Меморандум', title_en: 'Memorandum', parties: [{ type: 'country', id: 'BY' }] } }), 201);
		const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(700 * 1000, 0x20)]);
		assertJson(await upload(u.staff, `/agreements/${g.id}/file`, pdf, 'application/pdf', 'PUT'), 200);
		const pdf2 = Buffer.concat([Buffer.from('%PDF-1.5\n'), Buffer.alloc(400 * 1000, 0x20)]);
		assertProblem(await upload(u.staff, `/agreements/${g.id}/file`, pdf2, 'application/pdf', 'PUT'), 413, 'quota_exceeded');
	} finally {
		await s2.stop();
	}
});
