"""Development writes each email to a file in var/mail/, and the README says to follow
sign-up links from there: the files hold the text as it reads."""

import re

import pytest
from allauth.account.models import EmailAddress

from forum.settings import email_from_url


@pytest.fixture
def mail_dir(settings, tmp_path):
    settings.MAILERS = {"default": email_from_url(f"file://{tmp_path}")}
    return tmp_path


def test_a_sign_up_email_written_to_a_file_has_its_link_on_one_line(client, leeds, mail_dir):
    password = "a-long-Passphrase-42"
    client.post(
        "/accounts/signup/",
        {
            "display_name": "Sam Shopfloor",
            "email": "new.person@example.com",
            "team": leeds.pk,
            "password1": password,
            "password2": password,
        },
    )

    (written,) = mail_dir.iterdir()
    text = written.read_text(encoding="utf-8")
    assert "Content-Transfer-Encoding: 8bit" in text and "— Frontline" in text
    assert "Subject: Confirm your email address for Frontline" in text
    line = re.search(r"^http://testserver/accounts/confirm-email/\S+/$", text, re.MULTILINE)
    assert line, text

    response = client.post(line[0])  # the link, copied from the file, confirms
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="new.person@example.com").verified
