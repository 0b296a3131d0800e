"""Office screens beside the viewsets: import (upload → preview → confirm), export, the
inspection calendar of a township and the load picture (基层负担画像) with its comparison.

Modules: registers (import, export, the hub), picture (calendar, load picture, charts),
estimates (burden estimates of admission requests, 一进一出), links (码上减 cases ↔ items and
entries), form_admission (准入申请 of a form); access holds the office's county scope, submit
the one way a posted form reaches a service and the admission request's screen.
"""
