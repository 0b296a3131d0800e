"""registry/form_errors.py: a service's refusal shown on the form that called it."""

from django import forms
from django.core.exceptions import ValidationError

from registry.form_errors import form_add_service_errors


class NameForm(forms.Form):
    name = forms.CharField()


def _form() -> NameForm:
    form = NameForm({"name": "甲"})
    assert form.is_valid()
    return form


def test_a_field_of_the_form_gets_its_messages_the_others_go_above_the_form():
    form = _form()
    form_add_service_errors(
        form, ValidationError({"name": ["名称已被使用。"], "county": "不属于本县。"})
    )
    assert form.errors["name"] == ["名称已被使用。"]
    assert form.non_field_errors() == ["不属于本县。"]


def test_a_refusal_without_fields_goes_above_the_form():
    form = _form()
    form_add_service_errors(form, ValidationError(["一。", "二。"]))
    assert form.non_field_errors() == ["一。", "二。"]
