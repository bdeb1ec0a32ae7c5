// Asks the running Janus itself, as pobratim does: a WebSocket on the Unix
// socket of its private directory (protocol "janus-protocol"), with the API
// secret of its configuration. The tests read what the media server holds,
// not what pobratim says it asked for.

import fs from 'node:fs';
import path from 'node:path';

import { wsOpen } from './ws.mjs';

const READY = /media: Janus ready \(pid \d+, directory ([^)]+)\)/g;

/* The directory of the Janus that started last, from the server's log. */
export function janusDir(srv) {
	return [...srv.stderr().matchAll(READY)].at(-1)[1];
}

export const janusSecret = (dir) =>
	/api_secret = "([0-9a-f]{64})"/.exec(fs.readFileSync(path.join(dir, 'janus.jcfg'), 'utf8'))[1];

/* Janus's list of who joined room as a publisher: [{ id, display, publisher }]. */
export async function janusParticipants(srv, room) {
	const dir = janusDir(srv);
	const secret = janusSecret(dir);
	const { status, client } = await wsOpen({ socketPath: path.join(dir, 'api.sock') },
		{ path: '/', host: 'localhost', protocol: 'janus-protocol' });
	if (status !== 101)
		throw new Error(`Janus's socket answered ${status}`);
	let n = 0;
	const call = async (body) => {
		const transaction = `t${++n}`;
		client.send({ ...body, transaction, apisecret: secret });
		const reply = await client.next((m) => m.transaction === transaction && m.janus !== 'ack', 10000);
		if (reply.janus === 'error')
			throw new Error(`janus: ${reply.error.reason}`);
		return reply;
	};
	try {
		const session = (await call({ janus: 'create' })).data.id;
		const handle = (await call({ janus: 'attach', session_id: session, plugin: 'janus.plugin.videoroom' })).data.id;
		const reply = await call({ janus: 'message', session_id: session, handle_id: handle,
			body: { request: 'listparticipants', room } });
		await call({ janus: 'destroy', session_id: session });
		const data = reply.plugindata.data;
		if (!data.participants)
			throw new Error(`janus: ${JSON.stringify(data)}`);
		return data.participants.map(({ id, display, publisher }) => ({ id, display, publisher }));
	} finally {
		await client.close();
	}
}
