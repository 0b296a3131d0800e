from django import template

register = template.Library()


@register.filter
def highlight(text: str, forms) -> str:
    """``text`` escaped, with each of ``forms`` (words really present in it) wrapped in <mark>."""
    from registry.search import highlight as mark_words

    return mark_words(text or "", forms or [])


@register.filter
def item_forms(entries) -> list[str]:
    """The item-side words of a list of highlights (for ``highlight`` on the item text)."""
    return [h["item"] for h in entries or []]
