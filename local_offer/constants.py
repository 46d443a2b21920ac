"""What the law says the local offer covers, declared once.

The categories are the kinds of provision the Children and Families Act 2014 (s.30) and
the SEND Regulations 2014 (Schedule 2) say a local offer must describe. They are taxonomy
terms (migration 0003 creates them) with these ids, which never change: the Open Referral
UK API publishes them and other councils' systems store them.
"""

import uuid

from django.db import models

# Taxonomy of the local offer categories (Schedule 2).
CATEGORY_TAXONOMY_ID = uuid.UUID("a86f2878-dbca-56b0-81f3-1e42a4082e22")
# Taxonomy saying whom a service is for: SEN, disability without SEN (or both terms).
NEEDS_TAXONOMY_ID = uuid.UUID("c499e22b-6d9d-5f5c-a9b4-07f4432aaa97")


class Category(models.TextChoices):
    """Codes of the category terms; the terms themselves live in the database."""

    EDUCATION = "education", "Education"
    HEALTH = "health", "Health"
    SOCIAL_CARE = "social_care", "Social care"
    TRAINING = "training", "Training and employment"
    TRAVEL = "travel", "Travel and transport"
    LEISURE = "leisure", "Leisure and activities"
    ADULTHOOD = "adulthood", "Preparing for adulthood"
    FAMILY_SUPPORT = "family_support", "Advice and support for families"


# The category terms: code, id, description. The term itself is the Category label.
CATEGORY_TERMS = [
    (
        Category.EDUCATION,
        uuid.UUID("11bc5a92-862b-5283-88c1-23b4f83b52f2"),
        "Early years settings, schools and colleges, and the extra help they give.",
    ),
    (
        Category.HEALTH,
        uuid.UUID("2fd330b1-ec3f-5568-a6c5-f88049d10041"),
        "Therapies, health visitors, specialist nursing, and mental health services.",
    ),
    (
        Category.SOCIAL_CARE,
        uuid.UUID("45595e8a-0633-5cd8-a0cc-f65d2889f4be"),
        "Short breaks, help at home, and support for carers.",
    ),
    (
        Category.TRAINING,
        uuid.UUID("74769763-a4cd-5e53-b585-0b560508cdb6"),
        "Apprenticeships, supported internships, and help to find and keep work.",
    ),
    (
        Category.TRAVEL,
        uuid.UUID("3fd34eea-f4db-57ce-b9bd-1d025dbc380b"),
        "Help to travel to school or college, and travel training.",
    ),
    (
        Category.LEISURE,
        uuid.UUID("2e9d32ea-4560-538d-929e-e87261eac3ba"),
        "Clubs, sport, play, and holiday activities.",
    ),
    (
        Category.ADULTHOOD,
        uuid.UUID("a0398bb0-f1d7-5396-9aa8-b7cac4e7be9e"),
        "Planning for work, independent living, friends and community, and good health.",
    ),
    (
        Category.FAMILY_SUPPORT,
        uuid.UUID("6e2ea793-4c4d-5512-b545-1a0a77b92df0"),
        "Information, advice, support groups, and parent carer forums.",
    ),
]
CATEGORY_TERM_IDS = {code: term_id for code, term_id, _ in CATEGORY_TERMS}

# The two terms of the needs taxonomy. A service for both carries both terms in the API.
SEN_TERM_ID = uuid.UUID("4112db2e-507e-5dcd-940e-55c6257247b1")
DISABILITY_TERM_ID = uuid.UUID("58007bd1-200d-5d0b-9a93-b73e5f4a13ea")

# Reference data for migration 0003 and services.taxonomies_ensure():
# (taxonomy id, name, description, [(term id, code, term, description), ...]).
TAXONOMIES = [
    (
        CATEGORY_TAXONOMY_ID,
        "Local offer categories",
        "The kinds of provision a local offer must describe (Children and Families Act 2014 "
        "s.30; SEND Regulations 2014, Schedule 2).",
        [(term_id, code.value, code.label, text) for code, term_id, text in CATEGORY_TERMS],
    ),
    (
        NEEDS_TAXONOMY_ID,
        "Local offer needs served",
        "Whether a service is for children and young people with special educational needs, "
        "disabled children and young people without SEN, or both.",
        [
            (
                SEN_TERM_ID,
                "sen",
                "Special educational needs (SEN)",
                "For children and young people with special educational needs.",
            ),
            (
                DISABILITY_TERM_ID,
                "disability",
                "Disability without SEN",
                "For disabled children and young people who do not have special educational needs.",
            ),
        ],
    ),
]

# PostgreSQL text search configuration for the directory (stemming: "therapies" finds
# "therapy").
SEARCH_CONFIG = "english"

# The local offer covers children and young people from birth to 25 (CFA 2014 s.30).
MAX_AGE = 25


class CommentTheme(models.TextChoices):
    """What a family's comment is about: the categories, plus the local offer itself."""

    EDUCATION = "education", "Education"
    HEALTH = "health", "Health"
    SOCIAL_CARE = "social_care", "Social care"
    TRAINING = "training", "Training and employment"
    TRAVEL = "travel", "Travel and transport"
    LEISURE = "leisure", "Leisure and activities"
    ADULTHOOD = "adulthood", "Preparing for adulthood"
    FAMILY_SUPPORT = "family_support", "Advice and support for families"
    LOCAL_OFFER = "local_offer", "Finding information in the local offer"
    OTHER = "other", "Something else"


# The information pages the regulations require (SEND Regulations 2014, Schedule 2),
# in the order the index lists them: slug -> (title, one-line summary).
INFORMATION_PAGES = {
    "ehc-needs-assessment": (
        "How to ask for an EHC needs assessment",
        "Who can ask, how to ask, and what happens next.",
    ),
    "complaints-and-appeals": (
        "Complaints, mediation and appeals",
        "What to do if you disagree with a decision or are unhappy with a service.",
    ),
    "personal-budgets": (
        "Personal budgets",
        "Having a say in how money for support in an EHC plan is spent.",
    ),
    "transport": (
        "Travel to school or college",
        "Who can get help with transport and how to apply.",
    ),
    "preparing-for-adulthood": (
        "Preparing for adulthood",
        "Planning for work, independent living, friends and good health from year 9.",
    ),
}
