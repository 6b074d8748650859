"""The people and pairings pages' long lists, a page of up to 50 rows each, written by one format_html_join per
list instead of a loop body of template tags per row (the template engine spent about 40 microseconds a row);
a list's addresses are reversed once (cto_mentor.links)."""

from django import template
from django.middleware.csrf import get_token
from django.utils.html import format_html, format_html_join

from cto_mentor.links import address_by_id

register = template.Library()


def _named(person, with_organization):
    """The person's name, then their organization (if any) as `with_organization` places it."""
    if person.organization:
        return format_html(with_organization, person.name, person.organization)
    return person.name


def _in_table(person):
    return _named(person, '{}<br><span class="small text-body-secondary">{}</span>')


def _in_list(person):
    return _named(person, "{}, {}")


@register.simple_tag(takes_context=True)
def member_items(context, members, cohort, role):
    """A list item per membership, with a button that takes the role away (a form of its own)."""
    csrf_input = format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(context.request)
    )
    role_name = role.label.lower()
    remove_address = address_by_id("cohorts:remove_member", cohort.slug)
    return format_html_join(
        "\n",
        '<li class="list-group-item d-flex justify-content-between align-items-center gap-2">'
        '<span>{} <span class="text-body-secondary">{}</span></span>'
        '<form method="post" action="{}">{}'
        '<button class="btn btn-sm btn-outline-danger" type="submit" aria-label="Remove {} as {}">Remove</button>'
        "</form></li>",
        (
            (
                member.person,
                member.person.email,
                remove_address(member.pk),
                csrf_input,
                member.person,
                role_name,
            )
            for member in members
        ),
    )


@register.simple_tag
def pair_items(pairs):
    """A list item per pair: "candidate, mentored by mentor"."""
    return format_html_join(
        "\n",
        '<li class="list-group-item">{}, mentored by {}</li>',
        ((pair.candidate, pair.mentor) for pair in pairs),
    )


@register.simple_tag
def pair_rows(pairs):
    """A table row per pair: the candidate and the mentor, each with their organization under the name."""
    return format_html_join(
        "\n",
        "<tr><td>{}</td><td>{}</td></tr>",
        ((_in_table(pair.candidate), _in_table(pair.mentor)) for pair in pairs),
    )


@register.simple_tag
def person_items(people):
    """A list item per person: "name, organization"."""
    return format_html_join("\n", "<li>{}</li>", ((_in_list(person),) for person in people))


@register.simple_tag
def mentor_load_items(loads):
    """A list item per mentor: "name, organization: 3 candidates"."""
    return format_html_join(
        "\n",
        "<li>{}: {} candidate{}</li>",
        (
            (_in_list(load.mentor), load.candidate_count, "" if load.candidate_count == 1 else "s")
            for load in loads
        ),
    )
