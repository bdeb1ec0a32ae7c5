// People as contacts (issue 15): filters of GET /people (city, organization,
// post), posts held over time, a person's record (meetings, delegations,
// actions) within the caller's rights, merging duplicates in one go, vCard
// export and import (a hostile-input reader refusing with codes), and
// search over people, practices, shipments and delegations with the
// visibility of their own pages.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { DEMO, assertJson, assertProblem, sendTooLarge, signInAll, startServer } from './lib/server.mjs';

let srv;
const c = {};
const VCF = { 'Content-Type': 'text/vcard; charset=utf-8' };

before(async () => {
	srv = await startServer();
	Object.assign(c, await signInAll(srv, { ...DEMO, harbin: 'partner.harbin@pobratim.demo' }));
});

after(async () => {
	await srv?.stop();
});

const people = async (client, query = '') =>
	assertJson(await client.api('GET', `/people?limit=200${query}`), 200, query).items;
const byName = (list, name) => list.find((p) => p.name_en === name);
const search = async (client, q, extra = '') =>
	assertJson(await client.api('GET', `/search?q=${encodeURIComponent(q)}${extra}`), 200, q).items;

test('people filter by city, organization and a word of the post; partners see no contacts', async () => {
	const all = await people(c.staff);
	const gladkov = byName(all, 'Pyotr Gladkov');
	assert.ok(gladkov, 'a seed person');
	assert.ok('email' in gladkov, 'staff see contact details');
	const moscow = gladkov.city.id;
	const inMoscow = await people(c.staff, `&city_id=${moscow}`);
	assert.ok(inMoscow.length > 0 && inMoscow.every((p) => p.city.id === moscow));
	const ofOrg = await people(c.staff, `&organization_id=${gladkov.organization.id}`);
	assert.deepEqual(ofOrg.map((p) => p.id), [gladkov.id]);
	const directors = await people(c.staff, `&post=${encodeURIComponent('директор')}`);
	assert.ok(directors.some((p) => p.id === gladkov.id), 'a word of the Russian post');
	assert.ok(directors.every((p) => /директор/i.test(p.post_ru)), JSON.stringify(directors.map((p) => p.post_ru)));
	assert.ok((await people(c.staff, '&post=Director')).some((p) => p.id === gladkov.id), 'and of the English one');
	assert.equal((await people(c.staff, '&post=astronaut')).length, 0);
	const seen = await people(c.partner);
	assert.ok(seen.length > 0 && seen.every((p) => !('email' in p) && !('phone' in p)), 'partners: no contacts');
	assertProblem(await c.correspondent.api('GET', '/people'), 403, 'forbidden');
	assertProblem(await srv.api('GET', '/people'), 401, 'unauthenticated');
});

