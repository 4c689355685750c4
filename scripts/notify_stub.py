#!/usr/bin/env python3
"""A local stand-in for GOV.UK Notify's email API, for SaferCyber's tests. It checks each request as Notify's public
API documentation describes it, with its own code (Python's hmac, not the Swift under test):

  Authorization: Bearer <JWT>; the JWT's header is {"typ": "JWT", "alg": "HS256"}; its claims carry "iss" (the
  service id) and "iat" (seconds since the epoch, within 30 seconds of now); it is signed with HMAC-SHA256 using the
  API key's secret. POST /v2/notifications/email takes JSON {"email_address", "template_id", "personalisation",
  "reference"} and answers 201 with {"id", "reference", "content", "uri", "template"}; errors answer
  {"status_code", "errors": [{"error", "message"}]} (400 ValidationError, 403 AuthError).
  GET /v2/notifications/{id} answers {"id", "status", ...}: "delivered", or "permanent-failure" for --bounce DOMAIN.

Usage: notify_stub.py --key API_KEY --templates ID[,ID] --dir DIR [--bounce DOMAIN] [--port 0]
Prints "ready <port>" once listening. Every accepted notification is written as DIR/<id>.json.
"""
import argparse
import base64
import hashlib
import hmac
import http.server
import json
import os
import re
import threading
import time
import uuid

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def b64url_decode(part):
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


class Stub(http.server.BaseHTTPRequestHandler):
    server_version = "NotifyStub"

    def log_message(self, *args):
        pass

    def answer(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def error(self, code, kind, message):
        self.answer(code, {"status_code": code, "errors": [{"error": kind, "message": message}]})

    def authorised(self):
        cfg = self.server.cfg
        header = self.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            self.error(403, "AuthError", "Error: Your system clock must be accurate to within 30 seconds")
            return False
        token = header[len("Bearer "):]
        parts = token.split(".")
        if len(parts) != 3:
            self.error(403, "AuthError", "Invalid token: not a JWT")
            return False
        try:
            head = json.loads(b64url_decode(parts[0]))
            claims = json.loads(b64url_decode(parts[1]))
        except Exception:
            self.error(403, "AuthError", "Invalid token: cannot be decoded")
            return False
        if head.get("alg") != "HS256" or head.get("typ") != "JWT":
            self.error(403, "AuthError", "Invalid token: algorithm used is not HS256")
            return False
        expected = hmac.new(cfg["secret"].encode(), f"{parts[0]}.{parts[1]}".encode(), hashlib.sha256).digest()
        if not hmac.compare_digest(expected, b64url_decode(parts[2])):
            self.error(403, "AuthError", "Invalid token: signature, api token not found")
            return False
        if claims.get("iss") != cfg["service"]:
            self.error(403, "AuthError", "Invalid token: service not found")
            return False
        if not isinstance(claims.get("iat"), int) or abs(time.time() - claims["iat"]) > 30:
            self.error(403, "AuthError", "Error: Your system clock must be accurate to within 30 seconds")
            return False
        return True

    def do_POST(self):
        if self.path != "/v2/notifications/email":
            return self.error(404, "NotFound", "Not found")
        if not self.authorised():
            return
        if not self.headers.get("Content-Type", "").startswith("application/json"):
            return self.error(400, "BadRequestError", "Content-Type must be application/json")
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
        cfg = self.server.cfg
        unexpected = set(body) - {"email_address", "template_id", "personalisation", "reference", "email_reply_to_id",
                                  "one_click_unsubscribe_url"}
        if unexpected:
            return self.error(400, "ValidationError", f"Additional properties are not allowed ({sorted(unexpected)})")
        if not EMAIL.match(body.get("email_address", "")):
            return self.error(400, "ValidationError", "email_address Not a valid email address")
        if body.get("template_id") not in cfg["templates"]:
            return self.error(400, "BadRequestError", "Template not found")
        personalisation = body.get("personalisation") or {}
        missing = [k for k in ("subject", "body") if k not in personalisation]
        if missing:
            return self.error(400, "BadRequestError", f"Missing personalisation: {', '.join(missing)}")
        nid = str(uuid.uuid4())
        record = dict(body, id=nid, claims_ok=True)
        with open(os.path.join(cfg["dir"], nid + ".json"), "w") as f:
            json.dump(record, f)
        self.answer(201, {
            "id": nid, "reference": body.get("reference"),
            "content": {"subject": personalisation["subject"], "body": personalisation["body"],
                        "from_email": "service@notifications.service.gov.uk"},
            "uri": f"/v2/notifications/{nid}",
            "template": {"id": body["template_id"], "version": 1, "uri": "/v2/template/" + body["template_id"]}})

    def do_GET(self):
        match = re.fullmatch(r"/v2/notifications/([0-9a-f-]{36})", self.path)
        if not match:
            return self.error(404, "NotFound", "Not found")
        if not self.authorised():
            return
        path = os.path.join(self.server.cfg["dir"], match.group(1) + ".json")
        if not os.path.exists(path):
            return self.error(404, "NoResultFound", "No result found")
        record = json.load(open(path))
        bounce = self.server.cfg["bounce"]
        status = "permanent-failure" if bounce and record["email_address"].endswith("@" + bounce) else "delivered"
        self.answer(200, {"id": record["id"], "reference": record.get("reference"),
                          "email_address": record["email_address"], "type": "email", "status": status})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--key", required=True)
    parser.add_argument("--templates", required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--bounce")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Stub)
    server.cfg = {"service": args.key[-73:-37], "secret": args.key[-36:], "templates": args.templates.split(","),
                  "dir": args.dir, "bounce": (args.bounce or "").lower()}
    print(f"ready {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
