"""Open311 GeoReport v2 at /api/open311/v2/ (its own NinjaAPI; docs/open311.md says what and why).

Every operation answers JSON (``.json``) or XML (``.xml``, the spec's default format):

- GET  discovery.{fmt}                 endpoints and formats
- GET  services.{fmt}                  the categories; services/{code}.{fmt} one definition
- POST requests.{fmt}                  submit (form or JSON body); the query code comes back once
- GET  requests.{fmt}                  public fields of requests, with the spec's filters
- GET  requests/{id}.{fmt}             public fields; with ``query_code`` (or ``token``) the
                                       reporter's own view
- GET  tokens/{token}.{fmt}            the request id of a query code

Reporter protection: no answer ever carries contact details, the report text or anything else
the reporter typed, except the reporter's own view (with the query code), which adds the
location they gave and the note addressed to them. Errors are the GeoReport list
``[{"code", "description"}]`` with a Chinese description, also for errors raised outside the
handlers (cms.request_guard rewrites those, with ``rendering.error_response``).

Modules: open311 (the NinjaAPI, its error handlers, registering an operation in both formats),
rendering (JSON / XML), schemas (the OpenAPI description, field limits), parameters, answers
(case → public fields, the reporter's own view), and the operations in discovery and
service_requests, imported here in the order they are registered.
"""

from . import discovery, service_requests  # noqa: F401 - registers the operations on open311_api
from .open311 import open311_api

__all__ = ["open311_api"]
