from django import forms

from applications.widgets import InlineNumberInput, InlineSelect


class Filters(forms.Form):
    kind = forms.ChoiceField(
        choices=[("", "Any"), ("a", "A & co"), ("b", 'B "quoted"')],
        widget=InlineSelect(attrs={"class": "form-select"}),
    )
    score = forms.DecimalField(required=False, min_value=1, max_value=5, widget=InlineNumberInput)


def test_inline_select_writes_options_escaped_with_the_chosen_one_selected():
    html = str(Filters({"kind": "a"})["kind"])

    assert html == (
        '<select name="kind" class="form-select" required id="id_kind"><option value="">Any</option>'
        '<option value="a" selected>A &amp; co</option><option value="b">B &quot;quoted&quot;</option></select>'
    )


def test_inline_select_of_an_invalid_choice_is_marked_invalid():
    html = str(Filters({"kind": "<x>"})["kind"])

    assert 'aria-invalid="true" aria-describedby="id_kind_error"' in html
    assert "selected" not in html
    assert "<x>" not in html


def test_inline_number_input_writes_its_value_and_limits():
    assert str(Filters({"kind": "a", "score": "2.5"})["score"]) == (
        '<input type="number" name="score" value="2.5" min="1" max="5" step="any" id="id_score">'
    )
    assert (
        str(Filters()["score"])
        == '<input type="number" name="score" min="1" max="5" step="any" id="id_score">'
    )
