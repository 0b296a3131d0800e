from .checks import AdmissionRequest, AssignmentCheck, CheckDecision
from .imports import ImportJob
from .items import AbstractItemFields, ListItem
from .lists import DutyList, ListVersion
from .regions import Department, Region
from .search import ItemSearchEntry

__all__ = [
    "AdmissionRequest",
    "AssignmentCheck",
    "CheckDecision",
    "AbstractItemFields",
    "Department",
    "DutyList",
    "ImportJob",
    "ItemSearchEntry",
    "ListItem",
    "ListVersion",
    "Region",
]
