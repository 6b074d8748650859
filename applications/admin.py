from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from cohorts.back_office import CohortTimes

from . import services
from .models import (
    Answer,
    AnswerFile,
    Application,
    Availability,
    Criterion,
    Extension,
    Nomination,
    Question,
    Resume,
    Review,
    ReviewAssignment,
    ReviewerScope,
    Score,
)


class AvailabilityInline(admin.TabularInline):
    model = Availability
    extra = 0
    raw_id_fields = ["meeting"]


@admin.register(Application)
class ApplicationAdmin(CohortTimes, SimpleHistoryAdmin):
    list_display = [
        "applicant",
        "kind",
        "cohort",
        "status",
        "submitted_at",
        "decision",
        "decision_sent_at",
        "response",
        "answer_by",
    ]
    list_filter = ["cohort", "kind", "status", "decision", "response"]
    search_fields = ["applicant__email", "applicant__first_name", "applicant__last_name", "organization"]
    autocomplete_fields = ["applicant"]
    raw_id_fields = ["decided_by"]
    list_select_related = ["applicant", "cohort"]
    date_hierarchy = "submitted_at"
    inlines = [AvailabilityInline]
    actions = ["send_decisions"]

    @admin.action(description="Send the decision e-mails of the selected applications' cohorts")
    def send_decisions(self, request, queryset):
        cohorts = {application.cohort for application in queryset.select_related("cohort")}
        sent = sum(services.send_decisions(cohort=cohort) for cohort in cohorts)
        self.message_user(request, f"{sent} decision e-mail(s) queued.", messages.SUCCESS)


@admin.register(Resume)
class ResumeAdmin(CohortTimes, admin.ModelAdmin):
    list_display = ["original_name", "application", "content_type", "size", "uploaded_at"]
    list_filter = ["content_type", "application__cohort"]
    search_fields = ["original_name", "application__applicant__email"]
    raw_id_fields = ["application"]
    readonly_fields = ["file", "content_type", "size", "original_name"]


@admin.register(Nomination)
class NominationAdmin(CohortTimes, admin.ModelAdmin):
    list_display = [
        "application",
        "nominator_name",
        "nominator_email",
        "requested_at",
        "expires_at",
        "submitted_at",
    ]
    list_filter = ["application__cohort", "submitted_at"]
    search_fields = ["nominator_name", "nominator_email", "application__applicant__email"]
    raw_id_fields = ["application"]
    exclude = ["token_hash"]


@admin.register(Availability)
class AvailabilityAdmin(CohortTimes, admin.ModelAdmin):
    list_display = ["application", "meeting", "available", "note"]
    list_filter = ["available", "application__cohort"]
    search_fields = ["application__applicant__email", "note"]
    raw_id_fields = ["application", "meeting"]


@admin.register(Extension)
class ExtensionAdmin(CohortTimes, SimpleHistoryAdmin):
    list_display = ["applicant", "cohort", "until", "granted_by", "granted_at"]
    list_filter = ["cohort"]
    search_fields = ["applicant__email", "reason"]
    autocomplete_fields = ["applicant", "granted_by"]


@admin.register(Criterion)
class CriterionAdmin(CohortTimes, admin.ModelAdmin):
    list_display = ["name", "cohort", "kind", "weight", "order"]
    list_filter = ["cohort", "kind"]
    search_fields = ["name", "description"]


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(CohortTimes, admin.ModelAdmin):
    list_display = ["cohort", "assigned_by", "assigned_at", "due_at"]
    list_filter = ["cohort"]
    search_fields = ["assigned_by__email", "reviews__reviewer__email"]
    raw_id_fields = ["assigned_by"]


@admin.register(ReviewerScope)
class ReviewerScopeAdmin(CohortTimes, SimpleHistoryAdmin):
    list_display = ["reviewer", "cohort", "kind"]
    list_filter = ["cohort", "kind"]
    search_fields = ["reviewer__email", "reviewer__last_name"]
    raw_id_fields = ["reviewer"]


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0


@admin.register(Review)
class ReviewAdmin(CohortTimes, SimpleHistoryAdmin):
    list_display = ["application", "reviewer", "status", "weighted_score", "submitted_at"]
    list_filter = ["status", "application__cohort"]
    search_fields = ["reviewer__email", "application__applicant__email"]
    raw_id_fields = ["application", "reviewer", "assigned_by", "assignment"]
    inlines = [ScoreInline]


@admin.register(Score)
class ScoreAdmin(CohortTimes, SimpleHistoryAdmin):
    list_display = ["review", "criterion", "value"]
    list_filter = ["criterion__cohort", "value"]
    search_fields = ["review__reviewer__email", "criterion__name"]
    raw_id_fields = ["review"]


@admin.register(Question)
class QuestionAdmin(CohortTimes, SimpleHistoryAdmin):
    list_display = ["label", "cohort", "kind", "type", "required", "visibility", "hidden", "order"]
    list_filter = ["cohort", "kind", "type", "required", "visibility", "hidden"]
    search_fields = ["label", "help_text", "key"]


@admin.register(Answer)
class AnswerAdmin(CohortTimes, admin.ModelAdmin):
    list_display = ["question", "application", "value"]
    list_filter = ["question__cohort", "question__kind"]
    search_fields = ["value", "question__label", "application__applicant__email"]
    list_select_related = ["question", "application__applicant", "application__cohort"]
    raw_id_fields = ["application", "question"]


@admin.register(AnswerFile)
class AnswerFileAdmin(CohortTimes, admin.ModelAdmin):
    list_display = ["original_name", "answer", "content_type", "size", "uploaded_at"]
    list_filter = ["content_type", "answer__question__cohort"]
    search_fields = ["original_name", "answer__application__applicant__email"]
    raw_id_fields = ["answer"]
    readonly_fields = ["file", "content_type", "size", "original_name"]