test('a change of post opens a new period; the record lists posts and meetings, within the caller\'s rights', async () => {
	const cheryomin = byName(await people(c.staff), 'Sergey Cheryomin');
	let r = assertJson(await c.staff.api('GET', `/people/${cheryomin.id}/record`), 200);
	assert.equal(r.posts.length, 1);
	assert.equal(r.posts[0].until, null);
	assert.ok(r.meetings.length > 0, 'the seed meetings he took part in');
	assert.ok(r.meetings.every((m) => m.id > 0 && m.title_ru && m.role));
	const p = assertJson(await c.admin.api('POST', '/people', { body: {
		name_ru: 'Иван Тестов', name_en: 'Ivan Testov', post_ru: 'советник', post_en: 'adviser',
		post_since: '2019-03-01', city_id: cheryomin.city.id } }), 201);
	assert.equal(p.post_since, '2019-03-01');
	assertJson(await c.admin.api('PATCH', `/people/${p.id}`, { body: { post_ru: 'старший советник',
		post_en: 'senior adviser', post_since: '2022-09-01' } }), 200);
	assertJson(await c.admin.api('PATCH', `/people/${p.id}`, { body: { post_en: 'Senior Adviser' } }), 200);
	r = assertJson(await c.staff.api('GET', `/people/${p.id}/record`), 200);
	assert.deepEqual(r.posts.map((x) => [x.post_ru, x.post_en, x.since, x.until]), [
		['старший советник', 'Senior Adviser', '2022-09-01', null],
		['советник', 'adviser', '2019-03-01', '2022-09-01'],
	], 'the English wording alone corrects the current period');
	assertProblem(await c.admin.api('PATCH', `/people/${p.id}`, { body: { post_since: '2022-13-40' } }), 400,
		'validation_failed');
	// a partner sees, through a person, only the meetings its own pages show
	const his = assertJson(await c.staff.api('GET', `/people/${cheryomin.id}/record`), 200);
	const minskMeeting = his.meetings.find((m) => /Минска/.test(m.title_ru));
	assert.ok(minskMeeting, 'staff see the Moscow–Minsk meeting on his record');
	const viaHarbin = assertJson(await c.harbin.api('GET', `/people/${cheryomin.id}/record`), 200);
	assert.ok(!viaHarbin.meetings.some((m) => m.id === minskMeeting.id), 'not Harbin\'s meeting');
	assertProblem(await c.harbin.api('GET', `/meetings/${minskMeeting.id}`), 404, 'not_found');
	assert.ok(!('email' in viaHarbin), 'no contacts for partners');
	const viaMinsk = assertJson(await c.partner.api('GET', `/people/${cheryomin.id}/record`), 200);
	assert.ok(viaMinsk.meetings.some((m) => m.id === minskMeeting.id), 'Minsk\'s own meeting');
	// rights: a partner reads the record of their own city's people only
	const minsk = byName(await people(c.staff), 'Nadezhda Lazarevich');
	assertJson(await c.partner.api('GET', `/people/${minsk.id}/record`), 200);
	const nowhere = assertJson(await c.admin.api('POST', '/people', { body: { name_ru: 'Без Города',
		name_en: 'No City' } }), 201);
	assertProblem(await c.harbin.api('GET', `/people/${nowhere.id}/record`), 404, 'not_found');
	assertJson(await c.staff.api('GET', `/people/${nowhere.id}/record`), 200);
	assertProblem(await c.correspondent.api('GET', `/people/${p.id}/record`), 403, 'forbidden');
	assertProblem(await srv.api('GET', `/people/${p.id}/record`), 401, 'unauthenticated');
});

test('merging moves posts, meetings and delegation membership, then deletes the duplicate', async () => {
	const gladkov = byName(await people(c.staff), 'Pyotr Gladkov');
	const before = assertJson(await c.staff.api('GET', `/people/${gladkov.id}/record`), 200);
	const dup = assertJson(await c.staff.api('POST', '/people', { body: { name_ru: 'Гладков П.',
		name_en: 'P. Gladkov', post_ru: 'директор МДС', email: 'gladkov@example.org', phone: '+7 495 000-00-00' } }), 201);
	// the duplicate is named in a meeting and a delegation (linked by name, as the demo's are)
	const m = assertJson(await c.staff.api('POST', '/meetings', { body: {
		title_ru: 'Встреча с соотечественниками', title_en: 'Meeting compatriots', format: 'in_person',
		timezone: 'Europe/Moscow', starts_at: '2031-05-05T09:00:00Z', duration: 60,
		participants: [{ role: 'host', organization_id: c.staff.user.organization.id },
			{ role: 'speaker', name_ru: 'Гладков П.', name_en: 'P. Gladkov' }] } }), 201);
	const minsk = byName(await people(c.staff), 'Nadezhda Lazarevich').city.id;
	const d = assertJson(await c.staff.api('POST', '/delegations', { body: { from_city_id: gladkov.city.id,
		to_city_id: minsk, specialty_ru: 'учителя', specialty_en: 'teachers', purpose_ru: 'обмен опытом',
		purpose_en: 'sharing experience', starts_on: '2031-06-01', status: 'planned',
		members: [{ name: 'Гладков П.', role_ru: 'руководитель', role_en: 'head' }] } }), 201);
	let r = assertJson(await c.staff.api('GET', `/people/${dup.id}/record`), 200);
	assert.deepEqual(r.meetings.map((x) => x.id), [m.id]);
	assert.deepEqual(r.delegations.map((x) => [x.id, x.role_en]), [[d.id, 'head']]);
	assertProblem(await c.partner.api('POST', `/people/${gladkov.id}/merge`, { body: { duplicate_id: dup.id } }),
		403, 'forbidden');
	assertProblem(await c.staff.api('POST', `/people/${gladkov.id}/merge`, { body: { duplicate_id: gladkov.id } }),
		400, 'validation_failed');
	assertProblem(await c.staff.api('POST', `/people/${gladkov.id}/merge`, { body: { duplicate_id: 999999 } }),
		404, 'not_found');
	const kept = assertJson(await c.staff.api('POST', `/people/${gladkov.id}/merge`,
		{ body: { duplicate_id: dup.id } }), 200);
	assert.equal(kept.id, gladkov.id);
	assert.equal(kept.email, 'gladkov@example.org', 'contact details fill the kept one\'s gaps');
	assertProblem(await c.staff.api('GET', `/people/${dup.id}`), 404, 'not_found');
	r = assertJson(await c.staff.api('GET', `/people/${gladkov.id}/record`), 200);
	assert.ok(r.meetings.some((x) => x.id === m.id), 'the meeting moved');
	assert.ok(r.delegations.some((x) => x.id === d.id), 'the delegation membership moved');
	assert.equal(r.meetings.length, before.meetings.length + 1);
	assert.equal(r.posts.length, 2, 'both posts are in the history');
	assert.equal(r.posts.filter((x) => x.until === null).length, 1, 'one post is current');
});

