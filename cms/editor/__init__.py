"""The table editor of a list draft's items (admin screens under /admin/jianfu/lists/<id>/items/).

Views only read and render; every change goes through ``cms.drafts``.
"""
