// Information exchange: the bulletin workflow and who may do what, Markdown
// neutralised, fact checks with ClaimReview, mutual-aid contacts, search over
// Russian and English word forms, Atom feeds.

import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';

import { DEMO, assertJson, assertProblem, startServer, signInAll } from './lib/server.mjs';
import { child, children, parseXml } from './lib/xml.mjs';

let srv;
const c = {};

before(async () => {
	srv = await startServer();
	Object.assign(c, await signInAll(srv, { ...DEMO, ee: 'correspondent.ee@pobratim.demo' }));
});

after(async () => {
	await srv?.stop();
});

const draft = (over = {}) => ({ kind: 'news', lang: 'ru', title: 'Конференции соотечественников в Италии',
	body: 'Прошли **конференции** соотечественников.', countries: ['IT'], topics: ['compatriots'], ...over });

test('workflow: draft → submitted → returned → submitted → published, with history', async () => {
	const b = assertJson(await c.correspondent.api('POST', '/bulletins', { body: draft() }), 201);
	assert.equal(b.status, 'draft');
	assert.equal(b.editable, true);
	assert.match(b.body_html, /<strong>конференции<\/strong>/);
	// nobody else sees the draft
	assertProblem(await srv.api('GET', `/bulletins/${b.id}`), 404, 'not_found', 'anonymous');
	assertProblem(await c.ee.api('GET', `/bulletins/${b.id}`), 404, 'not_found', 'another correspondent');
	assertProblem(await c.partner.api('GET', `/bulletins/${b.id}`), 404, 'not_found', 'partner');
	assertJson(await c.staff.api('GET', `/bulletins/${b.id}`), 200, 'staff');
	const theirs = assertJson(await c.ee.api('GET', '/bulletins?mine=1'), 200).items;
	assert.ok(!theirs.some((x) => x.id === b.id), "another correspondent's list");
	assertProblem(await c.ee.api('GET', '/bulletins?status=draft'), 403, 'forbidden');
	assertProblem(await srv.api('GET', '/bulletins?status=submitted'), 401, 'unauthenticated');
	assertProblem(await c.ee.api('PATCH', `/bulletins/${b.id}`, { body: { title: 'Чужая правка' } }), 404, 'not_found');
	// the correspondent cannot publish, nor return
	assertProblem(await c.correspondent.api('POST', `/bulletins/${b.id}/publish`), 403, 'forbidden');
	assertProblem(await c.correspondent.api('POST', `/bulletins/${b.id}/return`, { body: { reason: 'x' } }), 403, 'forbidden');
	assertProblem(await c.staff.api('POST', `/bulletins/${b.id}/return`, { body: { reason: 'x' } }), 409, 'wrong_status');
	let s = assertJson(await c.correspondent.api('POST', `/bulletins/${b.id}/submit`), 200);
	assert.equal(s.status, 'submitted');
	assert.equal(s.editable, false);
	assertProblem(await c.correspondent.api('PATCH', `/bulletins/${b.id}`, { body: { title: 'Поздно' } }), 409, 'not_editable');
	const queue = assertJson(await c.staff.api('GET', '/bulletins?status=submitted'), 200).items;
	assert.ok(queue.some((x) => x.id === b.id), 'in the moderation queue');
	assertProblem(await c.staff.api('POST', `/bulletins/${b.id}/return`, { body: {} }), 400, 'validation_failed');
	s = assertJson(await c.staff.api('POST', `/bulletins/${b.id}/return`, { body: { reason: 'Укажите город' } }), 200);
	assert.equal(s.status, 'returned');
	assert.equal(s.return_reason, 'Укажите город');
	assertJson(await c.correspondent.api('PATCH', `/bulletins/${b.id}`, { body: { body: 'Прошли конференции в Риме.', note: 'город' } }), 200);
	assertJson(await c.correspondent.api('POST', `/bulletins/${b.id}/submit`), 200);
	const p = assertJson(await c.staff.api('POST', `/bulletins/${b.id}/publish`), 200);
	assert.equal(p.status, 'published');
	assert.ok(p.published_at);
	assertProblem(await c.staff.api('POST', `/bulletins/${b.id}/publish`), 409, 'wrong_status');
	// public now; return_reason is for the author and staff only
	const pub = assertJson(await srv.api('GET', `/bulletins/${b.id}`), 200);
	assert.equal(pub.title, draft().title);
	assert.ok(!('return_reason' in pub));
	const revs = assertJson(await c.correspondent.api('GET', `/bulletins/${b.id}/revisions`), 200).items;
	assert.deepEqual(revs.map((r) => r.status), ['published', 'submitted', 'returned', 'returned', 'submitted', 'draft']);
	assert.equal(revs[2].note, 'город');
	assert.equal(revs.at(-1).body, draft().body);
	assertProblem(await c.ee.api('GET', `/bulletins/${b.id}/revisions`), 404, 'not_found');
	assertProblem(await srv.api('GET', `/bulletins/${b.id}/revisions`), 401, 'unauthenticated');
	assertProblem(await c.partner.api('POST', '/bulletins', { body: draft() }), 403, 'forbidden');
});

