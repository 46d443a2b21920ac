"""Fictional local offer entries, comments and responses, so the directory is explorable.

Idempotent: every row has a fixed id, and anything that exists already is left alone, so
running it twice changes nothing. Refuses to run with DEBUG off unless --force.
"""

import datetime
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from local_offer.constants import CATEGORY_TERM_IDS, Category, CommentTheme
from local_offer.models import Comment, CommentResponse, Organization, Service, TaxonomyTerm
from local_offer.services import directory, feedback
from local_offer.services.geography import postcode_row, postcodes_upsert
from local_offer.services.taxonomies import taxonomies_ensure
from sen_portal.accounts.models import User

DEMO = uuid.UUID("0b5e1c4a-9d7e-4f3a-8c2b-6a1d0e9f8b7c")


def demo_id(kind: str, key: str) -> uuid.UUID:
    return uuid.uuid5(DEMO, f"{kind}:{key}")


ORGANIZATIONS = {
    # key: name, description, email, website
    "council": (
        "Northshire Council SEND Service",
        "The council's special educational needs and disabilities (SEND) service.",
        "send.team@example.org",
        "https://example.org/send",
    ),
    "sendiass": (
        "Northshire SENDIASS",
        "The SEND Information, Advice and Support Service: free, impartial and confidential.",
        "sendiass@example.org",
        "https://sendiass.example.org",
    ),
    "forum": (
        "Northshire Parent Carer Forum",
        "A group of parents and carers of children with SEND who work with the council and "
        "the NHS to improve services.",
        "hello@forum.example.org",
        "https://forum.example.org",
    ),
    "nhs": (
        "Northshire Children's Community Health Services (NHS)",
        "Community health services for children and young people in Northshire.",
        "childrens.health@example.org",
        "https://health.example.org",
    ),
    "riverside": (
        "Riverside Short Breaks",
        "A charity running clubs and short breaks for disabled children and young people.",
        "info@riverside.example.org",
        "https://riverside.example.org",
    ),
    "hilltop": (
        "Hilltop College",
        "A further education college with a supported learning department.",
        "supported.learning@hilltop.example.org",
        "https://hilltop.example.org",
    ),
    "splash": (
        "Splash Together Swim Club",
        "A volunteer-run swimming club where everyone is welcome.",
        "splash@example.org",
        "",
    ),
}

PLACES = {
    # key: name, address_1, city, postcode, latitude, longitude, accessibility
    "library": (
        "Northtown Library",
        "1 Market Street",
        "Northtown",
        "ZZ1 1AA",
        "54.600120",
        "-1.552300",
        "Step-free entrance and lift to all floors. Accessible toilet. Quiet room on request.",
    ),
    "community": (
        "Hope Community Centre",
        "12 Orchard Lane",
        "Southby",
        "ZZ2 3BB",
        "54.561400",
        "-1.520900",
        "Ground floor only. Accessible toilet. Free parking, with two blue badge bays.",
    ),
    "health_centre": (
        "Northtown Children's Health Centre",
        "40 Station Road",
        "Northtown",
        "ZZ1 4CD",
        "54.603300",
        "-1.547800",
        "Step-free access, changing places toilet, hearing loop at reception.",
    ),
    "riverside": (
        "Riverside Centre",
        "3 Riverside Walk",
        "Eastbridge",
        "ZZ3 2EF",
        "54.582000",
        "-1.498000",
        "Fully accessible, sensory room, hoist in the changing places toilet.",
    ),
    "college": (
        "Hilltop College, Main Campus",
        "Hilltop Road",
        "Northtown",
        "ZZ1 9GH",
        None,
        None,
        "Lifts to all floors. A calm space is available in the learning support centre.",
    ),
    "pool": (
        "Southby Leisure Pool",
        "8 Park Avenue",
        "Southby",
        "ZZ2 7JK",
        "54.558700",
        "-1.526100",
        "Pool hoist, accessible changing rooms, quieter session with no music.",
    ),
}

