from django.conf import settings


def test_login_page_answers(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert f"<h1>Log in to {settings.SITE_NAME}</h1>" in response.content.decode()


def test_home_needs_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert "/accounts/login/" in response.headers["Location"]


def test_home_greets_a_persona(client, alice):
    client.force_login(alice)
    response = client.get("/")
    assert response.status_code == 200
    assert "Alice Archer" in response.content.decode()
