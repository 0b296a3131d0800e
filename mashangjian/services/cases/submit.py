"""Filing a report, exactly once: checked before the first write, redacted, routed, the
admission check attached; the receipt the reporter gets."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from registry.models import Department, Region
from registry.services.checks import check_run

from ... import refcache, selectors, submissions
from ...enums import (
    ACCEPT_WORKING_DAYS,
)
from ...models import Attachment, Case, Category
from ...protection import hash_query_code, new_case_number, new_query_code, redact
from ...uploads import CleanFile
from ...visibility import conflict_field, departments_named
from ..case_insert import case_insert

logger = logging.getLogger(__name__)


# The same limit as the web form; the API must not accept more.
MAX_CONTENT_CHARS = 5000


@dataclass(frozen=True)
class Receipt:
    """What the reporter gets: the case number and the secret query code.

    ``duplicate`` is True when the submission was recognised as one already filed (the same
    idempotency key, or an identical report from the same source within the window). The query
    code can then be given again only where it derives from the idempotency key; otherwise
    ``query_code`` is empty and the reporter uses the code from the first receipt."""

    case: Case
    number: str
    query_code: str
    duplicate: bool = False


def submitted_notice(receipt: Receipt) -> str:
    """What the reporter is told with a receipt (the API's ``service_notice``)."""
    due = f"受理期限：{receipt.case.accept_due:%Y-%m-%d}。"
    if not receipt.duplicate:
        return f"请保存案件编号和查询码；查询码只显示这一次。{due}"
    if receipt.query_code:
        return f"该反映已提交过（同一 Idempotency-Key），未重复登记。{due}"
    return f"与您刚才提交的反映相同，已作为同一件案件处理；请使用第一次得到的查询码。{due}"


def case_submit(
    *,
    category: Category,
    region: Region,
    content: str,
    subject_department: Department | None = None,
    subject_text: str = "",
    occurred: str = "",
    anonymous: bool = True,
    contact_name: str = "",
    contact_phone: str = "",
    name_parts: tuple[str, ...] = (),
    files: list[CleanFile] = (),
    address_string: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    idempotency_key: str = "",
    source: str = "",
    now: datetime.datetime | None = None,
) -> Receipt:
    """File an anonymous (or named, confidential) report, exactly once.

    ``contact_name`` and ``name_parts`` (e.g. Open311 ``last_name``/``first_name``) are used to
    redact every text the reporter typed; on an anonymous report they are used for that only and
    never stored. ``idempotency_key`` (the form's hidden token, the API's ``Idempotency-Key``)
    and ``source`` (a keyed hash of the client address, ``ratelimit.source_of``) make a repeated
    submission return the case already filed (``submissions.py``).

    Everything is checked before the first write, so a refused report needs no savepoint to undo;
    the writes themselves are atomic (``_case_store``)."""
    content = (content or "").strip()
    if len(content) < 10:
        raise ValidationError({"content": "请具体描述反映的问题（至少10个字）。"})
    if len(content) > MAX_CONTENT_CHARS:
        raise ValidationError(
            {"content": f"反映内容最多{MAX_CONTENT_CHARS}字，当前{len(content)}字，请精简后提交。"}
        )
    county = region.county
    if county is None:
        raise ValidationError({"region": "请选择县以下的具体地区。"})
    if subject_department is not None and subject_department.county_id != county.pk:
        raise ValidationError({"subject_department": "被反映部门不属于所选地区的县。"})
    names = tuple(n for n in (contact_name, *name_parts) if n and n.strip())
    if anonymous:
        contact_name = contact_phone = ""
    elif not contact_phone.strip():
        raise ValidationError({"contact_phone": "选择实名反映时请填写联系方式，或改为匿名反映。"})
    submission = submissions.Submission.for_report(
        key=idempotency_key,
        source=source,
        category_id=category.pk,
        region_id=region.pk,
        subject_department_id=subject_department.pk if subject_department else None,
        subject_text=subject_text,
        content=content,
        now=now or timezone.now(),
    )
    with refcache.pinned():  # one version check for the calendar and the routing rules
        return _case_prepare(
            category=category,
            region=region,
            county=county,
            content=content,
            subject_department=subject_department,
            subject_text=subject_text,
            occurred=occurred,
            anonymous=anonymous,
            contact_name=contact_name,
            contact_phone=contact_phone,
            names=names,
            files=files,
            location=(address_string.strip(), latitude, longitude),
            submission=submission,
        )


def _case_prepare(
    *,
    category: Category,
    region: Region,
    county: Region,
    content: str,
    subject_department: Department | None,
    subject_text: str,
    occurred: str,
    anonymous: bool,
    contact_name: str,
    contact_phone: str,
    names: tuple[str, ...],
    files: list[CleanFile],
    location: tuple[str, float | None, float | None],
    submission: submissions.Submission,
) -> Receipt:
    now = submission.now
    calendar = selectors.work_calendar(years=range(now.year, now.year + 2), county_id=county.pk)
    accept_due = calendar.add_working_days(timezone.localdate(now), ACCEPT_WORKING_DAYS).due
    query_code = submission.query_code or new_query_code()
    subject_text = subject_text.strip()[:128]
    occurred = occurred.strip()[:64]
    # The departments this report is about: chosen, or named in any text (visibility.py).
    about = departments_named(
        (subject_text, occurred, content), refcache.county_departments(county_id=county.pk)
    ) | ({subject_department.pk} if subject_department else set())
    case = Case(
        token_hash=hash_query_code(query_code),
        category=category,
        county=county,
        region=region,
        subject_department=subject_department,
        subject_text=subject_text,
        subject_text_redacted=redact(subject_text, names=names)[:160],
        content=content,
        content_redacted=redact(content, names=names),
        occurred=occurred,
        occurred_redacted=redact(occurred, names=names)[:96],
        conflict_departments=conflict_field(about),
        anonymous=anonymous,
        contact_name=contact_name.strip()[:32],
        contact_phone=contact_phone.strip()[:64],
        address_string=location[0],
        latitude=location[1],
        longitude=location[2],
        submitted_at=now,
        accept_due=accept_due,
        proposed_department=selectors.routing_proposal(
            county=county, region=region, category=category, excluded=frozenset(about)
        ),
    )
    return _case_store(case, query_code=query_code, files=files, submission=submission)


@transaction.atomic(savepoint=False)  # the caller's transaction, or a new one; nothing to undo yet
def _case_store(
    case: Case, *, query_code: str, files: list[CleanFile], submission: submissions.Submission
) -> Receipt:
    existing = submission.claim()  # serialises identical submissions until this one commits
    if existing is not None:
        return Receipt(
            case=existing,
            number=existing.number,
            query_code=submission.query_code,
            duplicate=True,
        )
    # Every report is checked, whatever its category: a 担保 complaint may be filed under any.
    _attach_check(case)
    case_insert(case, new_number=new_case_number)  # with its first history row
    submission.record(case)
    for clean in files:
        Attachment.objects.create(
            case=case,
            file=ContentFile(clean.data, name=clean.name),
            kind=clean.kind,
            size=len(clean.data),
        )
    return Receipt(case=case, number=case.number, query_code=query_code)


def _attach_check(case: Case) -> None:
    """Run the admission check on the (redacted) report text; a failure never loses the report."""
    try:
        with transaction.atomic():
            check = check_run(
                region=case.region,
                text=case.content_redacted,
                department=case.subject_department,
                on=timezone.localdate(case.submitted_at),
                source="mashangjian",
            )
    except ValidationError as exc:  # e.g. no list in force for the unit: say so to the handlers
        case.check_result = {
            "verdict": "",
            "verdict_label": "未能审查：" + "；".join(exc.messages),
            "matches": [],
        }
        return
    except Exception:  # the report matters more than the check
        logger.exception("准入审查失败，案件照常提交")
        return
    case.check_id = check.pk
    result = dict(check.result or {})
    result.setdefault("verdict", check.verdict)
    result["verdict_label"] = str(check.verdict_label)
    case.check_result = result
