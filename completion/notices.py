from cto_mentor.notifications.registry import Notice, register

register(
    Notice("program_completed", "Your completion of the program, with the certificate"),
    Notice("candidate_behind", "A candidate behind on a responsibility other than attendance"),
)
