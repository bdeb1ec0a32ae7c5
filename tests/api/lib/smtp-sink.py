#!/usr/bin/python3
# A real SMTP server for the mail tests: Debian's aiosmtpd on loopback. Each
# message it accepts is parsed by Python's email package (a second MIME
# parser beside whatever built it) and printed as one JSON line on stdout:
#
#   {"event": "ready", "port": N}
#   {"event": "data", "message_id": "<...>"}      DATA received, before the answer
#   {"event": "message", "mail_from", "rcpt_tos", "raw", "headers", "raw_headers",
#    "parts": [{"content_type", "params", "charset", "cte", "filename", "content"}]}
#
# A message counts as delivered only when its 250 goes to a live
# connection: --delay-ms holds the answer, and a client that dies meanwhile
# (kill -9) cancels the handler, so nothing is printed for it.
#
#   smtp-sink.py --port N [--delay-ms MS] [--hold] [--refuse ADDR,...] [--auth USER:PASSWORD]
#
# --hold holds every answer to DATA until the line "release" arrives on
# standard input (then the answers go, after --delay-ms): a message is kept
# in flight for as long as a test needs, whatever the machine's load.
# --refuse answers 550 to RCPT TO those addresses; --auth requires AUTH
# (PLAIN or LOGIN) with that user and password, without TLS (loopback).

import argparse
import asyncio
import email
import email.header
import email.policy
import json
import signal
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def out(obj):
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + '\n')
    sys.stdout.flush()


def decoded(value):
    return str(email.header.make_header(email.header.decode_header(value)))


def parse(raw):
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    raw_headers = {k.lower(): v for k, v in msg.items()}
    headers = {k.lower(): decoded(v) for k, v in msg.items()}
    parts = []
    for part in msg.walk():
        if part.is_multipart():
            parts.append({'content_type': part.get_content_type(), 'multipart': True})
            continue
        payload = part.get_payload(decode=True) or b''
        charset = part.get_content_charset()
        params = {k.lower(): v for k, v in part.get_params()[1:]} if part.get_params() else {}
        parts.append({
            'content_type': part.get_content_type(),
            'params': params,
            'charset': charset,
            'cte': (part.get('Content-Transfer-Encoding') or '').lower(),
            'filename': part.get_filename(),
            'content': payload.decode(charset or 'utf-8', errors='replace'),
        })
    return raw_headers, headers, parts


class Handler:
    def __init__(self, delay, refuse, hold):
        self.delay = delay
        self.refuse = refuse
        self.released = asyncio.Event()
        if not hold:
            self.released.set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse:
            return '550 5.1.1 no such mailbox here'
        envelope.rcpt_tos.append(address)
        return '250 OK'

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        raw_headers, headers, parts = parse(raw)
        out({'event': 'data', 'message_id': headers.get('message-id')})
        await self.released.wait()	# cancelled, like the delay, if the client dies meanwhile
        if self.delay > 0:
            await asyncio.sleep(self.delay)	# cancelled if the client dies meanwhile
        if server.transport is None or server.transport.is_closing():
            return '451 gone'
        out({'event': 'message', 'mail_from': envelope.mail_from, 'rcpt_tos': envelope.rcpt_tos,
             'raw': raw.decode('utf-8', errors='replace'), 'seven_bit': all(b < 128 for b in raw),
             'raw_headers': raw_headers, 'headers': headers, 'parts': parts})
        return '250 OK: queued'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--port', type=int, required=True)
    ap.add_argument('--delay-ms', type=int, default=0)
    ap.add_argument('--hold', action='store_true')
    ap.add_argument('--refuse', default='')
    ap.add_argument('--auth', default=None)
    a = ap.parse_args()
    kw = {}
    if a.auth:
        user, password = a.auth.split(':', 1)

        def check(server, session, envelope, mechanism, data):
            ok = isinstance(data, LoginPassword) and data.login.decode() == user and \
                data.password.decode() == password
            return AuthResult(success=ok, handled=False)
        kw = {'authenticator': check, 'auth_require_tls': False, 'auth_required': True}
    refuse = {x.strip().lower() for x in a.refuse.split(',') if x.strip()}
    handler = Handler(a.delay_ms / 1000, refuse, a.hold)
    ctl = Controller(handler, hostname='127.0.0.1', port=a.port, **kw)
    ctl.start()

    def commands():
        for line in sys.stdin:
            if line.strip() == 'release':
                ctl.loop.call_soon_threadsafe(handler.released.set)
    if a.hold:
        threading.Thread(target=commands, daemon=True).start()
    out({'event': 'ready', 'port': a.port})
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    done.wait()
    ctl.stop()


if __name__ == '__main__':
    main()