# Fictional postcodes (ZZ is never issued) and where they are, for the distance search:
# what `import_postcodes` loads from the ONS Postcode Directory in a real deployment.
POSTCODES = {
    "ZZ1 1AA": ("54.600120", "-1.552300"),
    "ZZ1 4CD": ("54.603300", "-1.547800"),
    "ZZ1 9GH": ("54.611500", "-1.560200"),
    "ZZ2 3BB": ("54.561400", "-1.520900"),
    "ZZ2 7JK": ("54.558700", "-1.526100"),
    "ZZ3 2EF": ("54.582000", "-1.498000"),
    "ZZ4 5LM": ("54.652000", "-1.610000"),
}

WEEKDAYS = ["MO", "TU", "WE", "TH", "FR"]

# key: organisation, name, description, needs, categories, ages, extras
SERVICES = [
    {
        "key": "sendiass",
        "organization": "sendiass",
        "name": "SEND information, advice and support",
        "description": "Free, impartial and confidential advice about special educational "
        "needs and disabilities. We can explain the law, help you prepare for meetings, read "
        "reports and letters with you, and support you through an EHC needs assessment, a "
        "review or an appeal.",
        "needs_served": "both",
        "categories": [Category.FAMILY_SUPPORT, Category.EDUCATION],
        "ages": (0, 25),
        "application_process": "Call or email us. You do not need a referral.",
        "email": "sendiass@example.org",
        "languages": ["English", "Polish", "Urdu"],
        "places": ["library"],
        "contacts": [("Helpline", "", "", "01632 960100")],
        "schedules": [(WEEKDAYS, "09:30", "16:30", "Closed on bank holidays.")],
        "free": True,  # the editor checked: families pay nothing
        "costs": [],
    },
    {
        "key": "forum_coffee",
        "organization": "forum",
        "name": "Parent carer coffee mornings",
        "description": "Meet other parents and carers of children with SEND over a cup of "
        "tea. Share ideas, ask questions and find out what is happening locally. Children "
        "under 5 are welcome to come with you.",
        "needs_served": "both",
        "categories": [Category.FAMILY_SUPPORT],
        "ages": (0, 25),
        "application_process": "Just come along.",
        "email": "hello@forum.example.org",
        "languages": ["English"],
        "places": ["community"],
        "contacts": [],
        "schedules": [(["WE"], "10:00", "12:00", "Term time only.")],
        "free": True,  # the editor checked: families pay nothing
        "costs": [],
    },
    {
        "key": "speech",
        "organization": "nhs",
        "name": "Children's speech and language therapy",
        "description": "Assessment and therapy for children and young people who find it "
        "hard to talk, understand language, or eat and drink safely. Therapists work with "
        "families, nurseries and schools, and give advice for EHC needs assessments.",
        "needs_served": "sen",
        "categories": [Category.HEALTH],
        "ages": (0, 18),
        "eligibility_description": "Children and young people registered with a Northshire GP.",
        "application_process": "Ask your health visitor, GP, nursery or school to refer your "
        "child, or call our advice line to talk it through.",
        "email": "speech.therapy@example.org",
        "languages": ["English", "British Sign Language"],
        "places": ["health_centre"],
        "contacts": [("Speech and language therapy advice line", "", "", "01632 960200")],
        "schedules": [(["TU"], "13:00", "16:00", "Advice line.")],
        "free": True,  # the editor checked: families pay nothing
        "costs": [],
    },
    {
        "key": "ot",
        "organization": "nhs",
        "name": "Children's occupational therapy",
        "description": "Help for children and young people who find everyday activities "
        "hard, such as dressing, writing or using the toilet, including advice on equipment "
        "and changes to the home or school.",
        "needs_served": "both",
        "categories": [Category.HEALTH],
        "ages": (0, 18),
        "application_process": "A GP, school, or other professional can refer your child.",
        "email": "childrens.ot@example.org",
        "languages": ["English"],
        "places": ["health_centre"],
        "contacts": [("Occupational therapy team", "", "", "01632 960201")],
        "schedules": [(WEEKDAYS, "09:00", "17:00", "")],
        "free": True,  # the editor checked: families pay nothing
        "costs": [],
    },
    {
        "key": "saturday_club",
        "organization": "riverside",
        "name": "Saturday Club short breaks",
        "description": "A Saturday club with games, crafts, cooking and trips, giving "
        "disabled children a break with friends and their families a break from caring. "
        "Staff are trained in personal care and managing medicines.",
        "needs_served": "disability",
        "categories": [Category.SOCIAL_CARE, Category.LEISURE],
        "ages": (5, 17),
        "eligibility_description": "Disabled children who live in Northshire.",
        "application_process": "Email us to book a visit first. Places can be funded by a "
        "short breaks assessment.",
        "email": "info@riverside.example.org",
        "languages": ["English"],
        "places": ["riverside"],
        "contacts": [("Amina Example", "Club coordinator", "", "01632 960300")],
        "schedules": [(["SA"], "10:00", "15:00", "")],
        "costs": [("10.00", "per session", "")],
    },
    {
        "key": "holiday",
        "organization": "riverside",
        "name": "Holiday activity days",
        "description": "Days out and activities in the school holidays for disabled "
        "children and young people, with one-to-one support where needed.",
        "needs_served": "disability",
        "categories": [Category.LEISURE],
        "ages": (5, 18),
        "email": "info@riverside.example.org",
        "languages": ["English"],
        "places": ["riverside"],
        "contacts": [],
        "schedules": [(WEEKDAYS, "09:30", "15:30", "School holidays only.")],
        "costs": [("15.00", "per day", ""), ("0.00", "per day", "Families on a low income")],
        "stale": True,
    },
    {
        "key": "swimming",
        "organization": "splash",
        "name": "Inclusive swimming sessions",
        "description": "Relaxed swimming sessions with a quieter pool, no music and "
        "volunteers in the water to help. Families can swim together.",
        "needs_served": "both",
        "categories": [Category.LEISURE],
        "ages": (4, 25),
        "application_process": "Come along. First session free.",
        "email": "splash@example.org",
        "languages": ["English"],
        "places": ["pool"],
        "contacts": [],
        "schedules": [(["SU"], "09:00", "10:00", "")],
        "costs": [("3.50", "per swimmer", "")],
    },
    {
        "key": "internships",
        "organization": "hilltop",
        "name": "Supported internships",
        "description": "A one-year study programme for young people with an EHC plan, "
        "based mainly at an employer. Interns learn the skills for work with the help of a "
        "job coach, and many move into paid jobs.",
        "needs_served": "sen",
        "categories": [Category.TRAINING, Category.ADULTHOOD],
        "ages": (16, 24),
        "eligibility_description": "Young people aged 16 to 24 with an EHC plan who want to "
        "move into paid work.",
        "application_process": "Talk to your school or college, or email us to come to an "
        "open day.",
        "email": "supported.learning@hilltop.example.org",
        "languages": ["English"],
        "places": ["college"],
        "contacts": [("Supported internships team", "", "", "01632 960400")],
        "schedules": [],
        "costs": [],
    },
    {
        "key": "travel_training",
        "organization": "council",
        "name": "Independent travel training",
        "description": "One-to-one training to help young people learn to travel on their "
        "own, safely and with confidence, on foot, by bus or by train: to school, college, "
        "work or to see friends.",
        "needs_served": "both",
        "categories": [Category.TRAVEL, Category.ADULTHOOD],
        "ages": (11, 25),
        "application_process": "Ask at an EHC plan review, or email the travel training team.",
        "email": "travel.training@example.org",
        "languages": ["English"],
        "places": [],
        "contacts": [("Travel training team", "", "travel.training@example.org", "")],
        "schedules": [],
        "costs": [],
    },
    {
        "key": "school_transport",
        "organization": "council",
        "name": "Home to school transport for children with SEND",
        "description": "Free travel to school for children who cannot walk there because "
        "of their special educational needs, disability or mobility, and help with travel "
        "to college for young people with an EHC plan.",
        "needs_served": "both",
        "categories": [Category.TRAVEL, Category.EDUCATION],
        "ages": (4, 25),
        "application_process": "Apply to the school transport team. Read about who can get "
        "help on our travel to school or college page.",
        "email": "school.transport@example.org",
        "languages": ["English"],
        "places": [],
        "contacts": [("School transport team", "", "", "01632 960500")],
        "schedules": [(WEEKDAYS, "09:00", "17:00", "Phone line.")],
        "free": True,  # the editor checked: families pay nothing
        "costs": [],
    },
    {
        "key": "ep_line",
        "organization": "council",
        "name": "Educational psychology advice line",
        "description": "Talk to an educational psychologist about your child's learning, "
        "behaviour or wellbeing, and what might help at home and at school.",
        "needs_served": "sen",
        "categories": [Category.EDUCATION],
        "ages": (0, 25),
        "application_process": "Call on Thursday afternoons. No referral needed.",
        "email": "",
        "languages": ["English"],
        "places": [],
        "contacts": [("Educational psychology service", "", "", "01632 960600")],
        "schedules": [(["TH"], "13:30", "16:30", "")],
        "free": True,  # the editor checked: families pay nothing
        "costs": [],
    },
    {
        "key": "early_years",
        "organization": "council",
        "name": "Early years inclusion support",
        "description": "Specialist teachers who help nurseries, pre-schools and childminders "
        "support young children with special educational needs, and help families plan the "
        "move to school.",
        "needs_served": "sen",
        "categories": [Category.EDUCATION],
        "ages": (0, 5),
        "application_process": "Your child's nursery or childminder can ask for support, "
        "with your agreement.",
        "email": "early.years@example.org",
        "languages": ["English"],
        "places": [],
        "contacts": [],
        "schedules": [],
        "costs": [],
    },
    {
        "key": "transition_team",
        "organization": "council",
        "name": "Preparing for adulthood transition team",
        "description": "Social workers who help young people who will need care and support "
        "as adults plan the move from children's to adult social care.",
        "needs_served": "both",
        "categories": [Category.SOCIAL_CARE, Category.ADULTHOOD],
        "ages": (14, 25),
        "email": "transitions@example.org",
        "languages": ["English"],
        "places": [],
        "contacts": [],
        "schedules": [],
        "costs": [],
        "draft": True,
    },
    {
        "key": "cinema",
        "organization": "forum",
        "name": "Sensory-friendly cinema screenings",
        "description": "Films with the lights up, the sound down, and freedom to move around "
        "and make noise.",
        "needs_served": "disability",
        "categories": [Category.LEISURE],
        "ages": (0, 25),
        "email": "hello@forum.example.org",
        "languages": ["English"],
        "places": [],
        "contacts": [],
        "schedules": [],
        "costs": [("4.00", "per ticket", "Carers go free")],
        "draft": True,
        "stale": True,
    },
]

