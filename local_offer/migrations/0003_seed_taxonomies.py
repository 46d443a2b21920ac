"""The local offer categories (Schedule 2) and the needs terms, with the fixed ids of
local_offer.constants.TAXONOMIES (the Open Referral UK API publishes them).

Reference data, upserted by id: it only uses fields that exist since 0001.
"""

from django.db import migrations

from local_offer.constants import TAXONOMIES


def seed(apps, schema_editor):
    Taxonomy = apps.get_model("local_offer", "Taxonomy")
    TaxonomyTerm = apps.get_model("local_offer", "TaxonomyTerm")
    for taxonomy_id, name, description, terms in TAXONOMIES:
        taxonomy, _ = Taxonomy.objects.update_or_create(
            id=taxonomy_id, defaults={"name": name, "description": description, "version": "1"}
        )
        for position, (term_id, code, term, term_description) in enumerate(terms):
            TaxonomyTerm.objects.update_or_create(
                id=term_id,
                defaults={
                    "taxonomy": taxonomy,
                    "code": code,
                    "term": term,
                    "description": term_description,
                    "position": position,
                },
            )


def unseed(apps, schema_editor):
    Taxonomy = apps.get_model("local_offer", "Taxonomy")
    TaxonomyTerm = apps.get_model("local_offer", "TaxonomyTerm")
    ids = [taxonomy_id for taxonomy_id, *_ in TAXONOMIES]
    TaxonomyTerm.objects.filter(taxonomy_id__in=ids).delete()
    Taxonomy.objects.filter(id__in=ids).delete()


class Migration(migrations.Migration):
    dependencies = [("local_offer", "0002_service_search_index")]

    operations = [migrations.RunPython(seed, unseed)]
