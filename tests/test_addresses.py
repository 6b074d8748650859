"""`{% address %}` writes the very address `{% url %}` writes, for every row, under any script prefix."""

import pytest
from django.template import engines
from django.urls import NoReverseMatch, set_script_prefix

BOTH = "{% load addresses %}{% for id in ids %}{% url NAME ARGS %}|{% address NAME ARGS %}\n{% endfor %}"


def render_both(name, args, **context):
    source = BOTH.replace("NAME", f"'{name}'").replace("ARGS", args)
    text = engines["django"].from_string(source).render({"ids": [1, 42, 9001], **context})
    return [line.split("|") for line in text.splitlines()]


@pytest.mark.parametrize(
    ("name", "args", "context"),
    [
        ("class_sessions:submission", "id", {}),
        ("completion:progress", "slug id", {"slug": "2018-cohort"}),
        ("portfolios:mark_ready", "kind id", {"kind": "artifact"}),
    ],
)
def test_each_row_gets_the_address_url_writes(name, args, context):
    rows = render_both(name, args, **context)

    assert len(rows) == 3
    for written_by_url, written_by_address in rows:
        assert written_by_address == written_by_url
    assert rows[1][1].count("42") == 1


def test_a_cohort_slug_is_not_taken_for_another():
    first = render_both("completion:progress", "slug id", slug="2018-cohort")
    second = render_both("completion:progress", "slug id", slug="2019-cohort")

    assert "2018-cohort" in first[0][1]
    assert "2019-cohort" in second[0][1] and "2018-cohort" not in second[0][1]


def test_the_script_prefix_is_kept_when_the_site_lives_under_a_path():
    render_both("applications:detail", "id")
    set_script_prefix("/mentoring/")
    try:
        rows = render_both("applications:detail", "id")
    finally:
        set_script_prefix("/")

    assert rows[0][1].startswith("/mentoring/")
    assert rows[0][1] == rows[0][0]


def test_an_unknown_view_is_an_error_as_with_url():
    template = engines["django"].from_string("{% load addresses %}{% address 'no:such_view' 1 %}")

    with pytest.raises(NoReverseMatch):
        template.render({})
