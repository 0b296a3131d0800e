"""Stable codes of 码上减. No status string literals elsewhere."""

from django.db import models


class CaseStatus(models.TextChoices):
    SUBMITTED = "submitted", "待受理"
    DECLINED = "declined", "不予受理"
    HANDLING = "handling", "办理中"
    REVIEW = "review", "待审核"
    CLOSED = "closed", "已办结"


# What the reporter sees on the status page (less detail than the office).
PUBLIC_STATUS_LABELS: dict[str, str] = {
    CaseStatus.SUBMITTED: "已收到，待受理",
    CaseStatus.DECLINED: "不予受理",
    CaseStatus.HANDLING: "办理中",
    CaseStatus.REVIEW: "办理中",
    CaseStatus.CLOSED: "已办结",
}

OPEN_STATUSES = (CaseStatus.SUBMITTED, CaseStatus.HANDLING, CaseStatus.REVIEW)


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASICALLY = "basically", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


SATISFIED_VALUES = (Satisfaction.SATISFIED, Satisfaction.BASICALLY)


class UnitRole(models.TextChoices):
    OFFICE = "office", "减负机制办"
    HANDLER = "handler", "承办单位"


class DeclineReason(models.TextChoices):
    LITIGATION = "litigation", "涉法涉诉"
    CRIME = "crime", "违法犯罪"
    PETITION = "petition", "个体信访"
    NOT_BURDEN = "not_burden", "不属于基层减负问题"
    INSUFFICIENT = "insufficient", "反映内容不具体，无法核实"
    DUPLICATE = "duplicate", "重复反映"


# Where an out-of-scope matter should go instead (shown on the form and on a decline).
DECLINE_POINTERS: dict[str, str] = {
    DeclineReason.LITIGATION: "涉法涉诉事项请依法向人民法院、人民检察院或司法行政机关反映。",
    DeclineReason.CRIME: "违法犯罪线索请向公安机关报案，或向纪检监察机关举报。",
    DeclineReason.PETITION: "个人诉求请通过信访渠道（县信访局）或 12345 政务服务便民热线反映。",
    DeclineReason.NOT_BURDEN: "本渠道受理形式主义、官僚主义增加基层负担问题，其他诉求请通过 12345 热线反映。",
    DeclineReason.INSUFFICIENT: "请补充具体的时间、单位、事项后重新反映。",
    DeclineReason.DUPLICATE: "该问题已在办理中，请以原案件的查询码查看进展。",
}

# Deadlines in working days (domain.md §6, suggested defaults).
ACCEPT_WORKING_DAYS = 2
HANDLE_WORKING_DAYS = 15
MAX_EXTENSION_WORKING_DAYS = 15
# A case this many working days past its deadline is escalated to the office.
ESCALATE_AFTER_WORKING_DAYS = 3
# Statistics never show a figure computed from fewer cases than this.
MIN_CELL = 5

# Attachments.
MAX_ATTACHMENTS = 3
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024


class AttachmentKind(models.TextChoices):
    JPEG = "jpeg", "JPEG 图片"
    PNG = "png", "PNG 图片"
    PDF = "pdf", "PDF 文件"
