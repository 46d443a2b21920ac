from django.db import transaction

from local_offer.constants import TAXONOMIES
from local_offer.models import Taxonomy, TaxonomyTerm


@transaction.atomic
def taxonomies_ensure() -> int:
    """Put back the standard taxonomies if they are missing (migration 0003 creates them;
    a database flush, as transactional tests do, removes them). Returns how many rows it
    created; running it again creates none."""
    created = 0
    for taxonomy_id, name, description, terms in TAXONOMIES:
        taxonomy, made = Taxonomy.objects.get_or_create(
            id=taxonomy_id, defaults={"name": name, "description": description, "version": "1"}
        )
        created += made
        for position, (term_id, code, term, term_description) in enumerate(terms):
            _, made = TaxonomyTerm.objects.get_or_create(
                id=term_id,
                defaults={
                    "taxonomy": taxonomy,
                    "code": code,
                    "term": term,
                    "description": term_description,
                    "position": position,
                },
            )
            created += made
    return created
