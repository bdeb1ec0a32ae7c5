// The showcase of issue 7: an event's photo exhibition and fair (uploads
// checked by content and size, thumbnails made by libgd, who may write) and
// the practices catalogue with interest requests and their status history.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { jpegSize, png } from './lib/images.mjs';
import { DEMO, assertJson, assertProblem, sendTooLarge, startServer, signInAll } from './lib/server.mjs';

let srv;
const c = {};
let photoEvent, fairEvent, mesh;

before(async () => {
	srv = await startServer();
	Object.assign(c, await signInAll(srv, { ...DEMO, krasnodar: 'staff.krasnodar@pobratim.demo',
		harbin: 'partner.harbin@pobratim.demo' }));
	const events = assertJson(await srv.api('GET', '/events'), 200).items;
	photoEvent = events.find((e) => e.title_en.startsWith('Photo exhibition (Days of Krasnodar')).id;
	fairEvent = events.find((e) => e.title_en.startsWith('Fair of cuisine and folk crafts')).id;
	mesh = assertJson(await srv.api('GET', '/practices'), 200).items.find((p) => p.title_en.startsWith('Moscow Electronic School'));
});

after(async () => {
	await srv?.stop();
});

/* GET with the bytes kept (the shared client decodes bodies as text). */
async function bytes(url, who) {
	const r = await fetch(`${srv.url}${url}`, { headers: who ? { Cookie: `pobratim_session=${who.cookie}` } : {} });
	return { status: r.status, type: r.headers.get('content-type'), cache: r.headers.get('cache-control'),
		body: Buffer.from(await r.arrayBuffer()) };
}

const upload = (who, p, body, type, method = 'POST') => who.api(method, p, { body, headers: type ? { 'Content-Type': type } : {} });

// Announces a body of `bytes` and sends only its start: the server answers 413 from the Content-Length.

test('the demo exhibition: photos in order, captions in both languages, real thumbnails', async () => {
	const list = assertJson(await srv.api('GET', `/events/${photoEvent}/photos`), 200);
	assert.equal(list.can_edit, false, 'anonymous callers only look');
	assert.equal(list.items.length, 4);
	assert.deepEqual(list.items.map((p) => p.position), [1, 2, 3, 4]);
	assert.match(list.items[0].caption_ru, /Подсолнух/);
	assert.match(list.items[0].caption_en, /sunflower/);
	assert.deepEqual(list.items.map((p) => p.content_type), ['image/jpeg', 'image/png', 'image/webp', 'image/jpeg']);
	for (const p of list.items) {
		const orig = await bytes(p.image_url);
		assert.equal(orig.status, 200);
		assert.equal(orig.type, p.content_type);
		assert.equal(orig.body.length, p.size);
		assert.match(orig.cache, /public, max-age=31536000, immutable/);
		const th = await bytes(p.thumb_url);
		assert.equal(th.status, 200);
		assert.equal(th.type, 'image/jpeg');
		const size = jpegSize(th.body);
		assert.deepEqual(size, { width: 320, height: Math.round(320 * p.height / p.width) }, 'fits 320 px, same shape');
		assert.ok(size.width < p.width && size.height < p.height, 'a smaller picture');
	}
	assert.equal(assertJson(await c.harbin.api('GET', `/events/${photoEvent}/photos`), 200).can_edit, true, 'Harbin hosts it');
	assert.equal(assertJson(await c.partner.api('GET', `/events/${photoEvent}/photos`), 200).can_edit, false, 'Minsk does not');
});

