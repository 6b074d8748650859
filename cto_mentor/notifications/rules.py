import rules

from cohorts.rules import is_program_manager


@rules.predicate
def manages_message_cohort(user, message):
    return message.cohort is not None and is_program_manager(user, message.cohort)


@rules.predicate
def staff_sees_program_wide_message(user, message):
    """Messages of no cohort (password resets, sign-up confirmations) are the staff's to follow up."""
    return message.cohort is None and user.is_active and user.is_staff


rules.add_perm("notifications.view_outbox", is_program_manager)
rules.add_perm("notifications.manage_reminders", is_program_manager)
rules.add_perm("notifications.edit_texts", is_program_manager)
rules.add_perm("notifications.resend_message", manages_message_cohort | staff_sees_program_wide_message)
rules.add_perm("notifications.view_program_outbox", rules.is_active & rules.is_staff)
