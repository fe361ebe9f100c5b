"""The email backend of development: each email written to a file in var/mail/."""

import email.policy

from django.core.mail.backends.filebased import EmailBackend

# Lines up to the 998 characters RFC 5322 allows and 8-bit text: the body is written
# as it reads, never quoted-printable, whose "=" line breaks split long links.
READABLE = email.policy.default.clone(max_line_length=998, cte_type="8bit")


class FileEmailBackend(EmailBackend):
    """Writes UTF-8 text a person can read, and follow the links of, in an editor."""

    def write_message(self, message):
        self.stream.write(message.message(policy=READABLE).as_bytes() + b"\n")
        self.stream.write(b"-" * 79 + b"\n")