test('vCard export and import round trip; a hostile file is refused with a code', async () => {
	const ex = await c.staff.api('GET', '/people.vcf?lang=ru');
	assert.equal(ex.status, 200);
	assert.match(ex.headers['content-type'], /^text\/vcard/);
	assert.match(ex.text, /^BEGIN:VCARD\r\nVERSION:3.0\r\nFN:/);
	assert.match(ex.text, /FN:Пётр Гладков\r\n/);
	assert.ok(ex.text.split('\r\n').every((l) => Buffer.byteLength(l) <= 75), 'folded at 75 octets');
	assert.match((await c.staff.api('GET', '/people.vcf?lang=en')).text, /FN:Pyotr Gladkov\r\n/);
	assertProblem(await c.partner.api('GET', '/people.vcf'), 403, 'forbidden');
	// importing the export adds nobody: every name is there
	let rep = assertJson(await c.staff.api('POST', '/people.vcf', { body: ex.text, headers: VCF }), 200);
	assert.equal(rep.inserted, 0);
	assert.ok(rep.items.length > 5 && rep.items.every((x) => x.result === 'exists'));
	const card = ['BEGIN:VCARD', 'VERSION:4.0', 'FN:Hans Schmidt', 'N:Schmidt;Hans;;;',
		'ORG:Düsseldorf City Administration', 'TITLE:Head of the Internati', ' onal Office',
		'EMAIL;TYPE=work:hans.schmidt@duesseldorf.example', 'TEL;VALUE=uri:tel:+49-211-000',
		'ADR;TYPE=work:;;Marktplatz 1;Düsseldorf;;40213;Germany', 'PHOTO;ENCODING=b;TYPE=JPEG:AAAA', 'END:VCARD',
		'BEGIN:VCARD', 'VERSION:3.0', 'N:Ли;Вэй;;;', 'END:VCARD', ''].join('\r\n');
	rep = assertJson(await c.staff.api('POST', '/people.vcf', { body: card, headers: VCF }), 200);
	assert.equal(rep.inserted, 2);
	assert.deepEqual(rep.items.map((x) => [x.line, x.name, x.result]),
		[[1, 'Hans Schmidt', 'inserted'], [13, 'Вэй Ли', 'inserted']]);
	const hans = assertJson(await c.staff.api('GET', `/people/${rep.items[0].id}`), 200);
	assert.equal(hans.post_en, 'Head of the International Office', 'a folded line unfolds');
	assert.equal(hans.email, 'hans.schmidt@duesseldorf.example');
	assert.equal(hans.phone, '+49-211-000');
	assert.equal(hans.city?.name_en, 'Düsseldorf', 'the city of ADR, from the gazetteer');
	const refusals = [
		['BEGIN:VCARD\r\nVERSION:3.0\r\nFN;ENCODING=QUOTED-PRINTABLE:=D0=98\r\nEND:VCARD\r\n', 'quoted_printable', 3],
		['BEGIN:VCARD\r\nVERSION:2.1\r\nFN:A\r\nEND:VCARD\r\n', 'unsupported_version', 2],
		['BEGIN:VCARD\r\nVERSION:3.0\r\nFN:\xff\r\nEND:VCARD\r\n', 'invalid_utf8', 3],
		['BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\x01B\r\nEND:VCARD\r\n', 'control_character', 3],
		['BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\n', 'unbalanced', 1],
		['BEGIN:VCARD\r\nVERSION:3.0\r\nFN A\r\nEND:VCARD\r\n', 'syntax', 3],
		['BEGIN:VCARD\r\nVERSION:3.0\r\nTITLE:x\r\nEND:VCARD\r\n', 'no_name', 1],
		['hello', 'syntax', 1],
		['', 'no_cards', 0],
		[`BEGIN:VCARD\r\nVERSION:3.0\r\nFN:${'a'.repeat(17000)}\r\nEND:VCARD\r\n`, 'line_too_long', 3],
		['\n'.repeat(50001), 'too_many_lines', 0],
	];
	for (const [text, code, line] of refusals) {
		const body = Buffer.from(text, 'latin1');
		const p = assertProblem(await c.staff.api('POST', '/people.vcf', { body, headers: VCF }), 400, code, code);
		assert.equal(p.line, line, code);
	}
	assertProblem(await c.staff.api('POST', '/people.vcf', { body: { name: 'x' } }), 415, 'unsupported_media_type');
	assertJson(await c.staff.api('POST', '/people.vcf', { body: ex.text, headers: { 'Content-Type': 'text/x-vcard' } }),
		200, 'the older type name');
	assert.equal((await sendTooLarge(srv, c.staff, { path: '/people.vcf', type: 'text/vcard', bytes: (1 << 20) + 10 })).status, 413);
	assertProblem(await c.partner.api('POST', '/people.vcf', { body: card, headers: VCF }), 403, 'forbidden');
	// a card whose fields the person form refuses is reported, not inserted
	rep = assertJson(await c.staff.api('POST', '/people.vcf', { body: 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bad Mail\r\n' +
		'EMAIL:not-an-address\r\nEND:VCARD\r\n', headers: VCF }), 200);
	assert.equal(rep.inserted, 0);
	assert.equal(rep.items[0].result, 'refused');
	assert.equal(rep.items[0].errors[0].field, 'email');
});

