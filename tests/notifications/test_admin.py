"""The outbox in the admin: CX leads can see it and retry an email now."""

from unittest import mock

from notifications.models import OutboxEmail


def test_retry_now_puts_failed_emails_back_and_queues_them(
    client, carol, row_factory, django_capture_on_commit_callbacks
):
    failed = row_factory(state=OutboxEmail.State.FAILED, attempts=20, last_error="550 no")
    sent = row_factory(state=OutboxEmail.State.SENT)
    client.force_login(carol)
    with (
        mock.patch("notifications.tasks.deliver_email.apply_async") as queue,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            "/admin/notifications/outboxemail/",
            {"action": "retry_now", "_selected_action": [failed.pk, sent.pk]},
        )
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.state == OutboxEmail.State.PENDING
    queue.assert_called_once_with((failed.pk,), producer=mock.ANY, retry=False)


def test_the_outbox_list_opens_for_a_cx_lead(client, carol, row_factory):
    row_factory()
    client.force_login(carol)
    assert client.get("/admin/notifications/outboxemail/").status_code == 200
    assert client.get("/admin/notifications/notification/").status_code == 200
