// The Debian package (issue 17, item 2): `make deb`'s build/deb/*.deb holds
// the binary, the web UI, the systemd unit, the configuration file (a
// conffile) and the manual page; its unit runs as its own user in the
// sandbox; and the installed binary, unpacked with `dpkg -x` into a
// temporary root (nothing on the machine is touched, no systemd needed),
// starts with the installed configuration file, its paths moved into that
// root, and answers /api/v1/health, /api/v1/ready and the web UI.
// Builds the package when there is none (make test has built it already).

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { REPO, freePort, rawRequest } from '../api/lib/server.mjs';

const DEB_DIR = path.join(REPO, 'build', 'deb');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pobratim-deb-'));
let deb;
let listing;

function run(cmd, args, opts = {}) {
	const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
	assert.equal(r.status, 0, `${cmd} ${args.join(' ')}: ${r.stderr}`);
	return r.stdout;
}

const debs = () => (fs.existsSync(DEB_DIR) ? fs.readdirSync(DEB_DIR) : [])
	.filter((f) => /^pobratim_.*\.deb$/.test(f)).map((f) => path.join(DEB_DIR, f));

before(() => {
	if (debs().length === 0)
		run('make', ['--no-print-directory', '-C', REPO, 'deb'], { stdio: ['ignore', 'ignore', 'pipe'] });
	[deb] = debs().sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
	listing = run('dpkg-deb', ['-c', deb]);
	run('dpkg-deb', ['-x', deb, root]);
});

after(() => fs.rmSync(root, { recursive: true, force: true }));

/* "-rwxr-xr-x root/root 6197568 2026-12-07 05:44 ./usr/bin/pobratim" → { mode, owner, size, path } */
function entries() {
	return listing.trim().split('\n').map((l) => {
		const [mode, owner, size, , , ...rest] = l.split(/\s+/);
		return { mode, owner, size: Number(size), path: rest.join(' ').replace(/^\./, '').replace(/ -> .*/, '') };
	});
}

test('dpkg -c: binary, web UI, unit, configuration file, manual page', () => {
	const byPath = new Map(entries().map((e) => [e.path, e]));
	const want = {
		'/usr/bin/pobratim': /^-rwxr-xr-x$/,
		'/usr/share/pobratim/web/index.html': /^-rw-r--r--$/,
		'/lib/systemd/system/pobratim.service': /^-rw-r--r--$/,
		'/etc/pobratim/pobratim.conf': /^-rw-r--r--$/,	/* 0640 root:pobratim by the postinst */
		'/usr/share/man/man1/pobratim.1.gz': /^-rw-r--r--$/,
	};
	for (const [p, mode] of Object.entries(want)) {
		assert.ok(byPath.has(p), `${p} in the package:\n${listing}`);
		assert.match(byPath.get(p).mode, mode, p);
		assert.equal(byPath.get(p).owner, 'root/root', p);
	}
	const assets = [...byPath.keys()].filter((p) => p.startsWith('/usr/share/pobratim/web/assets/'));
	assert.ok(assets.some((p) => p.endsWith('.js')) && assets.some((p) => p.endsWith('.css')),
	    'the built web UI\'s scripts and styles');
	assert.ok(byPath.get('/usr/bin/pobratim').size > 1 << 20);
	/* nothing of the build tree or of a developer's machine */
	for (const p of byPath.keys())
		assert.doesNotMatch(p, /\/(build|var|node_modules|tests)\/|\.db$|\.o$/, p);
	const summary = Object.keys(want).map((p) => `${p} ${byPath.get(p).size}`).join(', ');
	console.log(`# ${path.basename(deb)}: ${byPath.size} entries, ${assets.length} web assets; ${summary}`);
});

