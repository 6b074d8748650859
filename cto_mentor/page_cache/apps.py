from django.apps import AppConfig
from django.db.backends.signals import connection_created


class PageCacheConfig(AppConfig):
    name = "cto_mentor.page_cache"
    label = "page_cache"
    verbose_name = "Page cache"

    def ready(self):
        from cto_mentor.page_cache.data_version import watch_writes

        # Every process that writes (web, Celery worker, management commands) must move the data version on.
        connection_created.connect(watch_writes, dispatch_uid="page_cache.watch_writes")
