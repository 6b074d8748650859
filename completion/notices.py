from cto_mentor.notifications.registry import Notice, register

register(Notice("program_completed", "Your completion of the program, with the certificate"))
