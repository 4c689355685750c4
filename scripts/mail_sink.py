#!/usr/bin/env python3
"""A real SMTP server for SaferCyber's tests (aiosmtpd from PyPI), independent of the Swift code it tests.

Each message received is parsed with Python's own email package and written as one JSON file in --dir:
{"mail_from", "rcpt_tos", "headers": {...}, "subject", "text", "html", "attachments": [{"filename", "content_type",
"content"}]}. Modes:
  (default)             plain SMTP (the client must use SMTP_TLS=off, allowed only for localhost)
  --starttls            offers STARTTLS with a throwaway certificate for "localhost" (written to --dir/ca.pem) and
                        refuses MAIL before TLS
  --implicit            TLS from the first byte (SMTP_TLS=implicit)
  --auth USER:PASSWORD  requires AUTH PLAIN or LOGIN with these credentials
  --hang                accepts connections and never answers (the client's timeouts)
  --reject DOMAIN       answers 550 to RCPT TO any address at DOMAIN (a permanent failure)
  --tempfail DOMAIN     answers 451 to RCPT TO any address at DOMAIN (a temporary failure)
  --smtputf8            offers SMTPUTF8 (RFC 6531), so addresses with letters outside ASCII before the @ are taken
  --relay-denied DOMAIN answers "550 5.7.1 Relaying denied" to RCPT TO any address at DOMAIN (the relay's policy,
                        not the address: the deployment's problem, so a later try may work)
Prints "ready <port>" on stdout once listening (port 0 picks a free one), then serves until killed.
"""
import argparse
import asyncio
import email
import email.policy
import json
import os
import socket
import ssl
import subprocess
import sys
import threading
import time
import uuid


def make_certificate(folder):
    key, cert = os.path.join(folder, "key.pem"), os.path.join(folder, "ca.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
         "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"],
        check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def parse(envelope):
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    out = {
        "mail_from": envelope.mail_from, "rcpt_tos": list(envelope.rcpt_tos),
        "headers": {k: str(v) for k, v in message.items()}, "subject": str(message["subject"]),
        "text": None, "html": None, "attachments": [], "raw_size": len(envelope.content),
    }
    for part in message.walk():
        if part.is_multipart():
            continue
        if part.get_filename():
            out["attachments"].append({
                "filename": part.get_filename(), "content_type": part.get_content_type(),
                "content": part.get_payload(decode=True).decode("utf-8")})
        elif part.get_content_type() == "text/plain":
            out["text"] = part.get_content()
        elif part.get_content_type() == "text/html":
            out["html"] = part.get_content()
    return out


class Handler:
    def __init__(self, folder, reject, tempfail, relay_denied=""):
        self.folder, self.reject, self.tempfail, self.relay_denied = folder, reject, tempfail, relay_denied

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        domain = address.rsplit("@", 1)[-1].lower()
        if self.reject and domain == self.reject:
            return "550 5.1.1 No such user here"
        if self.relay_denied and domain == self.relay_denied:
            return "550 5.7.1 Relaying denied"
        if self.tempfail and domain == self.tempfail:
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        record = parse(envelope)
        name = f"{time.time():.6f}-{uuid.uuid4().hex[:8]}.json"
        tmp = os.path.join(self.folder, name + ".tmp")
        with open(tmp, "w") as f:
            json.dump(record, f)
        os.rename(tmp, os.path.join(self.folder, name))
        return "250 Message accepted"


def hang(port):
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(50)
    print(f"ready {listener.getsockname()[1]}", flush=True)
    held = []
    while True:
        connection, _ = listener.accept()
        held.append(connection)  # never answered, never closed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--dir", required=False, default=".")
    parser.add_argument("--starttls", action="store_true")
    parser.add_argument("--implicit", action="store_true")
    parser.add_argument("--auth")
    parser.add_argument("--hang", action="store_true")
    parser.add_argument("--reject")
    parser.add_argument("--tempfail")
    parser.add_argument("--relay-denied", dest="relay_denied")
    parser.add_argument("--smtputf8", action="store_true")
    args = parser.parse_args()
    if args.hang:
        hang(args.port)
        return
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    os.makedirs(args.dir, exist_ok=True)
    port = args.port
    if port == 0:
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
    kwargs = {}
    if args.starttls or args.implicit:
        context = make_certificate(args.dir)
        if args.starttls:
            kwargs.update(tls_context=context, require_starttls=True)
        else:
            kwargs.update(ssl_context=context)
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = auth_data.login.decode() == user and auth_data.password.decode() == password
            return AuthResult(success=ok, handled=False)

        kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=bool(args.starttls))
    # aiosmtpd's Controller offers SMTPUTF8 unless told not to; many relays do not, so it is offered only when asked.
    kwargs.update(enable_SMTPUTF8=bool(args.smtputf8))
    controller = Controller(
        Handler(args.dir, (args.reject or "").lower(), (args.tempfail or "").lower(), (args.relay_denied or "").lower()),
        hostname="127.0.0.1", port=port, server_hostname="localhost", **kwargs)
    controller.start()
    print(f"ready {port}", flush=True)
    try:
        threading.Event().wait()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
