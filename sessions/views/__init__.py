"""The class-year pages, one module per part; urls.py names them through this package."""

from .assignments import (
    assignment_create,
    assignment_detail,
    assignment_edit,
    assignment_grid,
    assignment_submit,
    attachment_download,
    submission_detail,
    submission_file,
)
from .attendance import attendance_csv, attendance_grid, take_attendance
from .presentations import presentation_assess, presentation_create, presentation_edit
from .schedule import (
    calendar_feed_settings,
    feed,
    meeting_add,
    meeting_delete,
    meeting_edit,
    plan_create,
    plan_edit,
    schedule,
    session_create,
    session_delete,
    session_detail,
    session_edit,
    session_ics,
)

__all__ = [
    "assignment_create",
    "assignment_detail",
    "assignment_edit",
    "assignment_grid",
    "assignment_submit",
    "attachment_download",
    "attendance_csv",
    "attendance_grid",
    "calendar_feed_settings",
    "feed",
    "meeting_add",
    "meeting_delete",
    "meeting_edit",
    "plan_create",
    "plan_edit",
    "presentation_assess",
    "presentation_create",
    "presentation_edit",
    "schedule",
    "session_create",
    "session_delete",
    "session_detail",
    "session_edit",
    "session_ics",
    "submission_detail",
    "submission_file",
    "take_attendance",
]
