from django import template

from sen_portal.family.access import children_for_family, with_own_case

register = template.Library()


@register.simple_tag
def family_portal_children(user):
    """The children this family account may follow, for the home page, each marked
    own_case when it is the young person's own. One query."""
    return list(
        with_own_case(children_for_family(user=user), user=user)
        .select_related("team", "caseworker")
        .order_by("first_name", "last_name")
    )