test("a bulletin's city: named with its country, changed and cleared", async () => {
	const city = async (q, country) => assertJson(await srv.api('GET', `/cities?q=${q}&country=${country}&limit=1`), 200).items[0];
	const [rome, milan] = [await city('Rome', 'IT'), await city('Milan', 'IT')];
	const b = assertJson(await c.correspondent.api('POST', '/bulletins', { body: draft({ city_id: rome.id }) }), 201);
	assert.deepEqual(b.city, { id: rome.id, name_en: 'Rome', name_ru: 'Рим', country_code: 'IT' });
	const moved = assertJson(await c.correspondent.api('PATCH', `/bulletins/${b.id}`, { body: { city_id: milan.id } }), 200);
	assert.equal(moved.city.name_en, 'Milan');
	const none = assertJson(await c.correspondent.api('PATCH', `/bulletins/${b.id}`, { body: { city_id: null } }), 200);
	assert.equal(none.city, null);
	assertProblem(await c.correspondent.api('PATCH', `/bulletins/${b.id}`, { body: { city_id: 999999999 } }), 400, 'validation_failed');
});

test("a list quotes each bulletin's text without Markdown, cut at 280 characters, as edited", async () => {
	const long = 'Слово '.repeat(60);	// 360 characters
	const b = assertJson(await c.correspondent.api('POST', '/bulletins', { body: draft({
		body: `# Итоги\n\nПрошли **конференции** в [Риме](https://example.org).\n\n${long}` }) }), 201);
	const listed = async () => assertJson(await c.correspondent.api('GET', '/bulletins?mine=1&limit=50'), 200)
		.items.find((x) => x.id === b.id).excerpt;
	const first = await listed();
	assert.ok(first.startsWith('Итоги Прошли конференции в Риме. Слово Слово'), first);
	assert.equal([...first].length, 280 + 1, 'cut after 280 characters, then "…"');
	assert.ok(first.endsWith('…'));
	assertJson(await c.correspondent.api('PATCH', `/bulletins/${b.id}`, { body: { body: 'Только *это*.' } }), 200);
	assert.equal(await listed(), 'Только это.', 'the excerpt follows the edit');
});

