#!/usr/bin/env python3
"""Asks a running Janus, through its Unix-socket API (SOCK_SEQPACKET), who
has joined a VideoRoom room as a publisher: prints the JSON list of
{"id", "display", "publisher"}. The tests read what the media server itself
holds, not what pobratim says it asked for.

usage: janus-participants.py SOCKET API_SECRET ROOM
"""
import json
import socket
import sys


def call(sock, secret, body, n=[0]):
    n[0] += 1
    txn = f"t{n[0]}"
    sock.send(json.dumps({**body, "transaction": txn, "apisecret": secret}).encode())
    while True:
        reply = json.loads(sock.recv(262144))
        if reply.get("transaction") == txn and reply.get("janus") != "ack":
            if reply.get("janus") == "error":
                sys.exit(f"janus: {reply['error']}")
            return reply


def main():
    path, secret, room = sys.argv[1], sys.argv[2], int(sys.argv[3])
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    sock.settimeout(10)
    sock.connect(path)
    session = call(sock, secret, {"janus": "create"})["data"]["id"]
    handle = call(sock, secret, {"janus": "attach", "session_id": session,
                                 "plugin": "janus.plugin.videoroom"})["data"]["id"]
    reply = call(sock, secret, {"janus": "message", "session_id": session, "handle_id": handle,
                                "body": {"request": "listparticipants", "room": room}})
    data = reply["plugindata"]["data"]
    call(sock, secret, {"janus": "destroy", "session_id": session})
    # Janus may still send (the handle's "detached"): closing while it does
    # crashes its Unix-socket transport (janus_pfunix_send_message, seen with
    # 1.1.2), so read until it has nothing more to say.
    sock.settimeout(0.5)
    try:
        while sock.recv(262144):
            pass
    except socket.timeout:
        pass
    if "participants" not in data:
        sys.exit(f"janus: {data}")
    print(json.dumps([{k: p.get(k) for k in ("id", "display", "publisher")}
                      for p in data["participants"]]))


main()
