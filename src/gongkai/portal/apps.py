from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    label = "portal"
    verbose_name = "公开门户"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from gongkai.agencies.models import Agency
        from gongkai.catalogue.models import (
            AgencyCategorySetting,
            Attachment,
            Category,
            Record,
            RecordRelation,
        )
        from gongkai.portal.pagecache import content_changed
        from gongkai.portal.selectors import choices_changed

        # the filter forms' cached choices (portal.selectors) follow these tables
        for model in (Agency, Category, AgencyCategorySetting):
            for signal in (post_save, post_delete):
                signal.connect(
                    choices_changed, sender=model, dispatch_uid=f"portal-{model.__name__}"
                )
        # the cached public pages (portal.pagecache) follow everything they show
        for model in (Record, Attachment, RecordRelation, Agency, Category, AgencyCategorySetting):
            for signal in (post_save, post_delete):
                signal.connect(
                    content_changed, sender=model, dispatch_uid=f"portal-page-{model.__name__}"
                )