RESPONSES = {
    # key: theme, you said, we did
    "travel": (
        CommentTheme.TRAVEL,
        "Families told us it was hard to find out about travel training and how to ask for it.",
        "We added travel training to the local offer with a clear section on how to get it, "
        "and schools now mention it at every year 9 EHC plan review.",
    ),
    "holidays": (
        CommentTheme.LEISURE,
        "Parents of older teenagers said there were few holiday activities for young people "
        "aged 14 and over.",
        "We funded Riverside Short Breaks to run holiday activity days for young people up to "
        "18, and listed them in the local offer.",
    ),
}

COMMENTS = [
    # key, theme, body, may publish, status, response key
    (
        "travel-1",
        CommentTheme.TRAVEL,
        "It took us months to find out that travel training existed. It should be easier to find.",
        True,
        "published",
        "travel",
    ),
    (
        "holidays-1",
        CommentTheme.LEISURE,
        "There is hardly anything to do in the holidays for teenagers who need support.",
        True,
        "published",
        "holidays",
    ),
    (
        "speech-1",
        CommentTheme.LOCAL_OFFER,
        "Could you add the times of the speech therapy advice line?",
        False,
        "received",
        None,
    ),
    (
        "health-1",
        CommentTheme.HEALTH,
        "The wait for an occupational therapy appointment was very long.",
        True,
        "received",
        None,
    ),
]


