"""Annual reports (条例第四十九、五十条) computed from the platform's data through
gongkai.annual.
"""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    label = "reports"
    verbose_name = "政府信息公开工作年度报告"

    def ready(self) -> None:
        from gongkai.core.audit import ACTION_LABELS as LABELS
        from gongkai.reports.services import ACTION_LABELS

        LABELS.update(ACTION_LABELS)
