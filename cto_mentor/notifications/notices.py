from cto_mentor.notifications.registry import Notice, register

register(
    Notice("application_deadline_reminder", "Your application's deadline approaching"),
    Notice("assignment_due_reminder", "An assignment of yours due soon"),
    Notice(
        "event_reminder",
        "A mid-year evaluation, portfolio review or mentor check-in coming up",
        optional=True,
    ),
    Notice("quiet_pair_reminder", "No mentor meeting logged for several weeks", optional=True),
)
