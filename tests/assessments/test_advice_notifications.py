from django.urls import reverse

from sen_portal.casework.models import Notification


def test_a_named_advice_giver_is_told_without_any_details_of_the_child(
    assessment, ask_advice, psychologist
):
    advice = ask_advice(assessment, giver=psychologist)
    notification = Notification.objects.get(recipient=psychologist)
    assert notification.kind == Notification.Kind.ADVICE_REQUESTED
    assert notification.link_path == reverse("advice:advice_detail", args=[advice.pk])
    child = assessment.child
    for private in (child.first_name, child.last_name, child.la_reference):
        assert private not in notification.subject + notification.body


def test_family_views_recorded_by_the_caseworker_notify_nobody(assessment, ask_advice):
    ask_advice(assessment, kind="family_views")
    assert not Notification.objects.exists()


def test_the_advice_giver_finds_the_request_from_their_notifications(
    client, assessment, ask_advice, psychologist
):
    advice = ask_advice(assessment, giver=psychologist)
    client.force_login(psychologist)
    page = client.get(reverse("casework:notification_list"))
    assert "You have been asked for advice" in page.text
    assert reverse("advice:advice_detail", args=[advice.pk]) in page.text
    assert assessment.child.la_reference not in page.text
