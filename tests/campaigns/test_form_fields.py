"""The log-a-post form drawn in plain Python (campaigns.fastforms, issue 17) is the form
crispy-bootstrap5 drew: the same widgets as Django's templates write them, the same
labels, errors and help texts tied to their fields for screen readers."""

import re

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.forms.renderers import DjangoTemplates

from campaigns.fastforms import FAST_WIDGETS, field_block
from campaigns.forms import PostForm

SENT_WRONG = {
    "link": 'http://x.com/"<b>',
    "platform": "zzz",
    "description": "a <script> & more",
    "posted_on": "3000-01-01",
    "text": "Kept <words> & 'quotes'",
    "submission": "",
}


def _forms(prisoners):
    form = PostForm(prisoners=prisoners)
    one = prisoners[0].pk if len(prisoners) == 1 else "999"
    wrong = PostForm({**SENT_WRONG, "prisoner": one}, prisoners=prisoners)
    wrong.is_valid()
    return [form, wrong]


@pytest.fixture(params=[1, 3], ids=["one prisoner", "three prisoners"])
def post_forms(request, make_prisoner):
    names = ["Wu Gan", 'Li "Yu" <Ming>', "Ilham Tohti"]
    return _forms([make_prisoner(name=name) for name in names[: request.param]])


def _plain(html: str) -> str:
    # crispy's templates indent and pad; the markup itself must be the same.
    return re.sub(r"\s*([<>])\s*", r"\1", re.sub(r"\s+", " ", str(html))).strip()


def test_the_widgets_are_djangos_own_markup(post_forms):
    django = DjangoTemplates()
    for form in post_forms:
        for field in form:
            attrs = {"class": "form-control is-invalid"} if field.errors else None
            fast = field.as_widget(attrs=attrs)
            widget = field.field.widget
            assert form.renderer is FAST_WIDGETS
            built = field.build_widget_attrs(dict(attrs or {}), widget)
            built.setdefault("id", field.auto_id)  # as BoundField.as_widget does
            slow = widget.render(field.html_name, field.value(), attrs=built, renderer=django)
            assert fast == slow, field.name


def test_each_field_is_what_crispy_drew(post_forms):
    for form in post_forms:
        for field in form:
            ours = field_block(field)  # first: crispy writes its classes into the widget
            assert _plain(ours) == _plain(as_crispy_field(field)), field.name


def test_errors_are_tied_to_their_fields(make_prisoner):
    (_form, wrong) = _forms([make_prisoner(), make_prisoner()])
    html = str(field_block(wrong["posted_on"]))
    assert '<label for="id_posted_on" class="form-label">' in html
    assert 'aria-invalid="true"' in html and "is-invalid" in html
    assert 'aria-describedby="id_posted_on_helptext id_posted_on_error"' in html
    assert '<div id="id_posted_on_error" class="invalid-feedback">' in html
    assert "This date is in the future." in html
    link = str(field_block(wrong["link"]))
    assert 'value="http://x.com/&quot;&lt;b&gt;"' in link  # escaped as typed
    assert "<b>" not in link
    about = str(field_block(wrong["prisoner"]))  # two prisoners: a select, required
    assert 'class="form-label requiredField">About<span class="asteriskField">*</span>' in about
    assert '<select name="prisoner" class="select form-select is-invalid"' in about


def test_other_widgets_are_left_to_django():
    class Other(forms.Form):
        agree = forms.BooleanField()

    form = Other(renderer=FAST_WIDGETS)
    assert 'type="checkbox"' in str(form["agree"])
