from django import forms


class Choice(forms.Form):
    kind = forms.ChoiceField(choices=[("a", "A & co"), ("Group", [("b", "B"), ("c", "C")])])


def test_select_writes_each_option_with_its_group_and_selection_escaped():
    html = str(Choice(initial={"kind": "b"})["kind"])
    assert '<option value="a">A &amp; co</option>' in html
    assert '<optgroup label="Group">' in html
    assert '<option value="b" selected>B</option>' in html
    assert '<option value="c">C</option>' in html
    assert html.startswith('<select name="kind"') and html.rstrip().endswith("</select>")
