from cto_mentor.notifications.registry import Notice, register

register(
    Notice("password_reset", "Password reset link"),
    Notice("confirm_email", "Confirm your e-mail address"),
    Notice("sign_up_existing", "Someone tried to sign up with your address"),
)
