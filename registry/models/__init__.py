from .imports import ImportJob
from .items import AbstractItemFields, ListItem
from .lists import DutyList, ListVersion
from .regions import Department, Region

__all__ = [
    "AbstractItemFields",
    "Department",
    "DutyList",
    "ImportJob",
    "ListItem",
    "ListVersion",
    "Region",
]
