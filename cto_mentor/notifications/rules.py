import rules

from cohorts.rules import is_program_manager


@rules.predicate
def manages_message_cohort(user, message):
    return message.cohort is not None and is_program_manager(user, message.cohort)


rules.add_perm("notifications.view_outbox", is_program_manager)
rules.add_perm("notifications.manage_reminders", is_program_manager)
rules.add_perm("notifications.resend_message", manages_message_cohort)
