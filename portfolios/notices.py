from cto_mentor.notifications.registry import Notice, register

register(
    Notice("mentor_meeting_logged", "A mentor meeting to confirm"),
    Notice("feedback_given", "Feedback on your work"),
    Notice("evaluation_scheduled", "Your mid-year evaluation"),
    Notice("check_in_scheduled", "Mentor check-in meetings", optional=True),
    Notice(
        "event_reminder",
        "A mid-year evaluation, portfolio review or mentor check-in coming up",
        optional=True,
    ),
    Notice("quiet_pair_reminder", "No mentor meeting logged for several weeks", optional=True),
    Notice("mentor_meeting_scheduled", "A mentor meeting scheduled with you"),
    Notice("mentor_meeting_confirmed", "A mentor meeting confirmed", optional=True),
    Notice("mentor_meeting_reminder", "A mentor meeting coming up", optional=True),
    Notice("follow_up_assigned", "A follow-up item assigned to you"),
    Notice("follow_up_reminder", "A follow-up item coming due", optional=True),
    Notice("private_feedback_given", "A mentor's feedback for the program manager", optional=True),
    Notice("consultation_message", "A mentor's consultation with an instructor"),
    Notice("progress_review_scheduled", "Your progress review"),
    Notice("portfolio_review_scheduled", "A portfolio review meeting"),
)
