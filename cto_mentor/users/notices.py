from cto_mentor.notifications.registry import Notice, register

register(Notice("password_reset", "Password reset link"))
