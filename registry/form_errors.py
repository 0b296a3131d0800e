"""A service's refusal on the form that called it: one rule for the admin and public forms.

Services raise ``ValidationError`` with Chinese messages, keyed by their own argument names where
they can; a form shows each message on the field of that name, and the rest above the form.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError


def form_add_service_errors(form, exc: ValidationError) -> None:
    """Each field's messages on that field when the form has it, the others on the whole form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