test('a revision keeps every field; the revisions say what each edit changed', async () => {
	const rome = assertJson(await srv.api('GET', '/cities?q=Rome&country=IT&limit=1'), 200).items[0];
	const fc = assertJson(await c.correspondent.api('POST', '/bulletins', { body: draft({ kind: 'fact_check',
		title: 'Проверка: «чеснок лечит вирус»', claim: 'Чеснок лечит вирус', verdict: 'false',
		sources: ['https://example.org/a'], topics: ['health'] }) }), 201);
	const edit = async (body) => assertJson(await c.correspondent.api('PATCH', `/bulletins/${fc.id}`, { body }), 200);
	const latest = async () => assertJson(await c.correspondent.api('GET', `/bulletins/${fc.id}/revisions`), 200).items;
	await edit({ verdict: 'misleading', sources: ['https://example.org/a', 'https://example.org/b'] });
	let revs = await latest();
	assert.deepEqual(revs.map((r) => r.changed), [['verdict', 'sources'], []], 'the first revision changed nothing');
	assert.deepEqual([revs[0].fields.verdict, revs[1].fields.verdict], ['misleading', 'false']);
	assert.deepEqual(revs[1].fields.sources, ['https://example.org/a'], 'the old sources are kept');
	assert.deepEqual(revs[1].fields.topics, ['health']);
	await edit({ topics: ['health', 'coronavirus'], countries: ['IT', 'RU'], city_id: rome.id });
	await edit({ claim: 'Чеснок защищает от вируса', claim_date: '2020-03-20' });
	await edit({ title: 'Проверка: «чеснок защищает от вируса»', body: 'Нет.' });
	assertJson(await c.correspondent.api('POST', `/bulletins/${fc.id}/submit`), 200);
	revs = await latest();
	assert.deepEqual(revs.map((r) => [r.status, r.changed]), [
		['submitted', []],
		['draft', ['title', 'body']],
		['draft', ['claim', 'claim_date']],
		['draft', ['countries', 'topics', 'city_id']],
		['draft', ['verdict', 'sources']],
		['draft', []],
	]);
	assert.deepEqual(revs[3].fields.countries, ['IT', 'RU']);
	assert.equal(revs[3].fields.city_id, rome.id);
	assert.equal(revs[4].fields.city_id, null);
	assert.equal(revs[4].fields.claim, 'Чеснок лечит вирус');
	assert.equal(revs[0].fields.kind, 'fact_check');
});

test('bulletins: validation, unknown ids, filters', async () => {
	const e = assertProblem(await c.correspondent.api('POST', '/bulletins', { body: draft({ topics: ['gossip'], lang: 'de', title: '' }) }), 400, 'validation_failed');
	assert.deepEqual(e.errors.map((x) => x.field).sort(), ['lang', 'title', 'topics']);
	const cc = assertProblem(await c.correspondent.api('POST', '/bulletins', { body: draft({ countries: ['Italy'] }) }), 400, 'validation_failed');
	assert.deepEqual(cc.errors.map((x) => x.field), ['countries']);
	const f = assertProblem(await c.correspondent.api('POST', '/bulletins', { body: draft({ kind: 'fact_check' }) }), 400, 'validation_failed');
	assert.deepEqual(f.errors.map((x) => x.field).sort(), ['claim', 'verdict']);
	assertProblem(await c.correspondent.api('POST', '/bulletins', { body: draft({ city_id: 999999999 }) }), 400, 'validation_failed');
	assertProblem(await c.correspondent.api('POST', '/bulletins', { body: 'x', headers: { 'Content-Type': 'text/plain' } }), 415, 'unsupported_media_type');
	assertProblem(await srv.api('GET', '/bulletins/999999'), 404, 'not_found');
	assertProblem(await srv.api('GET', '/bulletins?topic=gossip'), 400, 'validation_failed');
	const en = assertJson(await srv.api('GET', '/bulletins?lang=en&country=BY'), 200).items;
	assert.ok(en.length === 1 && en[0].lang === 'en');
	assertProblem(await srv.api('GET', '/bulletins?lang=de'), 400, 'validation_failed');
	const by = assertJson(await srv.api('GET', '/bulletins?country=BY'), 200).items;
	assert.equal(by.length, 2);
	assert.ok(by.every((x) => x.countries.includes('BY')));
	const health = assertJson(await srv.api('GET', '/bulletins?topic=health&kind=news'), 200).items;
	assert.ok(health.length >= 2 && health.every((x) => x.topics.includes('health') && x.kind === 'news'));
	const page = assertJson(await srv.api('GET', '/bulletins?limit=3'), 200);
	const next = assertJson(await srv.api('GET', `/bulletins?limit=3&cursor=${page.next_cursor}`), 200);
	assert.ok(next.items[0].id < page.items[2].id);
});