class Command(BaseCommand):
    help = "Load fictional local offer entries (refuses to run when DEBUG is off)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "seed_local_offer refuses to run with DEBUG off: it loads fictional entries."
            )
        editor = User.objects.filter(email="editor@example.org").first()
        today = timezone.localdate()
        with transaction.atomic():
            # The categories are reference data from migration 0003; a flushed database
            # has lost them.
            taxonomies_ensure()
            postcodes_upsert(
                postcode_row(postcode, latitude, longitude)
                for postcode, (latitude, longitude) in POSTCODES.items()
            )
            organizations = {
                key: self._organization(editor, key, *row) for key, row in ORGANIZATIONS.items()
            }
            created = sum(self._service(editor, organizations, spec, today) for spec in SERVICES)
            responses = {key: self._response(editor, key, *row) for key, row in RESPONSES.items()}
            for row in COMMENTS:
                self._comment(editor, responses, *row)
        total = Service.objects.count()
        published = Service.objects.published().count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Local offer demo data ready: {total} entries ({published} published, "
                f"{created} added now)."
            )
        )

    def _organization(self, editor, key, name, description, email, website) -> Organization:
        pk = demo_id("organization", key)
        existing = Organization.objects.filter(pk=pk).first()
        if existing:
            return existing
        return directory.organization_create(
            acting_user=editor,
            id=pk,
            name=name,
            description=description,
            email=email,
            website=website,
        )

    def _service(self, editor, organizations, spec, today) -> bool:
        pk = demo_id("service", spec["key"])
        if Service.objects.filter(pk=pk).exists():
            return False
        youngest, oldest = spec["ages"]
        review_by = (
            today - datetime.timedelta(days=30)
            if spec.get("stale")
            else (today + datetime.timedelta(days=300))
        )
        service = directory.service_create(
            acting_user=editor,
            id=pk,
            organization=organizations[spec["organization"]],
            name=spec["name"],
            description=spec["description"],
            needs_served=spec["needs_served"],
            categories=TaxonomyTerm.objects.filter(
                pk__in=[CATEGORY_TERM_IDS[code] for code in spec["categories"]]
            ),
            minimum_age=youngest,
            maximum_age=oldest,
            eligibility_description=spec.get("eligibility_description", ""),
            application_process=spec.get("application_process", ""),
            email=spec["email"],
            languages=spec["languages"],
            is_free=spec.get("free", False),
            review_by=review_by,
        )
        for key in spec["places"]:
            name, street, city, postcode, latitude, longitude, accessibility = PLACES[key]
            directory.location_add(
                acting_user=editor,
                service=service,
                id=demo_id("location", f"{spec['key']}:{key}"),
                name=name,
                address_1=street,
                city=city,
                postcode=postcode,
                latitude=Decimal(latitude) if latitude else None,
                longitude=Decimal(longitude) if longitude else None,
                accessibility=accessibility,
            )
        for name, title, email, phone in spec["contacts"]:
            directory.contact_add(
                acting_user=editor,
                service=service,
                name=name,
                title=title,
                email=email,
                phone=phone,
            )
        for days, opens, closes, description in spec["schedules"]:
            directory.schedule_add(
                acting_user=editor,
                service=service,
                byday=",".join(days),
                opens_at=datetime.time.fromisoformat(opens),
                closes_at=datetime.time.fromisoformat(closes),
                description=description,
            )
        for amount, amount_description, option in spec["costs"]:
            directory.cost_option_add(
                acting_user=editor,
                service=service,
                amount=Decimal(amount),
                amount_description=amount_description,
                option=option,
            )
        if not spec.get("draft"):
            directory.service_publish(acting_user=editor, service=service)
        return True

    def _response(self, editor, key, theme, you_said, we_did) -> CommentResponse:
        pk = demo_id("response", key)
        existing = CommentResponse.objects.filter(pk=pk).first()
        if existing:
            return existing
        response = feedback.response_create(
            acting_user=editor, id=pk, theme=theme, you_said=you_said, we_did=we_did
        )
        return feedback.response_publish(acting_user=editor, response=response)

    def _comment(self, editor, responses, key, theme, body, may_publish, status, response_key):
        pk = demo_id("comment", key)
        if Comment.objects.filter(pk=pk).exists():
            return
        # Demo comments did not come through the form, so they carry no sender fingerprint.
        comment = Comment(id=pk, theme=theme, body=body, may_publish=may_publish)
        comment.full_clean()
        comment.save()
        if response_key:
            feedback.comment_update(
                acting_user=editor, comment=comment, data={"response": responses[response_key]}
            )
        if status == "published":
            feedback.comment_publish(acting_user=editor, comment=comment)
