"""Django forms that render as GOV.UK Design System components.

`GovukForm`/`GovukModelForm` put the GOV.UK classes on each widget and, after validation,
point `aria-describedby` at the error message so screen readers read it with the field.
The markup itself is in templates/govuk/ (a form renderer, see settings.FORM_RENDERER).
"""

import datetime
import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting

WIDGET_CLASSES = {
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "checkbox": "govuk-checkboxes__input",
    "radioselect": "govuk-radios__input",
    "checkboxselectmultiple": "govuk-checkboxes__input",
    "govukdate": "",
    "clearablefile": "govuk-file-upload",
    "file": "govuk-file-upload",
}
ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-select": "govuk-select--error",
    "govuk-file-upload": "govuk-file-upload--error",
}


def widget_type(widget) -> str:
    """The same name Django's BoundField.widget_type gives ("textarea", "select", ...)."""
    return re.sub(r"widget$|input$", "", widget.__class__.__name__.lower())


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"


class GovukDateInput(forms.MultiWidget):
    """The GOV.UK date input: separate day, month and year boxes."""

    template_name = "govuk/widgets/date.html"

    def __init__(self, attrs=None):
        part = {"class": "govuk-input govuk-date-input__input", "inputmode": "numeric"}
        widgets = {
            "day": forms.TextInput({**part, "class": part["class"] + " govuk-input--width-2"}),
            "month": forms.TextInput({**part, "class": part["class"] + " govuk-input--width-2"}),
            "year": forms.TextInput({**part, "class": part["class"] + " govuk-input--width-4"}),
        }
        super().__init__(widgets, attrs)

    def id_for_label(self, id_):
        # Errors and labels point at the day box, as the GOV.UK pattern does.
        return f"{id_}_0" if id_ else id_

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value.count("-") == 2:
            year, month, day = value.split("-")
            return [day, month, year]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        day, month, year = (
            (part or "").strip() for part in super().value_from_datadict(data, files, name)
        )
        if not (day or month or year):
            return None
        # Hand DateField an ISO string; anything impossible fails its own "Enter a real date".
        return f"{year}-{month.zfill(2)}-{day.zfill(2)}"


class GovukDateField(forms.DateField):
    widget = GovukDateInput
    default_error_messages = {"invalid": "Enter a real date, for example 27 3 2012"}

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        super().__init__(**kwargs)


class GovukFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read widgets from self.fields, not BoundFields: those are cached on first access
        # and would freeze labels that subclasses change after this __init__.
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            css = WIDGET_CLASSES.get(widget_type(widget), "govuk-input")
            if css and "class" not in widget.attrs:
                widget.attrs["class"] = css

    def full_clean(self):
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name not in self.fields:  # type: ignore[attr-defined]
                continue
            bound = self[name]  # type: ignore[index]
            widget = bound.field.widget
            css = widget.attrs.get("class", "")
            if css in ERROR_CLASSES:
                widget.attrs["class"] = f"{css} {ERROR_CLASSES[css]}"
            for part in getattr(widget, "widgets", []):  # the day, month and year boxes
                if "govuk-input--error" not in part.attrs.get("class", ""):
                    part.attrs["class"] = part.attrs.get("class", "") + " govuk-input--error"
            described = [f"{bound.auto_id}_error"]
            if bound.help_text:
                described.append(f"{bound.auto_id}_helptext")
            widget.attrs["aria-describedby"] = " ".join(described)


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass


def apply_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field where the form has
    one, in the error summary otherwise."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)