test('Markdown: script, raw HTML, javascript: and data: links, event attributes are neutralised', async () => {
	const body = ['<script>alert(1)</script>', '<img src=x onerror=alert(2)>', '<a href="https://x.org" onclick="alert(3)">x</a>',
		'[click](javascript:alert(4))', '[data](data:text/html;base64,PHNjcmlwdD4=)', '[JS](JaVaScRiPt:alert(5))',
		'[ok](https://example.org/a?b=1&c=2 "t\\"itle")', '<div onmouseover="alert(6)">hover</div>', '`<b>code</b>`'].join('\n\n');
	const { html } = assertJson(await c.correspondent.api('POST', '/markdown/preview', { body: { markdown: body } }), 200);
	assert.doesNotMatch(html, /<script|<img|<div|onerror|onclick|onmouseover|<b>/i);
	assert.doesNotMatch(html, /href="(javascript|data):/i);
	const links = html.match(/<a [^>]*>/g);
	assert.ok(links.length >= 1);
	for (const a of links)
		assert.match(a, /^<a rel="nofollow ugc noopener" href="[^"]*"( title="[^"]*")?>$/);
	assert.match(html, /href="https:\/\/example.org\/a\?b=1&amp;c=2"/);
	assert.match(html, /&lt;b&gt;code&lt;\/b&gt;/);
	assertProblem(await srv.api('POST', '/markdown/preview', { body: { markdown: 'x' } }), 401, 'unauthenticated');
});

test('fact checks: ClaimReview JSON-LD that cannot leave its script element', async () => {
	const claim = 'Жара защищает от вируса </script><script>alert(1)</script>';
	const b = assertJson(await c.staff.api('POST', '/bulletins', { body: draft({ kind: 'fact_check', title: 'Проверка: жара',
		claim, claim_source: 'Мессенджеры', claim_date: '2020-04-01', verdict: 'false',
		sources: ['https://www.who.int/'], body: 'Не защищает.', topics: ['coronavirus'] }) }), 201);
	assert.equal(b.claim_review_jsonld, undefined, 'no ClaimReview before publication');
	const p = assertJson(await c.staff.api('POST', `/bulletins/${b.id}/publish`), 200);
	assert.doesNotMatch(p.claim_review_jsonld, /[<>&]/);
	const ld = JSON.parse(p.claim_review_jsonld);
	assert.equal(ld['@type'], 'ClaimReview');
	assert.equal(ld.claimReviewed, claim);
	assert.equal(ld.reviewRating.alternateName, 'false');
	assert.equal(ld.itemReviewed.datePublished, '2020-04-01');
	assert.equal(ld.url, `http://127.0.0.1:${srv.port}/fact-checks/${b.id}`, 'the page people open');
	assert.deepEqual(p.sources, ['https://www.who.int/']);
	assertProblem(await c.staff.api('POST', '/bulletins', { body: draft({ kind: 'fact_check', claim: 'x', verdict: 'false', sources: ['javascript:alert(1)'] }) }), 400, 'validation_failed');
	const demo = assertJson(await srv.api('GET', '/bulletins?kind=fact_check'), 200).items;
	assert.ok(demo.some((x) => /демонстрационный пример/i.test(x.title)), 'the demo example says it is one');
});

