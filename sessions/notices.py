from cto_mentor.notifications.registry import Notice, register

register(
    Notice("meeting_reminder", "A class meeting coming up, with its calendar file", optional=True),
    Notice("attendance_concern", "A candidate's first absence or late arrival"),
    Notice("submission_graded", "The grade of your assignment"),
    Notice("assignment_due_reminder", "An assignment of yours due soon"),
)
