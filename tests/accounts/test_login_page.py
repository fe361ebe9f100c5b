"""The log-in page speaks the product's words, not the library's."""


def test_the_log_in_page_uses_the_products_labels(client, db):
    page = client.get("/accounts/login/").content.decode()

    assert "<h1>Log in to Frontline</h1>" in page
    assert '<label for="id_remember">Keep me logged in on this device</label>' in page
    assert "Remember Me" not in page
    assert page.count("Forgot your password?") == 1
