"""Links in emails use SITE_URL, which defaults from PORT (issue #21: they said port 8000
whatever PORT said)."""

import subprocess
import sys


def setting_with(env: dict) -> str:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='sen_portal.settings.local';"
        "django.setup(); from django.conf import settings;"
        "print(settings.DEADLINE_NOTIFICATIONS_BASE_URL)"
    )
    clean = {k: v for k, v in env.items()}
    out = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, check=True
    )
    return out.stdout.strip().splitlines()[-1]


def test_email_links_follow_port_and_site_url(tmp_path):
    import os

    base = {k: v for k, v in os.environ.items() if k not in ("PORT", "SITE_URL")}
    base["SEN_VAR_DIR"] = str(tmp_path)
    assert setting_with({**base, "PORT": "8123"}) == "http://127.0.0.1:8123"
    assert setting_with({**base, "SITE_URL": "https://send.example.org"}) == (
        "https://send.example.org"
    )
