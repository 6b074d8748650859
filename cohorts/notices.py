from cto_mentor.notifications.registry import Notice, register

register(
    Notice("pairing_made", "Your mentor or candidate pairing"),
    Notice("role_invitation", "A role in a cohort, waiting for your confirmed address"),
    Notice("deadline_moved", "The application deadline moved later"),
)
