"""Pure: every field an item carries, in a fixed order (no imports, so the pure core can use it).

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
