"""Actions on list pages in Wagtail's style: ``check()`` raises the Chinese reason, ``execute()`` acts."""