test('control: Depends has the linked libraries and janus; the configuration file is a conffile', () => {
	const depends = run('dpkg-deb', ['-f', deb, 'Depends']);
	for (const lib of ['libwebsockets', 'libjansson', 'libsodium', 'libsqlite3', 'libcurl', 'libc6', 'janus', 'tzdata', 'adduser'])
		assert.match(depends, new RegExp(`\\b${lib}`), `Depends: ${depends}`);
	const control = path.join(root, 'DEBIAN');
	run('dpkg-deb', ['-e', deb, control]);
	assert.deepEqual(fs.readFileSync(path.join(control, 'conffiles'), 'utf8').trim().split('\n'),
	    ['/etc/pobratim/pobratim.conf']);
	/* the maintainer scripts: valid sh, the postinst makes the system user */
	for (const s of ['postinst', 'postrm', 'prerm'].filter((f) => fs.existsSync(path.join(control, f))))
		run('sh', ['-n', path.join(control, s)]);
	const postinst = fs.readFileSync(path.join(control, 'postinst'), 'utf8');
	assert.match(postinst, /adduser --system .*pobratim/s);
	assert.match(postinst, /chmod 0640 \/etc\/pobratim\/pobratim.conf/);
	assert.match(postinst, /deb-systemd-helper/, 'dh_installsystemd enables the unit');
});

test('the unit: its own user, state directory, the sandbox; systemd-analyze security', () => {
	const unitFile = path.join(root, 'lib/systemd/system/pobratim.service');
	const unit = fs.readFileSync(unitFile, 'utf8');
	const set = new Map();
	for (const l of unit.split('\n').filter((x) => /^[A-Za-z]+=/.test(x))) {
		const i = l.indexOf('=');
		set.set(l.slice(0, i), [...(set.get(l.slice(0, i)) ?? []), l.slice(i + 1)]);
	}
	const expect = {
		User: 'pobratim', StateDirectory: 'pobratim', ProtectSystem: 'strict', ProtectHome: 'yes',
		NoNewPrivileges: 'yes', PrivateTmp: 'yes', PrivateDevices: 'yes', CapabilityBoundingSet: '',
		ExecStart: '/usr/bin/pobratim serve --config /etc/pobratim/pobratim.conf',
		RestartPreventExitStatus: '2 3', KillMode: 'mixed',
	};
	for (const [k, v] of Object.entries(expect))
		assert.deepEqual(set.get(k), [v], k);
	assert.ok(set.get('SystemCallFilter').includes('@system-service'));
	assert.match(set.get('RestrictAddressFamilies')[0], /^AF_UNIX AF_INET AF_INET6/);

	const sa = spawnSync('systemd-analyze', ['security', '--offline=true', '--no-pager', unitFile],
	    { encoding: 'utf8' });
	if (sa.error) {
		console.log('# systemd-analyze is not installed: the exposure score is not checked');
		return;
	}
	const m = /Overall exposure level for pobratim\.service: ([\d.]+) (\S+)/.exec(sa.stdout);
	assert.ok(m, `systemd-analyze security:\n${sa.stdout}\n${sa.stderr}`);
	console.log(`# systemd-analyze security: ${m[1]} ${m[2]}`);
	assert.ok(Number(m[1]) <= 2.5, `exposure ${m[1]} ${m[2]} (at most 2.5):\n${sa.stdout}`);
});

test('the manual page: made from --help, with the configuration file and exit statuses', () => {
	const page = spawnSync('sh', ['-c', `gzip -dc '${root}/usr/share/man/man1/pobratim.1.gz'`], { encoding: 'utf8' }).stdout;
	assert.match(page, /^\.TH POBRATIM "1"/m);
	for (const s of ['--listen', '--config', 'POBRATIM_DB', 'CONFIGURATION FILE', 'EXIT STATUS', '/etc/pobratim/pobratim.conf'])
		assert.ok(page.includes(s.replace(/-/g, '\\-')) || page.includes(s), `${s} in the page`);
});

