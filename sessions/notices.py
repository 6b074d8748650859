from cto_mentor.notifications.registry import Notice, register

register(
    Notice("meeting_reminder", "A class meeting coming up, with its calendar file", optional=True),
    Notice("attendance_concern", "An absence or late arrival of yours or of a candidate you follow"),
    Notice("candidate_at_risk", "A candidate whose absences reach the cohort's limit"),
    Notice("assignment_posted", "A new assignment posted", optional=True),
    Notice("submission_graded", "The grade of your assignment"),
    Notice("revision_handed_in", "A revision handed in for you to grade", optional=True),
    Notice("assignment_due_reminder", "An assignment of yours due soon"),
    Notice("presentation_assessed", "The result of your oral presentation"),
)