test('photo uploads: roles, the event\'s cities, type by content, size and pixel ceilings', async () => {
	const p = `/events/${photoEvent}/photos`;
	const good = png(800, 500);
	assertProblem(await srv.api('POST', p, { body: good, headers: { 'Content-Type': 'image/png' } }), 401, 'unauthenticated');
	assertProblem(await upload(c.correspondent, p, good, 'image/png'), 403, 'forbidden');
	assertProblem(await upload(c.partner, p, good, 'image/png'), 403, 'not_event_partner', 'Minsk is not a city of the event');
	assertProblem(await upload(c.staff, p, Buffer.from('just text'), 'text/plain'), 415, 'unsupported_media_type');
	assertProblem(await upload(c.staff, p, good), 415, 'unsupported_media_type', 'no Content-Type');
	assertProblem(await upload(c.staff, p, good, 'image/jpeg'), 415, 'type_mismatch', 'PNG bytes sent as JPEG');
	assertProblem(await upload(c.staff, p, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/png'), 415, 'type_mismatch');
	assertProblem(await upload(c.staff, p, Buffer.concat([good.subarray(0, 40), Buffer.alloc(200, 7)]), 'image/png'),
		400, 'image_unreadable');
	assertProblem(await upload(c.staff, p, png(8, 8, { stateW: 20000, stateH: 20000 }), 'image/png'), 413, 'too_many_pixels');
	assertProblem(await sendTooLarge(srv, c.staff, { path: p, type: 'image/png', bytes: 5 * 1024 * 1024 + 1 }), 413, 'payload_too_large');
	assertProblem(await upload(c.staff, '/events/999999/photos', good, 'image/png'), 404, 'not_found');
	const before = assertJson(await srv.api('GET', p), 200).items.length;
	assert.equal(before, 4, 'nothing refused was added');

	const added = assertJson(await upload(c.harbin, p, good, 'image/png'), 201);
	assert.deepEqual([added.width, added.height, added.position, added.content_type],
		[800, 500, 5, 'image/png']);
	const th = await bytes(added.thumb_url);
	assert.equal(th.type, 'image/jpeg');
	assert.deepEqual(jpegSize(th.body), { width: 320, height: 200 });
	const orig = await bytes(added.image_url);
	assert.equal(orig.type, 'image/png');
	assert.equal(orig.body.length, added.size, 'the original is kept re-encoded (uploads.test.mjs)');
	assert.deepEqual([orig.body.readUInt32BE(16), orig.body.readUInt32BE(20)], [800, 500]);

	// captions, then move it first; Minsk may not
	assertProblem(await c.partner.api('PATCH', `/event-photos/${added.id}`, { body: { caption_en: 'Taken' } }), 403, 'not_event_partner');
	assertProblem(await c.harbin.api('PATCH', `/event-photos/${added.id}`, { body: { position: 0 } }), 400, 'validation_failed');
	const moved = assertJson(await c.harbin.api('PATCH', `/event-photos/${added.id}`,
		{ body: { caption_ru: 'Градиент', caption_en: 'A gradient', position: 1 } }), 200);
	assert.deepEqual([moved.caption_ru, moved.caption_en, moved.position], ['Градиент', 'A gradient', 1]);
	const order = assertJson(await srv.api('GET', p), 200).items;
	assert.equal(order[0].id, added.id);
	assert.deepEqual(order.map((x) => x.position), [1, 2, 3, 4, 5]);
	assert.match(order[1].caption_en, /sunflower/, 'the others moved down one');
	assertProblem(await c.partner.api('DELETE', `/event-photos/${added.id}`), 403, 'not_event_partner');
	assert.equal((await c.staff.api('DELETE', `/event-photos/${added.id}`)).status, 204);
	assert.equal((await bytes(added.image_url)).status, 404);
	assert.equal(assertJson(await srv.api('GET', p), 200).items.length, 4);
});

test('an unpublished event\'s exhibition is not public; its pictures are cached privately', async () => {
	const e = assertJson(await c.staff.api('POST', '/events', { body: { kind: 'exhibition', title_ru: 'Закрытая выставка',
		title_en: 'Closed exhibition' } }), 201);
	assert.equal(e.published, false);
	const added = assertJson(await upload(c.staff, `/events/${e.id}/photos`, png(100, 60), 'image/png'), 201);
	assert.deepEqual(jpegSize((await bytes(added.thumb_url, c.staff)).body), { width: 100, height: 60 }, 'never scaled up');
	assertProblem(await srv.api('GET', `/events/${e.id}/photos`), 404, 'not_found');
	assertProblem(await srv.api('GET', `/event-photos/${added.id}/image`), 404, 'not_found');
	assertProblem(await c.harbin.api('GET', `/events/${e.id}/fair`), 404, 'not_found');
	assert.match((await bytes(added.image_url, c.staff)).cache, /^private/);
});

test('the fair: exhibitors with products, Markdown descriptions, pictures; who may change it', async () => {
	const fair = assertJson(await srv.api('GET', `/events/${fairEvent}/fair`), 200);
	assert.equal(fair.exhibitors.length, 3);
	const [krasnodar, crafts, harbin] = fair.exhibitors;
	assert.equal(krasnodar.organization_name_en, 'Krasnodar City Administration');
	assert.equal(crafts.organization_id, null);
	assert.equal(crafts.name, 'Мастерская «Кубанские промыслы»');
	assert.deepEqual([harbin.country_code, harbin.country_name_en], ['CN', 'China']);
	const loaf = krasnodar.products[0];
	assert.equal(loaf.name_en, 'Kuban karavai (festive loaf)');
	assert.match(loaf.description_en_html, /<strong>festive bread<\/strong>/);
	const th = await bytes(loaf.thumb_url);
	assert.equal(th.type, 'image/jpeg');
	assert.equal(jpegSize(th.body).width, 320);
	assert.equal((await bytes(loaf.picture_url)).type, 'image/jpeg');
	assert.equal((await bytes(krasnodar.products[1].picture_url)).type, 'image/png');

	const x = `/events/${fairEvent}/exhibitors`;
	assertProblem(await c.partner.api('POST', x, { body: { name: 'Minsk stall', country_code: 'BY' } }), 403, 'not_event_partner');
	assertProblem(await c.correspondent.api('POST', x, { body: { name: 'Stall', country_code: 'IT' } }), 403, 'forbidden');
	const bad = assertProblem(await c.staff.api('POST', x, { body: { country_code: 'ZZ' } }), 400, 'validation_failed');
	assert.deepEqual(bad.errors.map((e) => `${e.field}:${e.code}`).sort(), ['country_code:not_found', 'name:required']);
	assertProblem(await c.staff.api('POST', x, { body: { organization_id: 999999, country_code: 'RU' } }), 400, 'validation_failed');
	const stall = assertJson(await c.harbin.api('POST', x, { body: { name: 'Harbin bakery', country_code: 'CN' } }), 201);
	assert.deepEqual(stall.products, []);
	const prod = assertJson(await c.harbin.api('POST', `/fair-exhibitors/${stall.id}/products`, { body: {
		name_ru: 'Хлеб «Да лиеба»', name_en: 'Da lieba bread', description_en: 'Baked *daily*. <script>alert(1)</script>' } }), 201);
	assert.match(prod.description_en_html, /<em>daily<\/em>/);
	assert.doesNotMatch(prod.description_en_html, /<script/);
	assert.equal(prod.picture_url, null);
	assertProblem(await c.harbin.api('GET', `/fair-products/${prod.id}/picture`), 404, 'not_found');
	assertProblem(await upload(c.harbin, `/fair-products/${prod.id}/picture`, Buffer.from('GIF89a....'), 'image/gif', 'PUT'),
		415, 'unsupported_media_type');
	assertProblem(await upload(c.partner, `/fair-products/${prod.id}/picture`, png(640, 640), 'image/png', 'PUT'),
		403, 'not_event_partner');
	const pictured = assertJson(await upload(c.harbin, `/fair-products/${prod.id}/picture`, png(640, 640), 'image/png', 'PUT'), 200);
	assert.deepEqual(jpegSize((await bytes(pictured.thumb_url)).body), { width: 320, height: 320 });
	const renamed = assertJson(await c.staff.api('PATCH', `/fair-products/${prod.id}`, { body: { name_en: 'Lieba bread' } }), 200);
	assert.equal(renamed.name_en, 'Lieba bread');
	assert.ok(renamed.picture_url, 'the picture stays');
	const moved = assertJson(await c.staff.api('PATCH', `/fair-exhibitors/${stall.id}`, { body: { name: 'Harbin bakers', country_code: 'RU' } }), 200);
	assert.equal(moved.name, 'Harbin bakers');
	assert.equal(moved.country_name_en, 'Russian Federation');
	assert.deepEqual(moved.products.map((g) => g.name_en), ['Lieba bread'], 'the reply carries the exhibitor\'s own products');
	assert.equal((await c.harbin.api('DELETE', `/fair-products/${prod.id}`)).status, 204);
	assert.equal((await c.staff.api('DELETE', `/fair-exhibitors/${stall.id}`)).status, 204);
	assert.equal(assertJson(await srv.api('GET', `/events/${fairEvent}/fair`), 200).exhibitors.length, 3);
});

test('practices: the catalogue, its filters, and who sees the interest requests', async () => {
	assert.ok(mesh, 'MESH in the catalogue');
	assert.equal(mesh.sector, 'education');
	assert.equal(mesh.city.name_en, 'Moscow');
	const edu = assertJson(await srv.api('GET', '/practices?sector=education'), 200).items;
	assert.ok(edu.every((p) => p.sector === 'education') && edu.some((p) => p.id === mesh.id));
	const krasnodar = assertJson(await srv.api('GET', `/practices?city_id=${c.krasnodar.user.organization.city.id}`), 200).items;
	assert.deepEqual(krasnodar.map((p) => p.title_en), ['"Innovative Krasnodar" contest']);
	assertProblem(await srv.api('GET', '/practices?sector=magic'), 400, 'validation_failed');
	assertProblem(await srv.api('GET', '/practices?city_id=x'), 400, 'validation_failed');

	const seen = async (who) => assertJson(await (who ?? srv).api('GET', `/practices/${mesh.id}`), 200);
	const anon = await seen();
	assert.deepEqual(anon.interests, []);
	assert.match(anon.description_en_html, /<p>An e-service/);
	const minsk = await seen(c.partner);
	assert.equal(minsk.interests.length, 1, 'Minsk sees its own request');
	assert.equal(minsk.interests[0].city.name_en, 'Minsk');
	assert.equal(minsk.interests[0].status, 'new');
	assert.equal(minsk.can_manage, false);
	assert.deepEqual((await seen(c.harbin)).interests, [], 'Harbin does not see Minsk\'s');
	assert.deepEqual((await seen(c.krasnodar)).interests, [], 'nor does another city\'s staff');
	const moscow = await seen(c.staff);
	assert.equal(moscow.interests.length, 1);
	assert.equal(moscow.can_manage, true);
	assert.equal(moscow.can_express_interest, false);
	assert.equal((await seen(c.admin)).interests.length, 1);
});

test('interest requests: another city asks, the owning city moves the status, every step kept', async () => {
	assertProblem(await c.staff.api('POST', `/practices/${mesh.id}/interests`, { body: { message: 'Own' } }), 403, 'own_city');
	assertProblem(await c.correspondent.api('POST', `/practices/${mesh.id}/interests`, { body: { message: 'x' } }), 403, 'forbidden');
	assertProblem(await srv.api('POST', `/practices/${mesh.id}/interests`, { body: { message: 'x' } }), 401, 'unauthenticated');
	assertProblem(await c.harbin.api('POST', `/practices/${mesh.id}/interests`, { body: { message: '' } }), 400, 'validation_failed');
	const asked = assertJson(await c.harbin.api('POST', `/practices/${mesh.id}/interests`,
		{ body: { message: 'Harbin would like to study MESH.' } }), 201);
	const mine = asked.interests.find((i) => i.city.name_en === 'Harbin');
	assert.equal(asked.interests.length, 1, 'Harbin sees its own request only');
	assert.deepEqual([mine.status, mine.message, mine.organization.name_en], ['new', 'Harbin would like to study MESH.',
		'Harbin City Government']);
	const r = `/practice-interests/${mine.id}`;
	assertProblem(await c.harbin.api('PATCH', r, { body: { status: 'agreed' } }), 403, 'forbidden');
	assertProblem(await c.krasnodar.api('PATCH', r, { body: { status: 'in_discussion' } }), 403, 'not_owner_city');
	assertProblem(await c.staff.api('PATCH', r, { body: { status: 'agreed' } }), 409, 'invalid_transition', 'new cannot be agreed at once');
	assertProblem(await c.staff.api('PATCH', r, { body: { status: 'pending' } }), 400, 'validation_failed');
	assertProblem(await c.staff.api('PATCH', '/practice-interests/999999', { body: { status: 'declined' } }), 404, 'not_found');
	assertJson(await c.staff.api('PATCH', r, { body: { status: 'in_discussion', note: 'Call in December' } }), 200);
	const done = assertJson(await c.admin.api('PATCH', r, { body: { status: 'agreed' } }), 200);
	const req = done.interests.find((i) => i.id === mine.id);
	assert.equal(req.status, 'agreed');
	assert.deepEqual(req.history.map((h) => [h.status, h.note, h.by]), [
		['new', null, c.harbin.user.name], ['in_discussion', 'Call in December', c.staff.user.name],
		['agreed', null, c.admin.user.name]]);
	assertProblem(await c.staff.api('PATCH', r, { body: { status: 'declined' } }), 409, 'invalid_transition', 'agreed is final');
	const harbinView = assertJson(await c.harbin.api('GET', `/practices/${mesh.id}`), 200);
	assert.equal(harbinView.interests[0].status, 'agreed', 'the asking city sees the outcome');
	const count = async (who) => assertJson(await who.api('GET', '/practices?sector=education'), 200).items
		.find((p) => p.id === mesh.id).interest_count;
	assert.equal(await count(c.staff), 2, 'the owning city counts every request');
	assert.equal(await count(srv), null, 'others are not told how many');
	assert.equal(await count(c.harbin), null);
});

test('practices: staff add their own city\'s, admins any city\'s; only the owning city edits', async () => {
	const body = { sector: 'transport', title_ru: 'Умный светофор', title_en: 'Smart traffic lights',
		description_en: 'Lights that *adapt*.' };
	const own = assertJson(await c.staff.api('POST', '/practices', { body }), 201);
	assert.equal(own.city.name_en, 'Moscow');
	const minskId = c.partner.user.organization.city.id;
	assertProblem(await c.staff.api('POST', '/practices', { body: { ...body, city_id: minskId } }), 403, 'not_own_city');
	assertProblem(await c.partner.api('POST', '/practices', { body }), 403, 'forbidden');
	assertProblem(await c.staff.api('POST', '/practices', { body: { ...body, sector: 'magic' } }), 400, 'validation_failed');
	const minsk = assertJson(await c.admin.api('POST', '/practices', { body: { ...body, city_id: minskId } }), 201);
	assert.equal(minsk.city.name_en, 'Minsk');
	assertProblem(await c.krasnodar.api('PATCH', `/practices/${own.id}`, { body: { title_en: 'Taken' } }), 403, 'not_owner_city');
	assertProblem(await c.staff.api('PATCH', `/practices/${own.id}`, { body: { city_id: minskId } }), 400, 'validation_failed');
	const edited = assertJson(await c.staff.api('PATCH', `/practices/${own.id}`, { body: { title_en: 'Adaptive traffic lights' } }), 200);
	assert.equal(edited.title_en, 'Adaptive traffic lights');
	assert.equal(edited.title_ru, 'Умный светофор');
	assert.match(edited.description_en_html, /<em>adapt<\/em>/);
});
