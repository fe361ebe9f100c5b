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

It speaks the part of SMTP that smtplib uses (EHLO or HELO, MAIL, RCPT, DATA, RSET,
NOOP, QUIT) on asyncio streams, and reads a message's DATA in one piece. aiosmtpd,
which it replaced, read it line by line and spent about 1 ms of CPU per digest, on
the cores the workers of `make bench` share: more than the mail server they would
talk to in production would take.
"""

import argparse
import asyncio
import os
import re
import signal

END_OF_DATA = b"\r\n.\r\n"
MAX_MESSAGE = 32 * 1024 * 1024  # bytes, as aiosmtpd's default SIZE


class Server:
    def __init__(self, options):
        self.options, self.refusals, self.accepted = options, options.refusals, 0
        self.arrived = 0

    async def session(self, reader, writer):
        message_number, message_id_ = None, None
        try:
            writer.write(b"220 frontline-test ESMTP\r\n")
            while line := await reader.readline():
                verb = line[:4].upper()
                if verb in (b"EHLO", b"HELO"):
                    reply = b"250-frontline-test\r\n250-8BITMIME\r\n250 SMTPUTF8"
                    writer.write((reply if verb == b"EHLO" else b"250 frontline-test") + b"\r\n")
                elif verb == b"DATA":
                    writer.write(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                    await writer.drain()
                    content = unstuff(await reader.readuntil(END_OF_DATA))
                    reply, number = self.handle_data(content)
                    if number is not None:
                        message_number, message_id_ = number, message_id(content)
                    writer.write(reply.encode() + b"\r\n")
                elif verb == b"QUIT":
                    if message_number == self.options.kill_at_quit:
                        self.kill("at-quit", message_id_)
                    writer.write(b"221 Bye\r\n")
                    await writer.drain()
                    break
                else:  # MAIL, RCPT, RSET, NOOP: every sender and recipient is welcome
                    writer.write(b"250 OK\r\n")
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass  # the client went away (or was killed) mid-session
        finally:
            writer.close()

    def handle_data(self, content: bytes) -> tuple[str, int | None]:
        """The reply to a message, and its number if it was accepted."""
        self.arrived += 1
        if self.arrived == self.options.kill_before_data:
            self.kill("before-data", message_id(content))
            return "451 4.3.0 Try again later", None
        if self.refusals > 0:
            self.refusals -= 1
            return "451 4.3.0 Try again later", None
        with open(self.options.mbox, "ab") as mbox:
            mbox.write(b"From frontline-test\n" + content + b"\n")
        self.accepted += 1
        if self.accepted == self.options.kill_after_data:
            self.kill("after-data", message_id(content))
        return "250 OK", self.accepted

    def kill(self, moment: str, message_id_: str | None) -> None:
        with open(self.options.kill_group_in) as file:
            os.killpg(int(file.read()), signal.SIGKILL)
        with open(f"{self.options.mbox}.kills", "a") as log:
            log.write(f"{moment} {message_id_}\n")


def unstuff(data: bytes) -> bytes:
    """The message as sent: without the end-of-data line, and without the dot the
    client put before each line that starts with one (RFC 5321 4.5.2)."""
    content = (b"\r\n" + data[: -len(END_OF_DATA)]).replace(b"\r\n..", b"\r\n.")
    return content[2:] + b"\r\n"


def message_id(content: bytes) -> str:
    return re.search(rb"^Message-ID: (<[^>]+>)", content, re.MULTILINE | re.I)[1].decode()


async def serve(options) -> None:
    server = Server(options)
    listening = await asyncio.start_server(
        server.session, "127.0.0.1", options.port, limit=MAX_MESSAGE
    )
    print("ready", flush=True)
    await listening.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("mbox")
    parser.add_argument("refusals", type=int)
    parser.add_argument("--kill-group-in")
    parser.add_argument("--kill-before-data", type=int)
    parser.add_argument("--kill-after-data", type=int)
    parser.add_argument("--kill-at-quit", type=int)
    asyncio.run(serve(parser.parse_args()))


if __name__ == "__main__":
    main()
