from cto_mentor.notifications.registry import Notice, register

register(Notice("meeting_reminder", "A class meeting coming up, with its calendar file", optional=True))
