"""Every change to a portfolio and to the mentoring record around it; views, admin actions and tasks call these."""

from .cohort import comment_on_portfolio, record_check_in, schedule_check_in, schedule_portfolio_review
from .entries import (
    delete_entry,
    mark_ready,
    move_entry,
    open_portfolio,
    open_portfolios,
    save_artifact,
    save_reflection,
)
from .mentoring import (
    add_follow_up,
    close_follow_up,
    confirm_meeting,
    feedback_audiences,
    give_feedback,
    log_meeting,
    record_evaluation_notes,
    record_progress_notes,
    reopen_follow_up,
    schedule_evaluation,
    schedule_progress_review,
)
from .program_feedback import give_program_feedback

__all__ = [
    "add_follow_up",
    "close_follow_up",
    "comment_on_portfolio",
    "confirm_meeting",
    "delete_entry",
    "feedback_audiences",
    "give_feedback",
    "give_program_feedback",
    "log_meeting",
    "mark_ready",
    "move_entry",
    "open_portfolio",
    "open_portfolios",
    "record_check_in",
    "record_evaluation_notes",
    "record_progress_notes",
    "reopen_follow_up",
    "save_artifact",
    "save_reflection",
    "schedule_check_in",
    "schedule_evaluation",
    "schedule_portfolio_review",
    "schedule_progress_review",
]
