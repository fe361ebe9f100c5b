"""A real SMTP server for the delivery tests, run as its own process:

    python smtp_server.py <port> <mbox file> <refusals> [--kill-group-in FILE
        --kill-before-data N --kill-after-data N --kill-at-quit N]

It refuses the first <refusals> messages at DATA with "451 try again later" (as a
busy or greylisting server does), then accepts, appending each accepted message to
<mbox file> with a "From " separator line.

To crash the sending worker at a chosen moment it SIGKILLs the process group whose id
is in FILE: when the Nth message's DATA has arrived, neither stored nor accepted
(--kill-before-data: the client is waiting for the reply; the message is lost, as
if the connection had dropped), right after it stored the Nth accepted message,
before it says "250 OK" (--kill-after-data), or when the client says QUIT after the Nth message
(--kill-at-quit). Each kill is logged as "<moment> <Message-ID>" to <mbox file>.kills.
"""

import argparse
import asyncio
import os
import re
import signal

from aiosmtpd.controller import Controller


class Server:
    def __init__(self, options):
        self.options, self.refusals, self.accepted = options, options.refusals, 0
        self.arrived = 0

    async def handle_DATA(self, server, session, envelope):
        self.arrived += 1
        if self.arrived == self.options.kill_before_data:
            session.message_id = message_id(envelope.original_content)
            self.kill("before-data", session)
            return "451 4.3.0 Try again later"
        if self.refusals > 0:
            self.refusals -= 1
            return "451 4.3.0 Try again later"
        with open(self.options.mbox, "ab") as mbox:
            mbox.write(b"From frontline-test\n" + envelope.original_content + b"\n")
        self.accepted += 1
        session.message_number = self.accepted
        session.message_id = message_id(envelope.original_content)
        if self.accepted == self.options.kill_after_data:
            self.kill("after-data", session)
        return "250 OK"

    async def handle_QUIT(self, server, session, envelope):
        if getattr(session, "message_number", None) == self.options.kill_at_quit:
            self.kill("at-quit", session)
        return "221 Bye"

    def kill(self, moment: str, session) -> None:
        with open(self.options.kill_group_in) as file:
            os.killpg(int(file.read()), signal.SIGKILL)
        with open(f"{self.options.mbox}.kills", "a") as log:
            log.write(f"{moment} {session.message_id}\n")


def message_id(content: bytes) -> str:
    return re.search(rb"^Message-ID: (<[^>]+>)", content, re.MULTILINE | re.I)[1].decode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("mbox")
    parser.add_argument("refusals", type=int)
    parser.add_argument("--kill-group-in")
    parser.add_argument("--kill-before-data", type=int)
    parser.add_argument("--kill-after-data", type=int)
    parser.add_argument("--kill-at-quit", type=int)
    options = parser.parse_args()
    controller = Controller(Server(options), hostname="127.0.0.1", port=options.port)
    controller.start()
    print("ready", flush=True)
    try:
        asyncio.new_event_loop().run_forever()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
