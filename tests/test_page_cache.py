"""The page cache (cto_mentor/page_cache): a signed-in person's page is served again only while nothing it
shows can have changed. On SQLite these run with the in-process cache; on PostgreSQL with Redis, as in
production."""

import re
from datetime import timedelta

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Membership, Role
from cto_mentor.page_cache import data_version
from cto_mentor.users.models import User

from .factories import MembershipFactory

CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE = True


@pytest.fixture
def manager(cohort, member, page_cache):
    return member(Role.PROGRAM_MANAGER)


@pytest.fixture
def people_page(client, cohort, manager):
    client.force_login(manager)
    return reverse("cohorts:people", args=[cohort.slug])


def visit(client, url):
    """(response, whether the view rendered it) for a GET of url."""
    response = client.get(url)
    return response, bool(response.templates)


def test_unchanged_page_is_served_again_without_rendering(client, people_page):
    first, rendered_first = visit(client, people_page)
    with CaptureQueriesContext(connection) as queries:
        second, rendered_second = visit(client, people_page)
    assert (first.status_code, second.status_code) == (200, 200)
    assert (rendered_first, rendered_second) == (True, False)
    assert not any("cohorts_membership" in query["sql"] for query in queries.captured_queries)
    assert CSRF_TOKEN.sub("", second.text) == CSRF_TOKEN.sub("", first.text)


def test_page_shows_a_member_added_through_the_orm(client, cohort, people_page):
    visit(client, people_page)
    newcomer = MembershipFactory(cohort=cohort, role=Role.REVIEWER).user
    response, rendered = visit(client, people_page)
    assert rendered
    assert newcomer.email in response.text


def test_page_shows_a_name_changed_by_a_bulk_update(client, cohort, member, people_page):
    reviewer = member(Role.REVIEWER)
    visit(client, people_page)
    User.objects.filter(pk=reviewer.pk).update(first_name="Renamedbyupdate")
    assert "Renamedbyupdate" in visit(client, people_page)[0].text


def test_page_shows_a_name_changed_in_raw_sql(client, cohort, member, people_page):
    reviewer = member(Role.REVIEWER)
    visit(client, people_page)
    users = connection.ops.quote_name(User._meta.db_table)
    rename = f"UPDATE {users} SET first_name = %s WHERE id = %s"  # noqa: S608 - the table name is ours
    with connection.cursor() as cursor:
        cursor.execute(rename, ["Renamedinsql", reviewer.pk])
    assert "Renamedinsql" in visit(client, people_page)[0].text


def test_person_whose_role_is_removed_is_refused_at_once(client, cohort, manager, people_page):
    assert visit(client, people_page)[0].status_code == 200
    Membership.objects.filter(user=manager).delete()
    assert visit(client, people_page)[0].status_code == 404


def test_kept_page_is_not_served_to_another_person(client, cohort, member, people_page):
    visit(client, people_page)
    other_manager = member(Role.PROGRAM_MANAGER, in_cohort=cohort)
    other_manager.first_name, other_manager.last_name = "Other", "Manager"
    other_manager.save()
    visit(client, people_page)  # kept for the first manager under the new data version
    other = Client()
    other.force_login(other_manager)
    response, rendered = visit(other, people_page)
    assert rendered
    assert f">{other_manager.display_name}</a>" in response.text


def test_page_is_rendered_again_in_the_next_minute(client, people_page, monkeypatch):
    visit(client, people_page)
    later = timezone.now() + timedelta(seconds=61)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert visit(client, people_page)[1]


def test_kept_page_form_carries_a_fresh_token_that_posts(cohort, manager, people_page, member):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(manager)
    first = CSRF_TOKEN.search(visit(browser, people_page)[0].text)[1]
    response, rendered = visit(browser, people_page)
    second = CSRF_TOKEN.search(response.text)[1]
    assert not rendered
    assert second != first
    newcomer = member(Role.CANDIDATE, in_cohort=None).email
    posted = browser.post(
        people_page, {"csrfmiddlewaretoken": second, "email": newcomer, "role": Role.REVIEWER}
    )
    assert posted.status_code == 302
    assert Membership.objects.filter(cohort=cohort, user__email=newcomer, role=Role.REVIEWER).exists()


def test_waiting_message_is_shown_on_a_kept_page(client, people_page):
    visit(client, people_page)
    storage = CookieStorage(RequestFactory().get("/"))
    carrier = HttpResponse()
    storage._store([Message(constants.SUCCESS, "A message waiting to be shown")], carrier)
    client.cookies[storage.cookie_name] = carrier.cookies[storage.cookie_name].value
    response, rendered = visit(client, people_page)
    assert rendered
    assert "A message waiting to be shown" in response.text
    assert not visit(client, people_page)[0].text.count("A message waiting to be shown")


def test_admin_pages_that_say_no_store_are_never_kept(client, db, page_cache):
    client.force_login(User.objects.create_superuser("admin@example.org", "admin-password"))
    url = reverse("admin:index")
    visit(client, url)
    assert visit(client, url)[1]


def test_public_pages_are_never_kept(client, cohort, page_cache):
    visit(client, cohort.get_absolute_url())
    assert visit(client, cohort.get_absolute_url())[1]


def test_page_is_never_kept_while_the_setting_is_off(client, people_page, settings):
    settings.PAGE_CACHE = False
    visit(client, people_page)
    assert visit(client, people_page)[1]


def test_pages_are_rendered_and_saved_when_the_cache_is_down(client, cohort, people_page, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    client.force_login(Membership.objects.get(cohort=cohort, role=Role.PROGRAM_MANAGER).user)
    newcomer = MembershipFactory(cohort=cohort, role=Role.REVIEWER).user
    response, rendered = visit(client, people_page)
    assert response.status_code == 200
    assert newcomer.email in response.text


def test_write_in_a_transaction_moves_the_version_on_again_at_commit(
    db, page_cache, django_capture_on_commit_callbacks
):
    before = data_version.current()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        MembershipFactory()
        during = data_version.current()
    after = data_version.current()
    assert before != during != after


def test_statement_that_changes_no_row_keeps_the_version(db, page_cache):
    before = data_version.current()
    User.objects.filter(pk=-1).update(first_name="Nobody")
    assert data_version.current() == before


@pytest.mark.parametrize(
    ("sql", "rowcount", "changes"),
    [
        ('UPDATE "users_user" SET "first_name" = %s', 1, True),
        ('UPDATE "users_user" SET "first_name" = %s', 0, False),
        ('INSERT INTO "cohorts_membership" ("user_id") VALUES (%s)', 1, True),
        ('INSERT INTO "cohorts_membership" ("user_id") VALUES (%s) ON CONFLICT DO NOTHING', 0, False),
        ('INSERT INTO "cohorts_membership" ("user_id") VALUES (%s) RETURNING "id"', 0, True),
        ('  delete from "sessions_meeting" WHERE "id" = %s', 3, True),
        ('TRUNCATE "cohorts_cohort", "users_user"', -1, True),
        ('SELECT "id" FROM "users_user"', 5, False),
        ('UPDATE "django_session" SET "session_data" = %s', 1, False),
        ('INSERT INTO "axes_accesslog" ("username") VALUES (%s)', 1, False),
    ],
)
def test_only_writes_to_tables_pages_show_change_pages(sql, rowcount, changes):
    assert data_version.changes_pages(sql, rowcount) is changes
