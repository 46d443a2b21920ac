from django.urls import reverse


def test_caseworker_sees_their_teams_child(client, caseworker, child):
    client.force_login(caseworker)
    response = client.get(reverse("casework:child_detail", args=[child.pk]))
    assert response.status_code == 200
    assert "Sam Example" in response.text
