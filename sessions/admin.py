from django.contrib import admin

from .models import ClassSession, Meeting, Topic


class TopicInline(admin.TabularInline):
    model = Topic
    extra = 0


class MeetingInline(admin.TabularInline):
    model = Meeting
    extra = 0


@admin.register(ClassSession)
class ClassSessionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "title", "kind", "cohort", "mentors_expected"]
    list_filter = ["cohort", "kind"]
    search_fields = ["title", "topics__name"]
    filter_horizontal = ["instructors"]
    inlines = [TopicInline, MeetingInline]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["session", "starts_at", "ends_at", "location"]
    list_filter = ["session__cohort"]
    list_select_related = ["session"]
    date_hierarchy = "starts_at"
