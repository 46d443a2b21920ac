from django.conf import settings


def service(request):
    """Names every page shows, from settings so each council can brand its own instance."""
    return {
        "council_name": settings.COUNCIL_NAME,
        "service_name": settings.SERVICE_NAME,
        "team_contact_email": settings.TEAM_CONTACT_EMAIL,
    }
