// A small strict XML 1.0 reader for the feed tests: well-formedness (one root,
// balanced tags, quoted attributes, known entities, no stray '<' or '&') into
// a tree { name, attrs, children, text }. Throws on the first error.

const NAME = /^[A-Za-z_][\w.:-]*/;
const ENTITY = /^&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/;

function decode(s, where) {
	let out = '';
	for (let i = 0; i < s.length;) {
		if (s[i] === '<')
			throw new Error(`stray '<' in ${where}`);
		if (s[i] !== '&') {
			out += s[i++];
			continue;
		}
		const m = ENTITY.exec(s.slice(i));
		if (!m)
			throw new Error(`bad entity in ${where}: ${s.slice(i, i + 12)}`);
		const e = m[1];
		out += e === 'amp' ? '&' : e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : e === 'apos' ? "'" :
			String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
		i += m[0].length;
	}
	return out;
}

export function parseXml(text) {
	let i = 0;
	if (text.startsWith('<?xml')) {
		i = text.indexOf('?>');
		if (i < 0)
			throw new Error('unterminated XML declaration');
		i += 2;
	}
	const root = { name: '#document', attrs: {}, children: [], text: '' };
	const stack = [root];
	while (i < text.length) {
		const lt = text.indexOf('<', i);
		const chunk = text.slice(i, lt < 0 ? text.length : lt);
		const top = stack[stack.length - 1];
		if (stack.length === 1 && chunk.trim() !== '')
			throw new Error('text outside the root element');
		top.text += decode(chunk, top.name);
		if (lt < 0)
			break;
		const gt = text.indexOf('>', lt);
		if (gt < 0)
			throw new Error('unterminated tag');
		const tag = text.slice(lt + 1, gt);
		i = gt + 1;
		if (tag.startsWith('/')) {
			const open = stack.pop();
			if (open.name !== tag.slice(1).trim())
				throw new Error(`</${tag.slice(1)}> closes <${open.name}>`);
			continue;
		}
		const selfClosing = tag.endsWith('/');
		let body = selfClosing ? tag.slice(0, -1) : tag;
		const m = NAME.exec(body);
		if (!m)
			throw new Error(`bad tag <${tag}>`);
		const el = { name: m[0], attrs: {}, children: [], text: '' };
		body = body.slice(m[0].length);
		const attr = /^\s+([A-Za-z_][\w.:-]*)="([^"]*)"/;
		let a;
		while ((a = attr.exec(body)) !== null) {
			if (a[1] in el.attrs)
				throw new Error(`duplicate attribute ${a[1]}`);
			el.attrs[a[1]] = decode(a[2], `${el.name}@${a[1]}`);
			body = body.slice(a[0].length);
		}
		if (body.trim() !== '')
			throw new Error(`bad attributes in <${tag}>`);
		if (stack.length === 1 && root.children.length > 0)
			throw new Error('more than one root element');
		top.children.push(el);
		if (!selfClosing)
			stack.push(el);
	}
	if (stack.length !== 1)
		throw new Error(`<${stack[stack.length - 1].name}> is not closed`);
	if (root.children.length !== 1)
		throw new Error('no root element');
	return root.children[0];
}

export const child = (el, name) => el.children.find((c) => c.name === name);
export const children = (el, name) => el.children.filter((c) => c.name === name);
