"""Handling screens in the Wagtail admin (menu 码上减). Every view is scoped by role and county.

Modules: cases (list, detail, the state table's actions, 待办, attachments, export), statistics
(tables, export, charts), hotspots, posters; access holds the role checks they share.
"""
