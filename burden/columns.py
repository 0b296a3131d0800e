"""Which field each register shows, under which Chinese header (admin exports, imports, docs).

One spec per register: (field, header, kind). ``kind`` says how a cell is read and written:
text, int, date, bool (是/否), choice (the Chinese label or the code), department (简称 or 全称
of a department of the county), unit (区划代码 or 名称 of a township/village of the county),
townships (names separated by 、).
"""

from __future__ import annotations

from .enums import Register

Col = tuple[str, str, str]

COLUMNS: dict[str, list[Col]] = {
    Register.FORMS: [
        ("number", "报表编号", "text"),
        ("title", "报表名称", "text"),
        ("purpose", "用途", "text"),
        ("department", "制发部门", "department"),
        ("approval", "审批文号", "text"),
        ("valid_from", "启用日期", "date"),
        ("valid_until", "有效期至", "date"),
        ("frequency", "填报频次", "choice"),
        ("filled_by", "填报主体", "choice"),
        ("indicators", "指标数", "int"),
        ("status", "状态", "choice"),
        ("abolished_on", "废止日期", "date"),
        ("note", "备注", "text"),
    ],
    Register.INSPECTIONS: [
        ("item", "督查检查考核事项", "text"),
        ("department", "牵头部门", "department"),
        ("basis", "依据", "text"),
        ("plan_kind", "计划类型", "choice"),
        ("approval", "一事一报批准文号", "text"),
        ("townships", "涉及乡镇（街道）", "townships"),
        ("start_date", "开始日期", "date"),
        ("end_date", "结束日期", "date"),
        ("status", "状态", "choice"),
        ("note", "备注", "text"),
    ],
    Register.APPS: [
        ("name", "名称", "text"),
        ("kind", "类型", "choice"),
        ("department", "主管部门", "department"),
        ("filing_no", "备案号", "text"),
        ("faces_grassroots", "面向基层", "bool"),
        ("clock_in", "打卡签到", "bool"),
        ("ranking", "积分排名", "bool"),
        ("online_time", "在线时长", "bool"),
        ("forced_login", "强制下载或登录", "bool"),
        ("media_upload", "照片/视频/定位上传", "bool"),
        ("status", "处置状态", "choice"),
        ("launched", "启用日期", "date"),
        ("closed_on", "整合或关停日期", "date"),
        ("note", "备注", "text"),
    ],
    Register.SECONDMENTS: [
        ("person", "姓名", "text"),
        ("work_started", "参加工作时间", "date"),
        ("home_unit", "原单位", "unit"),
        ("borrowing_unit", "借调单位", "text"),
        ("approval", "审批文号", "text"),
        ("start", "借调开始", "date"),
        ("end", "约定结束", "date"),
        ("extended_until", "延期至", "date"),
        ("returned_on", "返岗日期", "date"),
        ("note", "备注", "text"),
    ],
    Register.PLAQUES: [
        ("unit", "单位", "unit"),
        ("name", "牌子名称", "text"),
        ("department", "设置部门", "department"),
        ("basis", "依据", "text"),
        ("status", "状态", "choice"),
        ("hung_on", "挂牌日期", "date"),
        ("removed_on", "撤除日期", "date"),
        ("note", "备注", "text"),
    ],
}

# The fields that identify an entry within its county: a row with the same key updates it.
NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    Register.FORMS: ("number",),
    Register.INSPECTIONS: ("item", "department", "start_date"),
    Register.APPS: ("name",),
    Register.SECONDMENTS: ("person", "home_unit", "start"),
    Register.PLAQUES: ("unit", "name"),
}
