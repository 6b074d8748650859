from django.contrib import admin, messages
from django.db import models

from cohorts.back_office import CohortTimes

from .models import (
    ANONYMITY_THRESHOLD,
    NOT_ENOUGH_ANSWERS,
    Artifact,
    CheckIn,
    Consultation,
    ConsultationMessage,
    Feedback,
    FollowUp,
    MentorMeeting,
    MidYearEvaluation,
    Portfolio,
    PortfolioReview,
    ProgramFeedback,
    ProgressReview,
    Reflection,
    ReviewComment,
    WorkStudy,
)

CANDIDATE_SEARCH = ["portfolio__candidate__email", "portfolio__candidate__last_name", "title"]


@admin.register(Portfolio)
class PortfolioAdmin(CohortTimes, admin.ModelAdmin):
    list_display = ["candidate", "cohort", "created_at"]
    list_filter = ["cohort"]
    search_fields = ["candidate__email", "candidate__first_name", "candidate__last_name"]
    list_select_related = ["candidate", "cohort"]
    raw_id_fields = ["candidate"]


@admin.register(Artifact)
class ArtifactAdmin(CohortTimes, admin.ModelAdmin):
    list_display = ["title", "portfolio", "position", "ready_for_review", "original_name", "link"]
    list_filter = ["ready_for_review", "portfolio__cohort"]
    search_fields = CANDIDATE_SEARCH
    list_select_related = ["portfolio__candidate", "portfolio__cohort"]
    raw_id_fields = ["portfolio", "session", "topic"]
    readonly_fields = ["file", "original_name", "content_type", "size"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # Django 6's default, and no warning


@admin.register(Reflection)
class ReflectionAdmin(CohortTimes, admin.ModelAdmin):
    list_display = ["title", "portfolio", "position", "ready_for_review", "updated_at"]
    list_filter = ["ready_for_review", "portfolio__cohort"]
    search_fields = CANDIDATE_SEARCH
    list_select_related = ["portfolio__candidate", "portfolio__cohort"]
    raw_id_fields = ["portfolio", "session", "topic", "artifact"]


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0
    raw_id_fields = ["owner", "closed_by"]


@admin.register(MentorMeeting)
class MentorMeetingAdmin(CohortTimes, admin.ModelAdmin):
    list_display = [
        "pairing",
        "status",
        "held_on",
        "starts_at",
        "mode",
        "duration_minutes",
        "logged_by",
        "confirmed_at",
    ]
    list_filter = ["status", "mode", "pairing__cohort", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["pairing__candidate__email", "pairing__mentor__email", "notes"]
    list_select_related = ["pairing__mentor", "pairing__candidate", "pairing__cohort", "logged_by"]
    raw_id_fields = ["pairing", "logged_by", "confirmed_by"]
    date_hierarchy = "held_on"
    inlines = [FollowUpInline]


@admin.register(FollowUp)
class FollowUpAdmin(CohortTimes, admin.ModelAdmin):
    list_display = ["description", "owner", "due_on", "closed_at", "meeting", "evaluation"]
    list_filter = [("closed_at", admin.EmptyFieldListFilter)]
    search_fields = ["description", "owner__email"]
    list_select_related = ["owner"]
    raw_id_fields = ["meeting", "evaluation", "owner", "closed_by"]


@admin.register(Feedback)
class FeedbackAdmin(CohortTimes, admin.ModelAdmin):
    list_display = ["portfolio", "audience", "author", "created_at"]
    list_filter = ["audience", "portfolio__cohort"]
    search_fields = ["portfolio__candidate__email", "author__email", "body"]
    list_select_related = ["portfolio__candidate", "portfolio__cohort", "author"]
    raw_id_fields = ["portfolio", "author"]


@admin.register(MidYearEvaluation)
class MidYearEvaluationAdmin(CohortTimes, admin.ModelAdmin):
    list_display = ["portfolio", "mentor", "starts_at", "mode", "recorded_at"]
    list_filter = ["portfolio__cohort", "mode", ("recorded_at", admin.EmptyFieldListFilter)]
    search_fields = ["portfolio__candidate__email", "mentor__email", "areas_needing_improvement"]
    list_select_related = ["portfolio__candidate", "portfolio__cohort", "mentor"]
    raw_id_fields = ["portfolio", "mentor", "created_by", "recorded_by"]
    inlines = [FollowUpInline]


class ReviewCommentInline(admin.TabularInline):
    model = ReviewComment
    extra = 0
    raw_id_fields = ["portfolio", "author"]


@admin.register(PortfolioReview)
class PortfolioReviewAdmin(CohortTimes, admin.ModelAdmin):
    list_display = ["cohort", "number", "starts_at", "location"]
    list_filter = ["cohort"]
    search_fields = ["cohort__name", "location"]
    inlines = [ReviewCommentInline]


@admin.register(ReviewComment)
class ReviewCommentAdmin(CohortTimes, admin.ModelAdmin):
    list_display = ["portfolio", "review", "author", "created_at"]
    list_filter = ["review__cohort", "review__number"]
    search_fields = ["portfolio__candidate__email", "author__email", "body"]
    list_select_related = ["portfolio__candidate", "portfolio__cohort", "review__cohort", "author"]
    raw_id_fields = ["review", "portfolio", "author"]


@admin.register(ProgressReview)
class ProgressReviewAdmin(CohortTimes, admin.ModelAdmin):
    list_display = ["portfolio", "starts_at", "created_by"]
    list_filter = ["portfolio__cohort"]
    search_fields = ["portfolio__candidate__email", "notes"]
    list_select_related = ["portfolio__candidate", "portfolio__cohort", "created_by"]
    raw_id_fields = ["portfolio", "created_by"]


@admin.register(CheckIn)
class CheckInAdmin(CohortTimes, admin.ModelAdmin):
    list_display = ["cohort", "starts_at", "location"]
    list_filter = ["cohort"]
    search_fields = ["location", "agenda", "notes"]
    filter_horizontal = ["attendees"]


class ConsultationMessageInline(admin.TabularInline):
    model = ConsultationMessage
    extra = 0
    raw_id_fields = ["author"]


@admin.register(Consultation)
class ConsultationAdmin(CohortTimes, admin.ModelAdmin):
    list_display = ["portfolio", "instructor", "created_at"]
    list_filter = ["portfolio__cohort"]
    search_fields = ["portfolio__candidate__email", "instructor__email"]
    list_select_related = ["portfolio__candidate", "portfolio__cohort", "instructor"]
    raw_id_fields = ["portfolio", "instructor"]
    inlines = [ConsultationMessageInline]


@admin.register(ConsultationMessage)
class ConsultationMessageAdmin(CohortTimes, admin.ModelAdmin):
    list_display = ["consultation", "author", "created_at"]
    list_filter = ["consultation__portfolio__cohort"]
    search_fields = ["author__email", "body"]
    list_select_related = ["consultation__portfolio__candidate", "consultation__instructor", "author"]
    raw_id_fields = ["consultation", "author"]


@admin.register(WorkStudy)
class WorkStudyAdmin(CohortTimes, admin.ModelAdmin):
    list_display = ["portfolio", "mentor", "supervised_on", "hours"]
    list_filter = ["portfolio__cohort"]
    search_fields = ["portfolio__candidate__email", "mentor__email", "supervised"]
    list_select_related = ["portfolio__candidate", "portfolio__cohort", "mentor"]
    raw_id_fields = ["portfolio", "mentor"]
    date_hierarchy = "supervised_on"


@admin.register(ProgramFeedback)
class ProgramFeedbackAdmin(CohortTimes, admin.ModelAdmin):
    """Answers as the program manager sees them: anonymous, only for questions enough people answered, and
    none can be added."""

    list_display = ["about", "rating", "comment"]
    list_filter = ["cohort", "rating"]
    search_fields = ["comment"]
    list_select_related = ["session", "cohort"]
    fields = ["cohort", "session", "rating", "comment"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).with_enough_answers()

    def changelist_view(self, request, extra_context=None):
        messages.info(
            request,
            f"{NOT_ENOUGH_ANSWERS}: the answers to a question fewer than {ANONYMITY_THRESHOLD} candidates "
            "have answered are not shown.",
        )
        return super().changelist_view(request, extra_context)

    @admin.display(description="About")
    def about(self, answer):
        return answer.session.label if answer.session_id else "The program as a whole"

    def has_add_permission(self, request):
        return False


# FeedbackReceipt is deliberately not in the admin: listing who answered about which session, next to the
# answers, would let anyone reading both pick out the author of an anonymous answer by elimination.
