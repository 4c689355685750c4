#!/usr/bin/env python3
"""Baseline for scripts/bench-mail: Python's own smtplib sends N small messages to the same local SMTP server, in
batches of 50 per connection like SaferCyber's sender, so the sender's rate can be given as a ratio against what the
server itself accepts at that moment. Usage: smtp_baseline.py PORT [N]"""
import smtplib
import sys
import time
from email.message import EmailMessage

port, count = int(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 2000
began = time.time()
sent = 0
while sent < count:
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
        smtp.ehlo("baseline.example")
        for _ in range(min(50, count - sent)):
            message = EmailMessage()
            message["From"] = "bench@example.org"
            message["To"] = f"person{sent}@example.org"
            message["Subject"] = "Reminder: Scam awareness talk"
            message.set_content("A reminder that you are booked on Scam awareness talk.\n" * 20)
            smtp.send_message(message)
            sent += 1
seconds = time.time() - began
print(f"baseline: Python smtplib delivered {sent} messages in {seconds:.2f} s = {sent / seconds:.0f} messages/s")