test('mutual aid: contact details only for the author, the organization that answered, and staff', async () => {
	const contact = 'secret-contact+39@example.org';
	const post = assertJson(await c.correspondent.api('POST', '/aid', { body: { kind: 'request', category: 'medical', lang: 'ru',
		title: 'Нужна консультация врача', body: 'Ищем русскоговорящего врача в Риме.', country_code: 'IT', contact } }), 201);
	assert.equal(post.contact, contact);
	assert.equal(post.status, 'open');
	assert.deepEqual([post.kind, post.category, post.lang, post.title, post.body, post.country.code],
		['request', 'medical', 'ru', 'Нужна консультация врача', 'Ищем русскоговорящего врача в Риме.', 'IT']);
	const seen = async (client) => JSON.stringify([
		(await client.api('GET', `/aid/${post.id}`)).text, (await client.api('GET', '/aid?limit=200')).text,
		(await client.api('GET', '/search?q=' + encodeURIComponent('консультации врачей'))).text]);
	for (const who of ['ee', 'partner']) {
		const text = await seen(c[who]);
		assert.ok(!text.includes('secret-contact'), `${who} must not see the contact`);
		assert.ok(text.includes('Нужна консультация'), `${who} sees the post`);
	}
	assertProblem(await srv.api('GET', `/aid/${post.id}`), 401, 'unauthenticated');
	assert.ok(!(await srv.api('GET', '/search?q=' + encodeURIComponent('врача'))).text.includes('Нужна консультация'), 'anonymous search: no aid posts');
	assert.ok((await seen(c.staff)).includes('secret-contact'), 'staff see it');
	assertProblem(await c.correspondent.api('POST', `/aid/${post.id}/answers`, { body: { message: 'x' } }), 409, 'own_post');
	assertProblem(await c.partner.api('POST', `/aid/${post.id}/answers`, { body: { message: 'x' } }), 403, 'forbidden');
	assertProblem(await c.ee.api('POST', `/aid/${post.id}/answers`, { body: {} }), 400, 'validation_failed');
	const answered = assertJson(await c.ee.api('POST', `/aid/${post.id}/answers`, { body: { message: 'Поможем: есть врач.' } }), 201);
	assert.equal(answered.contact, contact);
	assert.equal(answered.answers.length, 1);
	assert.ok((await c.ee.api('GET', '/aid?limit=200')).text.includes('secret-contact'), 'the answering organization sees it in the list');
	assert.ok(!(await c.partner.api('GET', `/aid/${post.id}`)).text.includes('secret-contact'), 'still hidden from others');
	assertProblem(await c.ee.api('PATCH', `/aid/${post.id}`, { body: { status: 'closed' } }), 403, 'forbidden');
	const closed = assertJson(await c.correspondent.api('PATCH', `/aid/${post.id}`, { body: { status: 'matched' } }), 200);
	assert.equal(closed.status, 'matched');
	// a change of some members leaves the others as they were
	const edited = assertJson(await c.correspondent.api('PATCH', `/aid/${post.id}`, { body: { category: 'other', lang: 'en',
		title: 'Нужна консультация врача, срочно' } }), 200);
	assert.deepEqual([edited.kind, edited.category, edited.status, edited.lang, edited.title, edited.body, edited.country.code, edited.contact],
		['request', 'other', 'matched', 'en', 'Нужна консультация врача, срочно', 'Ищем русскоговорящего врача в Риме.', 'IT', contact]);
	assertProblem(await c.correspondent.api('PATCH', `/aid/${post.id}`, { body: { status: 'lost' } }), 400, 'validation_failed');
	assertProblem(await c.correspondent.api('POST', '/aid', { body: { kind: 'request' } }), 400, 'validation_failed');
	assertProblem(await c.correspondent.api('GET', '/aid/999999'), 404, 'not_found');
	assertProblem(await c.correspondent.api('GET', '/aid?category=food'), 400, 'validation_failed');
});

