"""依申请公开 (条例第四章): applications from receipt to archive, their events, clocks, outcomes,
documents and fees.
"""

from typing import Any

from django.apps import AppConfig


def _applicant_digests(values: dict[str, Any]) -> dict[str, str]:
    from gongkai.applications.services import applicant_digest

    return {"id_digest": applicant_digest(values["id_number"], values["applicant_name"])}


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    label = "applications"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from gongkai.applications import checks, signals  # noqa: F401 - checks, calendar changes
        from gongkai.applications.workflow import Action
        from gongkai.core.audit import ACTION_LABELS
        from gongkai.core.rekey import DIGESTS, Digest

        # gongkai rekey recomputes the applicant digest with the current key after a rotation
        DIGESTS["applications.Application"] = Digest(
            sources=("id_number", "applicant_name"),
            targets=("id_digest",),
            compute=_applicant_digests,
        )

        ACTION_LABELS.update({f"application.{a.value}": str(a.label) for a in Action})
        ACTION_LABELS.update(
            {
                "application.submit": "提交政府信息公开申请（网上）",
                "application.create": "录入政府信息公开申请",
                "application.document": "申请文书或材料",
                "application.publish": "申请答复转为主动公开",
                "application.view_personal": "查看申请人个人信息",
                "application.view_list": "查看申请列表（含申请人姓名）",
                "application.export": "导出申请列表",
            }
        )
