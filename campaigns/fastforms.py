"""A form field as Bootstrap 5 shows it, in plain Python (issue 17).

`{{ form.link|field_block }}` (campaigns/templatetags/form_fields.py) gives the markup
of crispy-bootstrap5's `as_crispy_field` (the wrapper, the label with `for`, the widget
with its classes, `aria-invalid` and `aria-describedby` from Django, the errors with
their ids, the help text), without its dozen template renders per field: the log-a-post
form took a fifth of /me/. The widgets of such forms come from `FastWidgets`, which
writes the markup of Django's own widget templates for inputs, text areas and selects,
and leaves any other template to Django.
"""

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe

_INPUT = "django/forms/widgets/input.html"
_INPUTS = {
    _INPUT,
    "django/forms/widgets/text.html",
    "django/forms/widgets/date.html",
    "django/forms/widgets/hidden.html",
    "django/forms/widgets/email.html",
    "django/forms/widgets/url.html",
    "django/forms/widgets/number.html",
}


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: False leaves the attribute out, True writes its name."""
    return "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def _value_attr(value) -> str:
    return "" if value is None else f' value="{conditional_escape(str(value))}"'


def _select(widget: dict) -> str:
    # Each option's own template ends with a newline, kept where it is included.
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            parts.append(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def widget_html(template_name: str, widget: dict) -> str | None:
    """The markup of Django's widget template `template_name`, or None for another one."""
    if template_name in _INPUTS:
        return (
            f'<input type="{conditional_escape(widget["type"])}" '
            f'name="{conditional_escape(widget["name"])}"'
            f"{_value_attr(widget['value'])}{_attrs(widget['attrs'])}>"
        )
    if template_name == "django/forms/widgets/textarea.html":
        value = conditional_escape(widget["value"]) if widget["value"] else ""
        return (
            f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>'
            f"\n{value}</textarea>"
        )
    if template_name == "django/forms/widgets/select.html" and "optgroups" in widget:
        return _select(widget)
    return None


class FastWidgets(DjangoTemplates):
    """Django's form renderer, but inputs, text areas and selects written in Python
    (the same markup: tests/campaigns/test_form_fields.py compares them)."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if widget is not None:
            html = widget_html(template_name, widget)
            if html is not None:
                return mark_safe(html)  # noqa: S308 - every part escaped above
        return super().render(template_name, context, request)


FAST_WIDGETS = FastWidgets()


def _css_class(widget: forms.Widget, errors: bool) -> str:
    """crispy-bootstrap5's classes: the widget's class name, then Bootstrap's."""
    name = type(widget).__name__.lower()
    own = widget.attrs.get("class", "")
    if own and name not in own:
        own = f"{own} {name}"
    bootstrap = "form-select" if isinstance(widget, forms.Select) else "form-control"
    return f"{own or name} {bootstrap}{' is-invalid' if errors else ''}"


def field_block(field: forms.BoundField) -> str:
    """A field with its label, errors and help text, as crispy-bootstrap5 writes it."""
    if field.is_hidden:
        return str(field)
    widget = field.field.widget
    errors = field.errors
    control = field.as_widget(attrs={"class": _css_class(widget, bool(errors))})
    required = field.field.required
    label = format_html(
        '<label for="{}" class="form-label{}">{}{}</label>',
        field.id_for_label,
        " requiredField" if required else "",
        field.label,
        mark_safe('<span class="asteriskField">*</span>') if required else "",
    )
    error_block = ""
    if errors:
        error_block = format_html(
            '<div id="{}_error" class="invalid-feedback">{}</div>',
            field.auto_id,
            format_html_join(
                "",
                '<p id="error_{}_{}"><strong>{}</strong></p>',
                ((n, field.auto_id, error) for n, error in enumerate(errors, 1)),
            ),
        )
    help_block = ""
    if field.help_text:
        # As crispy: help texts are the project's own strings, marked safe there too.
        help_block = format_html(
            '<div id="{}_helptext" class="form-text">{}</div>',
            field.auto_id,
            mark_safe(field.help_text),  # noqa: S308 - our own help texts
        )
    return format_html(
        '<div id="div_{}" class="mb-3">{}{}{}{}</div>',
        field.auto_id,
        label,
        control,
        error_block,
        help_block,
    )
