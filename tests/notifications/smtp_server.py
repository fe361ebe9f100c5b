"""A real SMTP server for the delivery tests, run as its own process:

    python smtp_server.py <port> <mbox file> <refusals>

It refuses the first <refusals> messages at DATA with "451 try again later" (as a
busy or greylisting server does), then accepts, appending each accepted message to
<mbox file> with a "From " separator line.
"""

import asyncio
import sys

from aiosmtpd.controller import Controller


class RefuseFirst:
    def __init__(self, path: str, refusals: int):
        self.path, self.refusals = path, refusals

    async def handle_DATA(self, server, session, envelope):
        if self.refusals > 0:
            self.refusals -= 1
            return "451 4.3.0 Try again later"
        with open(self.path, "ab") as mbox:
            mbox.write(b"From frontline-test\n" + envelope.original_content + b"\n")
        return "250 OK"


def main() -> None:
    port, path, refusals = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    controller = Controller(RefuseFirst(path, refusals), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    try:
        asyncio.new_event_loop().run_forever()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
