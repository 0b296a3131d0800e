"""A posted form handed to a service that makes or changes an admission request (准入申请)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

from registry.form_errors import form_add_service_errors


def post_to_admission(request, form, service, message, *, admission=None):
    """A valid POSTed form: ``service(form.cleaned_data)``, then ``message(result)`` on the
    screen of ``admission`` (or of the result, when the service made the request). None when
    the form is to be shown (again): not posted, invalid, or refused (the reasons on the form)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = service(form.cleaned_data)
    except ValidationError as exc:
        form_add_service_errors(form, exc)
        return None
    messages.success(request, message(result))
    return redirect("jianfu:admission_detail", (admission or result).pk)
