"""A list's only schedule is its effective date: clear Wagtail go-live and expiry on list pages.

An expiry left on a published list page would let ``publish_scheduled`` take it offline;
a go-live left on one of its revisions would let it publish an unreviewed draft.
"""

from django.db import migrations


def clear_schedules(apps, schema_editor):
    DutyListPage = apps.get_model("cms", "DutyListPage")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    DutyListPage.objects.update(go_live_at=None, expire_at=None)
    content_type = ContentType.objects.filter(app_label="cms", model="dutylistpage").first()
    if content_type is not None:
        Revision.objects.filter(content_type=content_type).update(approved_go_live_at=None)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_draft_item_matching_fields"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(clear_schedules, migrations.RunPython.noop)]
