"""Pure: every field an item carries, in a fixed order, and its groups (no imports, so the pure
core can use it).

Part of the field catalogue of ``registry.columns``, which re-exports it; kept apart because
``registry.columns`` names the list kinds through ``registry.enums`` (Django choices), and
``registry.compare`` must not import the ORM (import-linter contract in pyproject.toml).
"""

# Every field an item carries, in a fixed order (also the stable export shape).
ITEM_FIELDS: list[str] = [
    "code",
    "seq",
    "domain",
    "name",
    "content",
    "basis",
    "department",
    "department_duty",
    "local_duty",
    "alternative",
    "issuer",
    "note",
    "applies_to",
    # The terms of an admitted item (准入申请), empty for every other item.
    "targets",
    "admission_no",
    "term",
    "funding",
    "staff",
    "keywords",
    "phrases",
    # In a derived list (registry.layers): 本级增补 (empty), 不适用 or 本级表述, and why.
    "adjustment",
    "reason",
]
EXPORT_FIELDS = ITEM_FIELDS

# The terms an admission puts on an item: the approval decides them, a file never does.
ADMISSION_FIELDS: tuple[str, ...] = ("targets", "admission_no", "term", "funding", "staff")
# Matching aids every kind carries after its own columns (registry.admission_index reads them).
MATCHING_FIELDS: tuple[str, ...] = ("keywords", "phrases")
# The columns only a derived list carries (registry.layers).
DERIVED_FIELDS: tuple[str, ...] = ("adjustment", "reason")
# The free text of an item as a list file carries it: every field but the code, 序号, the
# department (a reference), 适用范围 (a choice), the admission terms and the adjustment.
TEXT_FIELDS: tuple[str, ...] = tuple(
    f
    for f in ITEM_FIELDS
    if f not in ("code", "seq", "department", "applies_to", *ADMISSION_FIELDS, *DERIVED_FIELDS)
)
