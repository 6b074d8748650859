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
)
