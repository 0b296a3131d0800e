from django import template

register = template.Library()


@register.simple_tag
def item_value(item, field: str):
    """The display value of one column of a list item (choices and departments shown by name)."""
    if field == "department":
        return item.department_label  # as published for a ListItem, current for a draft
    display = getattr(item, f"get_{field}_display", None)
    return display() if display else getattr(item, field)
