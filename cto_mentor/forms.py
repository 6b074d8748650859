"""The one way a view handles a form: bind it on POST, let the service decide, show a refusal on the form.

    form = NominatorForm(bound(request))
    if submitted(request, form, lambda data: services.request_nomination(application=application, **data)):
        messages.success(request, "...")
        return redirect(...)
    return render(request, "...", {"form": form})

An invalid form, or a service that refuses with a ValidationError, leaves `submitted` False and the form
bound: the page shows it again with each message beside the field it names and everything typed kept.

A step without a form (a button, a confirmed removal) goes through `carried_out`, which turns the service's
refusal into the page's error message:

    if carried_out(request, lambda: services.remove_criterion(criterion=criterion), "... is removed."):
        return redirect(...)
"""

from collections.abc import Callable
from pathlib import Path

import django.forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates
from django.template.loader import render_to_string
from django.utils.functional import cached_property


def bound(request):
    """The POST data for a bound form (an empty POST still validates), or None on GET."""
    return request.POST if request.method == "POST" else None


def uploaded(request):
    """The uploaded files for a bound form, or None on GET."""
    return request.FILES if request.method == "POST" else None


def show_refusal(form, error: ValidationError) -> None:
    """Show a service's refusal next to the field it names, or above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def submitted(request, form, action: Callable[[dict], object]) -> bool:
    """On a POST of a valid form, run `action(form.cleaned_data)`; True when it ran without a refusal."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        action(form.cleaned_data)
    except ValidationError as error:
        show_refusal(form, error)
        return False
    return True


def carried_out(request, action: Callable[[], object], success: str | Callable[[object], str]) -> bool:
    """Run `action`; say `success` (or `success(what action returned)`) on the next page, or the service's
    refusal as an error. True when it ran without a refusal."""
    try:
        result = action()
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return False
    messages.success(request, success(result) if callable(success) else success)
    return True


class SiteFormRenderer(DjangoTemplates):
    """Django's form templates, with the site's templates/ searched first: the back office's date and time
    boxes are labelled there (Django's own split date-time widget writes "Date:" and "Time:" as bare text)."""

    @cached_property
    def engine(self):
        forms_dir = Path(django.forms.__file__).parent / "templates"
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [settings.BASE_DIR / "templates", forms_dir],
                "NAME": "site_forms",
                "OPTIONS": {},
            }
        )


class FlatSelect(django.forms.Select):
    """A select without option groups, its options written by one loop of its template over (value, label,
    selected) triples, instead of Django's option dictionaries and include of a template for each option: for
    selects of hundreds of people and a list's filters (docs/performance.md has the figures)."""

    template_name = "forms/flat_select.html"

    def get_context(self, name, value, attrs):
        context = django.forms.Widget.get_context(self, name, value, attrs)  # not ChoiceWidget's options
        chosen = {str(value) for value in context["widget"]["value"]}
        context["widget"]["options"] = [
            (str(option), label, str(option) in chosen) for option, label in self.choices
        ]
        return context

    def _render(self, template_name, context, renderer=None):
        return render_to_string(template_name, context)  # the site's templates, where this one lives


# The classes crispy-forms gives an input of each kind (Django's `BoundField.widget_type`); any other kind
# gets its widget's name ("dateinput", "flatselect") and `form-select` for a select, else `form-control`.
INPUT_CLASSES = {"checkbox": "checkboxinput form-check-input", "radioselect": "form-check-input"}


class BootstrapBoundField(django.forms.BoundField):
    """A field whose input carries the classes crispy-forms gives it, and `is-invalid` with errors (Django
    adds aria-invalid and aria-describedby)."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        kind = "form-select" if isinstance(widget, django.forms.Select) else "form-control"
        classes = INPUT_CLASSES.get(self.widget_type, f"{type(widget).__name__.lower()} {kind}")
        attrs["class"] = f"{classes} is-invalid" if self.errors else classes
        return attrs


class TemplateForm(django.forms.Form):
    """A form written by Django's form template `forms/fields.html` in crispy-forms' markup (labels, classes,
    selects, check boxes and radio buttons, each error beside its field, the error summary above; no file
    inputs) at about half of crispy's cost: for the forms of the busiest pages (the meeting log's own form and
    its follow-ups', the pairing form's lists of every candidate and mentor, adding a member)."""

    template_name = "forms/fields.html"
    bound_field_class = BootstrapBoundField
