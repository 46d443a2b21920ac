from django.test import RequestFactory
from django.views.defaults import server_error


def test_the_404_page_is_a_styled_page(client, caseworker):
    client.force_login(caseworker)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert "govuk-header" in response.text or "govuk-generic-header" in response.text


def test_the_403_page_tells_people_what_to_do(client, family_user):
    client.force_login(family_user)
    response = client.get("/cases/")
    assert response.status_code == 403
    assert "You cannot see this page" in response.text
    assert "Go to your home page" in response.text


def test_the_500_page_renders_without_a_database_or_context(settings):
    response = server_error(RequestFactory().get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in body
    assert "Northshire Council" in body
