// Search snippets (src/db/search.c): the marks of a hit's title and the
// snippet of its body, which the server makes itself instead of asking FTS5's
// highlight() and snippet() once per hit. The expected values are what FTS5
// answered for the same texts and queries (SQLite 3.40, the build before the
// change), so the two can not drift apart unseen: the words marked, the
// 24 words chosen (centred on the query's words, or the start of their
// sentence when that scores better), "…" where the text goes on, and a title
// or body shorter than a snippet kept whole.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { DEMO, assertJson, startServer } from './lib/server.mjs';

let srv, staff;

before(async () => {
	srv = await startServer();
	staff = await srv.client().signIn(DEMO.staff);
});

after(async () => {
	await srv?.stop();
});

/* n made-up words stem to themselves: w + two letters */
const words = (n, w) => Array.from({ length: n }, (_, i) =>
	`${w}${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`).join(' ');

const DOCS = [
	{ title: 'Квазар один', body: `${words(40, 'слово')} квазара ${words(40, 'далее')}.` },
	{ title: 'Квазар два', body: `${words(10, 'вступление')}. Новая мысль о квазарах ${words(30, 'хвост')}.` },
	{ title: 'Квазар и пульсар: квазары', body: 'Коротко: пульсар и квазар' },
	{ title: 'Пульсар', body: `${words(5, 'начало')} квазар ${words(3, 'x')} пульсар ${words(30, 'конец')} квазар пульсар ${words(5, 'z')}: квазар.` },
];

/* [query, title, title_marked, snippet] as FTS5 made them */
const FTS5 = [
	["квазар", "Квазар и пульсар: квазары", [{"text": "Квазар", "mark": true}, {"text": " и пульсар: ", "mark": false}, {"text": "квазары", "mark": true}], [{"text": "Коротко: пульсар и ", "mark": false}, {"text": "квазар", "mark": true}]],
	["квазар", "Квазар два", [{"text": "Квазар", "mark": true}, {"text": " два", "mark": false}], [{"text": "…Новая мысль о ", "mark": false}, {"text": "квазарах", "mark": true}, {"text": " хвостaa хвостba хвостca хвостda хвостea хвостfa хвостga хвостha хвостia хвостja хвостka хвостla хвостma хвостna хвостoa хвостpa хвостqa хвостra хвостsa хвостta…", "mark": false}]],
	["квазар", "Квазар один", [{"text": "Квазар", "mark": true}, {"text": " один", "mark": false}], [{"text": "…словоdb словоeb словоfb словоgb словоhb словоib словоjb словоkb словоlb словоmb словоnb ", "mark": false}, {"text": "квазара", "mark": true}, {"text": " далееaa далееba далееca далееda далееea далееfa далееga далееha далееia далееja далееka далееla…", "mark": false}]],
	["квазар", "Пульсар", [{"text": "Пульсар", "mark": false}], [{"text": "началоaa началоba началоca началоda началоea ", "mark": false}, {"text": "квазар", "mark": true}, {"text": " xaa xba xca пульсар конецaa конецba конецca конецda конецea конецfa конецga конецha конецia конецja конецka конецla конецma конецna…", "mark": false}]],
	["квазар пульсар", "Квазар и пульсар: квазары", [{"text": "Квазар", "mark": true}, {"text": " и ", "mark": false}, {"text": "пульсар", "mark": true}, {"text": ": ", "mark": false}, {"text": "квазары", "mark": true}], [{"text": "Коротко: ", "mark": false}, {"text": "пульсар", "mark": true}, {"text": " и ", "mark": false}, {"text": "квазар", "mark": true}]],
	["квазар пульсар", "Пульсар", [{"text": "Пульсар", "mark": true}], [{"text": "началоaa началоba началоca началоda началоea ", "mark": false}, {"text": "квазар", "mark": true}, {"text": " xaa xba xca ", "mark": false}, {"text": "пульсар", "mark": true}, {"text": " конецaa конецba конецca конецda конецea конецfa конецga конецha конецia конецja конецka конецla конецma конецna…", "mark": false}]],
	["квазар квазар", "Квазар и пульсар: квазары", [{"text": "Квазар", "mark": true}, {"text": " и пульсар: ", "mark": false}, {"text": "квазары", "mark": true}], [{"text": "Коротко: пульсар и ", "mark": false}, {"text": "квазар", "mark": true}]],
	["квазар квазар", "Квазар два", [{"text": "Квазар", "mark": true}, {"text": " два", "mark": false}], [{"text": "…Новая мысль о ", "mark": false}, {"text": "квазарах", "mark": true}, {"text": " хвостaa хвостba хвостca хвостda хвостea хвостfa хвостga хвостha хвостia хвостja хвостka хвостla хвостma хвостna хвостoa хвостpa хвостqa хвостra хвостsa хвостta…", "mark": false}]],
	["квазар квазар", "Квазар один", [{"text": "Квазар", "mark": true}, {"text": " один", "mark": false}], [{"text": "…словоdb словоeb словоfb словоgb словоhb словоib словоjb словоkb словоlb словоmb словоnb ", "mark": false}, {"text": "квазара", "mark": true}, {"text": " далееaa далееba далееca далееda далееea далееfa далееga далееha далееia далееja далееka далееla…", "mark": false}]],
	["квазар квазар", "Пульсар", [{"text": "Пульсар", "mark": false}], [{"text": "началоaa началоba началоca началоda началоea ", "mark": false}, {"text": "квазар", "mark": true}, {"text": " xaa xba xca пульсар конецaa конецba конецca конецda конецea конецfa конецga конецha конецia конецja конецka конецla конецma конецna…", "mark": false}]],
	["пульсар", "Квазар и пульсар: квазары", [{"text": "Квазар и ", "mark": false}, {"text": "пульсар", "mark": true}, {"text": ": квазары", "mark": false}], [{"text": "Коротко: ", "mark": false}, {"text": "пульсар", "mark": true}, {"text": " и квазар", "mark": false}]],
	["пульсар", "Пульсар", [{"text": "Пульсар", "mark": true}], [{"text": "началоaa началоba началоca началоda началоea квазар xaa xba xca ", "mark": false}, {"text": "пульсар", "mark": true}, {"text": " конецaa конецba конецca конецda конецea конецfa конецga конецha конецia конецja конецka конецla конецma конецna…", "mark": false}]]
];

test('snippets and marks are FTS5\'s', async () => {
	for (const d of DOCS)
		assertJson(await staff.api('POST', '/bulletins', { body: { kind: 'news', lang: 'ru', ...d,
			countries: ['IT'], topics: ['compatriots'] } }), 201);
	const got = [];
	for (const q of [...new Set(FTS5.map((x) => x[0]))]) {
		const r = assertJson(await staff.api('GET', `/search?kind=bulletin&q=${encodeURIComponent(q)}`), 200);
		for (const h of r.items)
			got.push([q, h.title, h.title_marked, h.snippet]);
	}
	assert.deepEqual(got, FTS5);
});
