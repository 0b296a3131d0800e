"""django-import-export resources of the registers, with the Chinese headers of
``burden.columns`` (the export of the admin screens; the import reads the same headers)."""

from __future__ import annotations

from import_export import fields, resources, widgets

from registry.models import Region

from .columns import COLUMNS
from .enums import Register
from .selectors import MODELS


class ChoiceLabelWidget(widgets.Widget):
    def __init__(self, choices):
        super().__init__()
        self.labels = dict(choices)

    def render(self, value, obj=None, **kwargs):
        return self.labels.get(value, value or "")


class YesNoWidget(widgets.Widget):
    def render(self, value, obj=None, **kwargs):
        return "是" if value else "否"


class DateTextWidget(widgets.Widget):
    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


def _field(model, name: str, header: str, kind: str) -> fields.Field:
    if kind == "department":
        widget = widgets.ForeignKeyWidget(model._meta.get_field(name).related_model, "short_name")
    elif kind == "unit":
        widget = widgets.ForeignKeyWidget(Region, "name")
    elif kind == "townships":
        widget = widgets.ManyToManyWidget(Region, separator="、", field="name")
    elif kind == "choice":
        widget = ChoiceLabelWidget(model._meta.get_field(name).choices)
    elif kind == "bool":
        widget = YesNoWidget()
    elif kind == "date":
        widget = DateTextWidget()
    else:
        widget = widgets.Widget()
    return fields.Field(attribute=name, column_name=header, widget=widget)


def resource_for(register: str) -> resources.ModelResource:
    model = MODELS[Register(register)]
    attrs = {name: _field(model, name, header, kind) for name, header, kind in COLUMNS[register]}
    names = tuple(attrs)
    attrs["Meta"] = type("Meta", (), {"model": model, "fields": names, "export_order": names})
    cls = type(f"{model.__name__}Resource", (resources.ModelResource,), attrs)
    return cls()


def export_rows(register: str, queryset) -> list[list]:
    """Header row + one row per entry, through the resource (values as the screens show them)."""
    resource = resource_for(register)
    dataset = resource.export(queryset=queryset)
    return [list(dataset.headers), *[list(row) for row in dataset]]
