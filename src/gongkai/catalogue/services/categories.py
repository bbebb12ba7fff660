"""An agency's own sub-categories and its settings for the standard ones."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.catalogue.entry import clean_entry
from gongkai.catalogue.models import AgencyCategorySetting, Category, RecordStatus
from gongkai.core.audit import audit_record

from .common import Actor

MAX_DEPTH = 4


def _depth(category: Category) -> int:
    depth = 1
    node = category
    while node.parent_id is not None:
        node = Category.objects.only("pk", "parent_id").get(pk=node.parent_id)
        depth += 1
    return depth


def _check_parent(*, agency: Agency, parent: Category, category: Category | None = None) -> None:
    if parent.agency_id is not None and parent.agency_id != agency.pk:
        raise ValidationError({"parent": [_("上级栏目属于其他机关。")]})
    if parent.agency_id is None and parent.agency_kinds and agency.kind not in parent.agency_kinds:
        raise ValidationError({"parent": [_("上级栏目不适用于本机关。")]})
    if _depth(parent) >= MAX_DEPTH:
        raise ValidationError({"parent": [_("栏目最多 %(n)s 级。") % {"n": MAX_DEPTH}]})
    node: Category | None = parent
    while category is not None and node is not None:
        if node.pk == category.pk:
            raise ValidationError({"parent": [_("上级栏目不能是本栏目或其下级栏目。")]})
        node = node.parent


def _check_code(*, agency: Agency, code: str, exclude: int | None = None) -> None:
    clash = Category.objects.filter(code=code).filter(
        agency__isnull=True
    ) | Category.objects.filter(code=code, agency=agency)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationError({"code": [_("栏目代码“%(code)s”已被使用。") % {"code": code}]})


@transaction.atomic
def category_create(
    *,
    actor: Actor,
    agency: Agency,
    parent: Category,
    name: str,
    code: str,
    position: int = 0,
    description: str = "",
    entry: dict[str, Any] | None = None,
) -> Category:
    """An agency's own sub-category under a standard or own category."""
    code = code.strip().lower()
    _check_parent(agency=agency, parent=parent)
    _check_code(agency=agency, code=code)
    category = Category(
        agency=agency,
        parent=parent,
        name=name.strip(),
        code=code,
        position=position,
        description=description.strip(),
        kind=parent.kind,
        has_validity=parent.has_validity,
        report_key=parent.report_key,
        entry=clean_entry(entry or {}),
    )
    category.full_clean()
    category.save()
    audit_record(
        actor=actor,
        action="category.create",
        obj=category,
        agency=agency,
        details={"code": code, "name": category.name, "parent": parent.code},
    )
    return category


@transaction.atomic
def category_update(*, actor: Actor, category: Category, data: dict[str, Any]) -> Category:
    """Change an agency's own category (name, position, description, entry, parent)."""
    category = Category.objects.select_for_update().get(pk=category.pk)
    if category.agency_id is None:
        raise ValidationError(_("标准栏目不能修改。"))
    agency = category.agency
    assert agency is not None
    allowed = {"name", "position", "description", "entry", "parent"}
    unknown = set(data) - allowed
    if unknown:
        raise TypeError(f"unknown category fields: {sorted(unknown)}")
    changes: dict[str, Any] = {}
    for key, value in data.items():
        if key == "entry":
            value = clean_entry(value or {})
        elif isinstance(value, str):
            value = value.strip()
        old = getattr(category, key)
        if old != value:
            if key == "parent":
                _check_parent(agency=agency, parent=value, category=category)
                changes[key] = [old.code, value.code]
            else:
                changes[key] = [old, value]
            setattr(category, key, value)
    if not changes:
        return category
    category.full_clean()
    category.save(update_fields=[*changes, "updated_at"])
    audit_record(
        actor=actor, action="category.update", obj=category, agency=agency, details=changes
    )
    return category


@transaction.atomic
def category_delete(*, actor: Actor, category: Category) -> None:
    """Delete an agency's own category that holds no records and no sub-categories."""
    category = Category.objects.select_for_update().get(pk=category.pk)
    if category.agency_id is None:
        raise ValidationError(_("标准栏目不能删除。"))
    if category.children.exists():
        raise ValidationError(_("请先删除下级栏目。"))
    if category.records.exists():
        raise ValidationError(_("栏目下有信息，不能删除；请先把信息移到其他栏目。"))
    audit_record(
        actor=actor,
        action="category.delete",
        obj=category,
        agency=category.agency,
        details={"code": category.code, "name": category.name},
    )
    category.delete()


@transaction.atomic
def category_setting_set(
    *, actor: Actor, agency: Agency, category: Category, applicable: bool, reason: str = ""
) -> AgencyCategorySetting | None:
    """Mark a standard category (a 基层标准目录 area, 规章 …) applicable or not, with a reason.

    DOMAIN.md §5.2: the 未涉及领域事项说明 says why an area does not apply.
    """
    if category.agency_id is not None:
        raise ValidationError(_("只能为标准栏目设置是否适用；本机关栏目可以直接删除。"))
    reason = reason.strip()
    if not applicable and not reason:
        raise ValidationError({"reason": [_("请说明不适用的理由。")]})
    if not applicable:
        descendants = _descendant_ids(category)
        if category.records.model.objects.filter(
            agency=agency, category_id__in=descendants, status=RecordStatus.PUBLISHED
        ).exists():
            raise ValidationError(_("该栏目下有本机关已发布的信息，不能标记为不适用。"))
    setting = (
        AgencyCategorySetting.objects.select_for_update()
        .filter(agency=agency, category=category)
        .first()
    )
    before = (setting.applicable, setting.reason) if setting else (True, "")
    if applicable:
        if setting is not None:
            setting.delete()
        result = None
    else:
        if setting is None:
            setting = AgencyCategorySetting(agency=agency, category=category)
        setting.applicable = False
        setting.reason = reason
        setting.save()
        result = setting
    if before != (applicable, reason if not applicable else ""):
        audit_record(
            actor=actor,
            action="category.setting",
            obj=category,
            agency=agency,
            details={"applicable": applicable, "reason": reason, "before": list(before)},
        )
    return result


def _descendant_ids(category: Category) -> list[int]:
    pairs = list(Category.objects.values_list("pk", "parent_id"))
    children: dict[int, list[int]] = {}
    for pk, parent in pairs:
        if parent is not None:
            children.setdefault(parent, []).append(pk)
    result = [category.pk]
    stack = [category.pk]
    while stack:
        for child in children.get(stack.pop(), []):
            result.append(child)
            stack.append(child)
    return result