// aid_answers.organization_id is NOT NULL: an answer belongs to the answering
// user's organization. No account is without one (users.organization_id is
// NOT NULL too, and the admin API refuses it), so the answer never fails for
// the want of it; its contact is then the organization's, not the user's.
test('mutual aid: an answer belongs to the organization; no account is without one', async () => {
	const rome = assertJson(await srv.api('GET', '/cities?q=Rome&country=IT&limit=1'), 200).items[0];
	const org = assertJson(await c.admin.api('POST', '/organizations', { body: { kind: 'ngo',
		name_en: 'Compatriots of Rome (test)', name_ru: 'Соотечественники Рима (тест)', city_id: rome.id } }), 201);
	const account = async (email) => {
		const body = { email, name: email, password: 'long-enough-1', role: 'correspondent', organization_id: org.id };
		const u = assertJson(await c.admin.api('POST', '/users', { body }), 201);
		const client = srv.client();
		await client.signIn(email, body.password);
		return [u, client];
	};
	for (const organization_id of [undefined, null]) {
		const r = assertProblem(await c.admin.api('POST', '/users', { body: { email: 'no.org@example.org', name: 'No Org',
			password: 'long-enough-1', role: 'correspondent', organization_id } }), 400, 'validation_failed');
		assert.deepEqual(r.errors.map((e) => [e.field, e.code]), [['organization_id', 'required']]);
	}
	const [u, answerer] = await account('answerer@example.org');
	const [, colleague] = await account('colleague@example.org');
	assertProblem(await c.admin.api('PATCH', `/users/${u.id}`, { body: { organization_id: null } }), 400, 'validation_failed');
	assertProblem(await c.admin.api('DELETE', `/organizations/${org.id}`), 409, 'conflict', 'an organization with users stays');

	const contact = 'rome-contact@example.org';
	const post = assertJson(await c.ee.api('POST', '/aid', { body: { kind: 'request', category: 'housing', lang: 'en',
		title: 'A room in Rome for a week', body: 'A compatriot needs a room.', country_code: 'IT', contact } }), 201);
	const sees = async (client) => (await client.api('GET', `/aid/${post.id}`)).text.includes(contact);
	assert.equal(await sees(colleague), false);
	const a = assertJson(await answerer.api('POST', `/aid/${post.id}/answers`, { body: { message: 'We have one.' } }), 201);
	assert.deepEqual(a.answers.map((x) => x.organization.id), [org.id], "the answer is the organization's");
	assert.equal(await sees(colleague), true, 'a colleague of the answering organization sees the contact');
	assertJson(await c.admin.api('PATCH', `/users/${u.id}`, { body: { organization_id: c.partner.user.organization.id } }), 200);
	assert.equal(await sees(answerer), false, 'moved to another organization: the contact stays with the one that answered');
	assert.equal(await sees(colleague), true);
});

const search = async (client, q, extra = '') =>
	assertJson(await client.api('GET', `/search?q=${encodeURIComponent(q)}${extra}`), 200, q).items;

test('search: Russian and English word forms, marks, filters, visibility', async () => {
	const ru = await search(srv, 'конференциях');
	assert.ok(ru.length >= 2, 'конференциях finds конференции/конференций');
	assert.ok(ru.some((h) => h.snippet.some((s) => s.mark && /^конференц/i.test(s.text))), 'a marked word');
	const d = assertJson(await c.staff.api('POST', '/bulletins', { body: draft({ lang: 'en', title: 'A meeting of twin cities',
		body: 'The mayors held one meeting online.', countries: ['DE'], topics: ['sister_cities'] }) }), 201);
	assert.equal((await search(srv, 'meetings')).filter((h) => h.id === d.id).length, 0, 'a draft is not public');
	assert.equal((await search(c.staff, 'meetings')).filter((h) => h.id === d.id).length, 1, 'staff find drafts');
	assertJson(await c.staff.api('POST', `/bulletins/${d.id}/publish`), 200);
	const en = await search(srv, 'meetings');
	const hit = en.find((h) => h.id === d.id);
	assert.ok(hit, '"meetings" finds "meeting"');
	assert.deepEqual(hit.title_marked.filter((s) => s.mark).map((s) => s.text), ['meeting']);
	assert.equal(hit.url, `/news/${d.id}`);
	assert.equal((await search(srv, 'meetings', '&country=FR')).filter((h) => h.id === d.id).length, 0);
	assert.equal((await search(srv, 'meetings', '&country=DE&topic=sister_cities&kind=bulletin')).filter((h) => h.id === d.id).length, 1);
	assert.equal((await search(srv, 'meetings', '&kind=fact_check')).length, 0);
	assert.equal((await search(srv, 'конференциях', '&to=2020-04-30')).every((h) => h.date < '2020-05'), true);
	assert.equal((await search(srv, 'конференциях', '&from=2020-05-01')).every((h) => h.date >= '2020-05'), true);
	const two = await search(srv, 'Харбине здравоохранения');
	assert.ok(two.length >= 1 && two.every((h) => h.lang === 'ru'));
	// user text cannot inject FTS5 syntax, nor markup
	assert.deepEqual(await search(srv, '"NEAR( OR * ^'), []);
	assertProblem(await srv.api('GET', '/search?q=%22%22'), 400, 'validation_failed');
	assertProblem(await srv.api('GET', '/search'), 400, 'validation_failed');
	assertProblem(await srv.api('GET', '/search?q=x&kind=people'), 400, 'validation_failed');
	assertProblem(await srv.api('GET', '/search?q=x&from=May'), 400, 'validation_failed');
});

