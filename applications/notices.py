from cto_mentor.notifications.registry import Notice, register

register(
    Notice("application_submitted", "Confirmation that your application was submitted"),
    Notice("nomination_request", "Request to nominate an applicant"),
    Notice("nomination_reminder", "Reminder to a nominator who has not answered"),
    Notice("nomination_received", "Your nomination has arrived"),
    Notice("application_decision", "The decision on your application"),
    Notice("extension_granted", "A later application deadline granted to you"),
    Notice("application_deadline_reminder", "Your application's deadline approaching"),
)
