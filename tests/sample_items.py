"""Items of a township basic list that several tests publish (the public test site, search,
department snapshots): each test takes them as they are or changes what it needs with
dataclasses.replace (a department, a reworded content, another place in the list)."""

from __future__ import annotations

from registry.services.versions import ItemData

ASSISTANCE = ItemData(seq=1, code="JB-001", domain="民生服务", name="社会救助申请受理和审核", content="受理最低生活保障、特困人员救助供养申请。")  # fmt: skip
INSURANCE = ItemData(seq=2, code="JB-002", domain="民生服务", name="城乡居民参保动员", content="协助做好城乡居民基本医疗保险参保缴费。")  # fmt: skip
REMOTE_SENSING = ItemData(seq=3, code="JB-003", domain="自然资源", name="卫星遥感图斑核查举证", content="组织开展图斑实地核查。")  # fmt: skip
