from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cohorts.back_office import CohortTimes

from .models import (
    Assignment,
    AssignmentAttachment,
    Attendance,
    CalendarFeed,
    ClassSession,
    Meeting,
    Presentation,
    Submission,
    SubmissionFile,
    Topic,
)


class TopicInline(admin.TabularInline):
    model = Topic
    extra = 0


class MeetingInline(admin.TabularInline):
    model = Meeting
    extra = 0


@admin.register(ClassSession)
class ClassSessionAdmin(CohortTimes, admin.ModelAdmin):
    list_display = ["__str__", "title", "kind", "cohort", "mentors_expected"]
    list_filter = ["cohort", "kind"]
    search_fields = ["title", "topics__name"]
    filter_horizontal = ["instructors"]
    inlines = [TopicInline, MeetingInline]


@admin.register(Topic)
class TopicAdmin(CohortTimes, admin.ModelAdmin):
    list_display = ["name", "session", "order"]
    list_filter = ["session__cohort"]
    search_fields = ["name", "session__title"]
    list_select_related = ["session__cohort"]


@admin.register(Meeting)
class MeetingAdmin(CohortTimes, admin.ModelAdmin):
    list_display = ["session", "starts_at", "ends_at", "location"]
    list_filter = ["session__cohort"]
    search_fields = ["session__title", "location", "address"]
    list_select_related = ["session"]
    date_hierarchy = "starts_at"


@admin.register(Attendance)
class AttendanceAdmin(CohortTimes, SimpleHistoryAdmin):
    list_display = ["person", "meeting", "status", "recorded_by", "recorded_at"]
    list_filter = ["status", "meeting__session__cohort"]
    search_fields = ["person__email", "person__last_name", "note"]
    list_select_related = ["person", "meeting__session", "recorded_by"]


class AttachmentInline(admin.TabularInline):
    model = AssignmentAttachment
    extra = 0
    fields = ["original_name", "content_type", "size"]
    readonly_fields = fields


@admin.register(Assignment)
class AssignmentAdmin(CohortTimes, admin.ModelAdmin):
    list_display = ["title", "session", "due_at", "assigned_to", "created_by"]
    list_filter = ["session__cohort"]
    search_fields = ["title", "instructions"]
    list_select_related = ["session", "assigned_to", "created_by"]
    raw_id_fields = ["assigned_to", "makes_up"]
    inlines = [AttachmentInline]


@admin.register(AssignmentAttachment)
class AssignmentAttachmentAdmin(CohortTimes, admin.ModelAdmin):
    list_display = ["original_name", "assignment", "content_type", "size"]
    list_filter = ["content_type", "assignment__session__cohort"]
    search_fields = ["original_name", "assignment__title"]
    list_select_related = ["assignment__session"]


class SubmissionFileInline(admin.TabularInline):
    model = SubmissionFile
    extra = 0
    fields = ["original_name", "content_type", "size"]
    readonly_fields = fields


@admin.register(Submission)
class SubmissionAdmin(CohortTimes, SimpleHistoryAdmin):
    list_display = ["candidate", "assignment", "version", "submitted_at", "is_late", "grade", "graded_by"]
    list_filter = ["grade", "is_late", "assignment__session__cohort"]
    search_fields = ["candidate__email", "candidate__last_name", "assignment__title"]
    list_select_related = ["candidate", "assignment__session", "graded_by"]
    inlines = [SubmissionFileInline]


@admin.register(SubmissionFile)
class SubmissionFileAdmin(CohortTimes, admin.ModelAdmin):
    list_display = ["original_name", "submission", "content_type", "size"]
    list_filter = ["content_type"]
    search_fields = ["original_name", "submission__candidate__email"]
    list_select_related = ["submission__candidate", "submission__assignment__session"]


@admin.register(Presentation)
class PresentationAdmin(CohortTimes, SimpleHistoryAdmin):
    list_display = ["candidate", "session", "kind", "topic", "scheduled_at", "result", "assessed_by"]
    list_filter = ["kind", "result", "session__cohort"]
    search_fields = ["candidate__email", "candidate__last_name", "topic"]
    list_select_related = ["candidate", "session", "assessed_by"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(CohortTimes, admin.ModelAdmin):
    list_display = ["user", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    exclude = ["token_hash"]
