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
    import re

    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    text = text or ""
    words = sorted({f for f in (forms or []) if f and f in text}, key=len, reverse=True)
    if not words:
        return escape(text)
    pattern = re.compile("|".join(re.escape(w) for w in words))
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(escape(text[last : m.start()]))
        out.append(f"<mark>{escape(m.group(0))}</mark>")
        last = m.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


@register.filter
def task_forms(entries) -> list[str]:
    """The task-side words of a list of highlights (for ``highlight`` on the task text)."""
    return [h["task"] for h in entries or []]


@register.filter
def item_forms(entries) -> list[str]:
    """The item-side words of a list of highlights (for ``highlight`` on the item text)."""
    return [h["item"] for h in entries or []]
