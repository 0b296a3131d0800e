from django import template

register = template.Library()


@register.simple_tag
def item_value(item, field: str):
    """The display value of one column of a list item (choices and departments shown by name)."""
    if field == "department":
        return item.department_label  # as published for a ListItem, current for a draft
    display = getattr(item, f"get_{field}_display", None)
    return display() if display else getattr(item, field)


@register.filter
def highlight(text: str, forms) -> str:
    """``text`` escaped, with each of ``forms`` (words really present in it) wrapped in <mark>."""
    from registry.search import highlight as mark_words

    return mark_words(text or "", forms or [])


@register.filter
def task_forms(entries) -> list[str]:
    """The task-side words of a list of highlights (for ``highlight`` on the task text)."""
    return [h["task"] for h in entries or []]


@register.filter
def item_forms(entries) -> list[str]:
    """The item-side words of a list of highlights (for ``highlight`` on the item text)."""
    return [h["item"] for h in entries or []]
