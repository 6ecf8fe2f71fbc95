"""The generic field include every form of the site renders with."""

import re

from django import forms
from django.template.loader import render_to_string


class SampleForm(forms.Form):
    name = forms.CharField(label="Nom", help_text="Tel qu’il figure sur vos papiers.")
    bio = forms.CharField(label="Présentation", widget=forms.Textarea, required=False)
    kind = forms.ChoiceField(label="Type", choices=[("a", "A"), ("b", "B")])
    agree = forms.BooleanField(label="J’accepte")
    document = forms.FileField(label="Document", required=False)
    channel = forms.ChoiceField(
        label="Canal", choices=[("m", "Mail"), ("t", "Tél")], widget=forms.RadioSelect
    )

    def clean(self):
        raise forms.ValidationError("Ce créneau n’est plus disponible.")


def render(form):
    return render_to_string("accounts/includes/form_fields.html", {"form": form})


def test_required_fields_carry_an_asterisk_and_the_form_one_explanation():
    html = render(SampleForm())

    assert html.count("form-legend-required") == 1
    # name, kind, agree, channel are required; bio and document are not.
    assert html.count('<span class="required" aria-hidden="true">*</span>') == 4
    assert re.search(r'<label for="id_bio"[^>]*>Présentation</label>', html)


def test_help_text_is_linked_to_its_input():
    html = render(SampleForm())

    assert 'id="id_name_helptext"' in html
    assert re.search(r'<input[^>]*aria-describedby="id_name_helptext"[^>]*id="id_name"', html)


def test_errors_are_linked_and_non_field_errors_shown_first_as_an_alert():
    form = SampleForm(data={"bio": "x"})
    form.is_valid()
    html = render(form)

    alert = html.index('class="alert alert--error" role="alert"')
    assert alert < html.index('id="id_name"')
    assert "Ce créneau n’est plus disponible." in html
    assert 'id="id_name_error"' in html
    name_input = re.search(r'<input[^>]*name="name"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in name_input
    assert "id_name_helptext id_name_error" in name_input
    assert "field--error" in html


def test_each_widget_kind_renders_with_its_label():
    html = render(SampleForm())

    assert re.search(r'<textarea[^>]*id="id_bio"', html)
    assert re.search(r'<select[^>]*id="id_kind"', html)
    assert re.search(r'<input type="file"[^>]*id="id_document"', html)
    # A checkbox comes before its label.
    assert html.index('id="id_agree"') < html.index('for="id_agree"')
    # A radio list is a fieldset with a legend.
    assert re.search(r"<fieldset>\s*<legend[^>]*>Canal", html)


def test_a_form_without_required_fields_prints_no_explanation():
    class Optional(forms.Form):
        note = forms.CharField(required=False)

    assert "form-legend-required" not in render(Optional())