test('search finds people, practices, shipments and delegations with their pages\' visibility', async () => {
	for (const q of ['Гладков', 'Gladkov', 'Черёмин', 'Черемин', 'Cheryomin']) {
		const hit = (await search(c.staff, q)).find((h) => h.kind === 'person');
		assert.ok(hit, `${q}: a person`);
		assert.match(hit.url, /^\/people\/\d+$/);
	}
	// partners: the people of their city and its partners; nobody for the public or correspondents
	assert.ok((await search(c.partner, 'Лазаревич')).some((h) => h.kind === 'person'), 'Minsk sees its own');
	assert.ok((await search(c.partner, 'Черёмин')).some((h) => h.kind === 'person'), 'and its partner Moscow\'s');
	assert.equal((await search(srv, 'Черёмин')).filter((h) => h.kind === 'person').length, 0);
	assert.equal((await search(c.correspondent, 'Черёмин')).filter((h) => h.kind === 'person').length, 0);
	const hits = await search(srv, 'электронной школы', '&kind=practice');
	assert.ok(hits.length > 0 && hits.every((h) => h.kind === 'practice' && /^\/practices\/\d+$/.test(h.url)));
	const ship = (await search(c.staff, 'тепловизоры')).find((h) => h.kind === 'shipment');
	assert.ok(ship, 'a shipment by its items');
	assert.match(ship.url, /^\/shipments\/\d+$/);
	assert.equal((await search(srv, 'тепловизоры')).filter((h) => h.kind === 'shipment').length, 0, 'not public');
	assert.equal((await search(c.harbin, 'тепловизоры')).filter((h) => h.kind === 'shipment').length, 0,
		'not another city\'s');
	const del = (await search(c.staff, 'врачей', '&kind=delegation'));
	assert.ok(del.length > 0 && del.every((h) => h.kind === 'delegation'), 'a delegation by its specialty');
	assert.ok((await search(c.harbin, 'врачи', '&kind=delegation')).length > 0, 'Harbin sees its own delegation');
	assert.equal((await search(srv, 'врачи', '&kind=delegation')).length, 0, 'not public');
	// the index follows writes: a new person is found, a deleted one is not
	const p = assertJson(await c.admin.api('POST', '/people', { body: { name_ru: 'Аристарх Зябликов',
		name_en: 'Aristarkh Zyablikov' } }), 201);
	assert.ok((await search(c.staff, 'Зябликов')).some((h) => h.kind === 'person' && h.id === p.id));
	assert.equal((await c.admin.api('DELETE', `/people/${p.id}`)).status, 204);
	assert.equal((await search(c.staff, 'Зябликов')).filter((h) => h.kind === 'person').length, 0);
});