test('the installed binary starts with the installed configuration and answers', async () => {
	const conf = path.join(root, 'etc/pobratim/pobratim.conf');
	const state = path.join(root, 'var/lib/pobratim');
	fs.mkdirSync(state, { recursive: true, mode: 0o700 });
	const port = await freePort();
	/*
	 * The installed file as it is, its paths moved into the temporary root (the
	 * state directory systemd would make, the installed web UI) and its port a free
	 * one; and the mesh, not Janus: other suites on this machine use the media
	 * ports. Every other line stays as packaged.
	 */
	const moved = { listen: `127.0.0.1:${port}`, db: path.join(state, 'pobratim.db'),
		files: path.join(state, 'files'), web: path.join(root, 'usr/share/pobratim/web') };
	const packaged = fs.readFileSync(conf, 'utf8');
	let text = packaged;
	for (const [k, v] of Object.entries(moved)) {
		const re = new RegExp(`^${k} = .*$`, 'm');
		assert.match(text, re, `the packaged file sets ${k}`);
		text = text.replace(re, `${k} = ${v}`);
	}
	assert.match(packaged, /^db = \/var\/lib\/pobratim\/pobratim\.db$/m);
	assert.match(packaged, /^web = \/usr\/share\/pobratim\/web$/m);
	text += 'media = mesh\n';
	fs.writeFileSync(conf, text);

	const bin = path.join(root, 'usr/bin/pobratim');
	const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('POBRATIM_')));
	assert.match(run(bin, ['--version'], { env }), /^pobratim \d+\.\d+\.\d+/);
	const child = spawn(bin, ['serve', '--config', conf], { env, stdio: ['ignore', 'ignore', 'pipe'] });
	let stderr = '';
	child.stderr.setEncoding('utf8');
	child.stderr.on('data', (d) => { stderr += d; });
	const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
	let done = null;
	exited.then((e) => { done = e; });
	try {
		const deadline = Date.now() + 60000;
		let health;
		while (!health) {
			assert.equal(done, null, `the installed binary exited: ${JSON.stringify(done)}\n${stderr}`);
			assert.ok(Date.now() < deadline, `no answer within 60 s:\n${stderr}`);
			try {
				const r = await rawRequest(port, 'GET', '/api/v1/health', { timeout: 1000 });
				if (r.status === 200)
					health = r;
			} catch {
				await new Promise((resolve) => setTimeout(resolve, 100));
			}
		}
		assert.equal(health.json.status, 'ok', health.text);
		assert.match(health.json.version, /^\d+\.\d+\.\d+$/);
		/* readiness: the database the installed configuration names answers (rooms on the mesh here) */
		const ready = await rawRequest(port, 'GET', '/api/v1/ready');
		assert.equal(ready.status, 200, ready.text);
		assert.deepEqual([ready.json.status, ready.json.checks.database.status, ready.json.checks.media_server.status],
		    ['ready', 'up', 'not_configured']);
		const index = await rawRequest(port, 'GET', '/');
		assert.equal(index.status, 200);
		assert.equal(index.text, fs.readFileSync(path.join(moved.web, 'index.html'), 'utf8'),
		    'the installed web UI is served');
		assert.ok(fs.existsSync(moved.db), 'the database where the configuration file says');
		assert.match(stderr, /gazetteer: \d+ cities/, 'the gazetteer inside the binary');
	} finally {
		if (done === null)
			child.kill('SIGTERM');
		const e = await exited;
		assert.deepEqual(e, { code: 0, signal: null }, stderr);
	}

	/* a mistake in the file: refused with its name and line, exit 2 */
	fs.writeFileSync(conf, `${text}workrs = 4\n`);
	const bad = spawnSync(bin, ['migrate', '--config', conf], { env, encoding: 'utf8' });
	assert.equal(bad.status, 2);
	const line = text.split('\n').length;
	assert.match(bad.stderr, new RegExp(`${conf.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${line}: unknown key 'workrs'`));
});