test('activity: published bulletins per country', async () => {
	const a = assertJson(await srv.api('GET', '/exchange/activity'), 200);
	const cn = a.countries.find((x) => x.country_code === 'CN');
	assert.equal(cn.name_ru, 'Китай');
	assert.ok(cn.count >= 6);
	assert.ok(a.topics.includes('good_news'));
});

test('feeds: well-formed Atom with the required elements, per country and topic', async () => {
	await c.staff.api('POST', '/bulletins', { body: draft({ title: 'Tom & Jerry <b>"quoted"</b>', countries: ['ME'], topics: ['culture'] }) })
		.then((r) => c.staff.api('POST', `/bulletins/${r.json.id}/publish`));
	for (const path of ['/feeds/bulletins.atom', '/feeds/bulletins.atom?country=ME', '/feeds/bulletins.atom?topic=culture',
		'/feeds/fact-checks.atom', '/feeds/fact-checks.atom?country=RU']) {
		const r = await srv.api('GET', path);
		assert.equal(r.status, 200, path);
		assert.match(r.headers['content-type'], /^application\/atom\+xml/);
		const feed = parseXml(r.text);
		assert.equal(feed.name, 'feed');
		assert.equal(feed.attrs.xmlns, 'http://www.w3.org/2005/Atom');
		for (const el of ['id', 'title', 'updated'])
			assert.ok(child(feed, el)?.text, `${path}: feed/${el}`);
		assert.match(child(feed, 'updated').text, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
		assert.ok(children(feed, 'link').some((l) => l.attrs.rel === 'self'));
		const entries = children(feed, 'entry');
		assert.ok(entries.length >= 1, `${path}: entries`);
		for (const e of entries) {
			for (const el of ['id', 'title', 'updated', 'content'])
				assert.ok(child(e, el), `${path}: entry/${el}`);
			assert.ok(child(e, 'link').attrs.href.startsWith('http://'));
			assert.equal(child(e, 'content').attrs.type, 'html');
		}
		if (path.includes('country=ME')) {
			assert.ok(entries.every((e) => !child(e, 'title').text.includes('Италии')));
			assert.ok(entries.some((e) => child(e, 'title').text === 'Tom & Jerry <b>"quoted"</b>'), 'title escaped and read back');
		}
		if (path.includes('fact-checks'))
			assert.ok(entries.every((e) => child(e, 'title').text.startsWith('#StopCoronaFake')));
	}
	assertProblem(await srv.api('GET', '/feeds/bulletins.atom?topic=x'), 400, 'validation_failed');
});

test('images: raw PNG/JPEG/WebP checked by their bytes, re-encoded, stored by SHA-256, served to anyone', async () => {
	const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==', 'base64');
	const up = (client, body, type) => client.api('POST', '/files', { body, headers: { 'Content-Type': type } });
	const r = assertJson(await up(c.correspondent, png, 'image/png'), 201);
	assert.equal(r.url, `/api/v1/files/${r.sha256}.png`);
	assert.deepEqual([r.width, r.height, r.content_type], [1, 1, 'image/png']);
	assert.equal(assertJson(await up(c.staff, png, 'image/png'), 201).url, r.url, 'the same bytes, the same file');
	const got = await srv.client().request('GET', r.url);
	assert.equal(got.status, 200);
	assert.equal(got.headers['content-type'], 'image/png');
	assert.match(got.headers['cache-control'], /immutable/);
	assert.equal(Number(got.headers['content-length']), r.size);
	/* what is kept is the picture re-encoded, named by its own hash (uploads.test.mjs) */
	const kept = Buffer.from(await (await fetch(`${srv.url}${r.url}`)).arrayBuffer());
	assert.equal((await import('node:crypto')).createHash('sha256').update(kept).digest('hex'), r.sha256);
	assertProblem(await up(c.correspondent, png, 'image/jpeg'), 415, 'type_mismatch');
	assertProblem(await up(c.correspondent, Buffer.from('<svg onload="alert(1)"/>'), 'image/svg+xml'), 415, 'unsupported_media_type');
	assertProblem(await up(c.correspondent, Buffer.from('GIF89a'), 'image/png'), 415, 'type_mismatch');
	assertProblem(await up(c.correspondent, Buffer.concat([png.subarray(0, 30), Buffer.alloc(20)]), 'image/png'),
		400, 'image_unreadable');
	assertProblem(await up(c.partner, png, 'image/png'), 403, 'forbidden');
	assertProblem(await up(srv, png, 'image/png'), 401, 'unauthenticated');
	// past the 5 MiB ceiling: refused from the Content-Length, before the body is read
	const head = await new Promise((resolve, reject) => {
		const sock = (net.connect(srv.port, '127.0.0.1'));
		let got = '';
		sock.on('data', (d) => { got += d; if (got.includes('\r\n\r\n')) { sock.destroy(); resolve(got); } });
		sock.on('error', reject);
		sock.write(`POST /api/v1/files HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/png\r\n` +
			`Cookie: pobratim_session=${c.correspondent.cookie}\r\nX-CSRF-Token: ${c.correspondent.csrf}\r\n` +
			`Content-Length: ${6 * 1024 * 1024}\r\n\r\n`);
	});
	assert.match(head, /^HTTP\/1\.1 413 /);
	assertProblem(await srv.api('GET', `/files/${'0'.repeat(64)}.png`), 404, 'not_found');
	assertProblem(await srv.api('GET', '/files/passwd.png'), 404, 'not_found');
	assert.doesNotMatch((await srv.api('GET', '/files/..%2F..%2F..%2Fetc%2Fpasswd')).text, /root:/);
	// and a bulletin can show it
	const b = assertJson(await c.correspondent.api('POST', '/bulletins', { body: draft({ body: `![фото](${r.url})` }) }), 201);
	assert.match(b.body_html, new RegExp(`<img src="${r.url}" alt="фото" />`));
});

// (--cookie-secure alone says nothing of the host users reach: links need one of these)
test('behind HTTPS the absolute links say https: ClaimReview, feeds, on --public-url or a trusted proxy\'s X-Forwarded-Proto', async () => {
	for (const [args, headers] of [[['--public-url', 'https://pobratim.example.org'], {}],
		[['--trusted-proxy', '127.0.0.1/32'], { 'X-Forwarded-Proto': 'https', Host: 'pobratim.example.org' }]]) {
		const secure = await startServer({ args });
		try {
			const fc = assertJson(await secure.api('GET', '/bulletins?kind=fact_check'), 200).items[0];
			const ld = JSON.parse(assertJson(await secure.api('GET', `/bulletins/${fc.id}`, { headers }), 200).claim_review_jsonld);
			assert.equal(ld.url, `https://pobratim.example.org/fact-checks/${fc.id}`, args.join(' '));
			const feed = await secure.api('GET', '/feeds/fact-checks.atom', { headers });
			assert.equal(feed.status, 200);
			assert.match(feed.text, /href="https:\/\/pobratim\.example\.org\//);
			assert.doesNotMatch(feed.text, /href="http:\/\//);
		} finally {
			await secure.stop();
		}
	}
});
