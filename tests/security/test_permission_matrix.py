"""The permission matrix: every URL pattern of the project x every role, GET and POST, with the outcome each
cell must give. A URL added without a row here makes test_every_url_has_a_row fail.

Outcomes: 200 the page; 302 a redirect after an action (or away from a page the role does not need, such as
the login page for someone logged in); L a redirect to the login page; 404 refused exactly like a missing object,
so ids leak nothing; 405 the wrong method; 410 a nominator link that does not work (a guessed token). POST sends
a valid CSRF token and an empty form, so an allowed form page answers 200 with its errors.

Roles, in column order (see conftest.py for the world they live in):
anon = anonymous · appl = applicant · nomi = the nominator holding their e-mailed link (no account) ·
rvOth = reviewer of another cohort · rev = reviewer · inOth = instructor of another session · inst = instructor
of the session · mnOth = mentor of another candidate · ment = the candidate's mentor · cand = the candidate ·
oCan = another candidate · PM = program manager of the cohort.

Design choices the matrix pins down: the cohort timeline, a session's calendar file and the sign-up, login and
password-reset pages are public; the schedule, sessions and assignments are open to every member of the
cohort; a calendar feed and a nominator's form open only with their token.
"""

import pytest
from django.urls import reverse

from .conftest import ROLES
from .kwargs import ARGS, url_for
from .matrix import request, session_key_for, url_names, urls_taking_ids

REFUSED = {"L", "404", "405", "410"}

MATRIX = {
    #    anon  appl  nomi  rvOth rev   inOth inst  mnOth ment  cand  oCan  PM
    "home": (
        "200   200   200   200   200   200   200   200   200   200   200   200",  # GET
        "200   200   200   200   200   200   200   200   200   200   200   200",  # POST
    ),
    "login": (
        "200   302   200   302   302   302   302   302   302   302   302   302",  # GET
        "200   302   200   302   302   302   302   302   302   302   302   302",  # POST
    ),
    "logout": (
        "405   405   405   405   405   405   405   405   405   405   405   405",  # GET
        "302   302   302   302   302   302   302   302   302   302   302   302",  # POST
    ),
    "sign_up": (
        "200   302   200   302   302   302   302   302   302   302   302   302",  # GET
        "200   302   200   302   302   302   302   302   302   302   302   302",  # POST
    ),
    "sign_up_sent": (
        "200   200   200   200   200   200   200   200   200   200   200   200",  # GET
        "405   405   405   405   405   405   405   405   405   405   405   405",  # POST
    ),
    # A confirmation link that is not valid (here: a made-up token) works for nobody.
    "verify_email": (
        "410   410   410   410   410   410   410   410   410   410   410   410",  # GET
        "410   410   410   410   410   410   410   410   410   410   410   410",  # POST
    ),
    "resend_verification": (
        "L     405   L     405   405   405   405   405   405   405   405   405",  # GET
        "L     302   L     302   302   302   302   302   302   302   302   302",  # POST
    ),
    "profile": (
        "L     200   L     200   200   200   200   200   200   200   200   200",  # GET
        "L     302   L     302   302   302   302   302   302   302   302   302",  # POST
    ),
    "password_change": (
        "L     200   L     200   200   200   200   200   200   200   200   200",  # GET
        "L     200   L     200   200   200   200   200   200   200   200   200",  # POST
    ),
    "password_change_done": (
        "L     200   L     200   200   200   200   200   200   200   200   200",  # GET
        "L     405   L     405   405   405   405   405   405   405   405   405",  # POST
    ),
    "password_reset": (
        "200   200   200   200   200   200   200   200   200   200   200   200",  # GET
        "200   200   200   200   200   200   200   200   200   200   200   200",  # POST
    ),
    "password_reset_done": (
        "200   200   200   200   200   200   200   200   200   200   200   200",  # GET
        "405   405   405   405   405   405   405   405   405   405   405   405",  # POST
    ),
    # A valid link stores its token in the session and redirects to the page that sets the new password.
    "password_reset_confirm": (
        "302   302   302   302   302   302   302   302   302   302   302   302",  # GET
        "302   302   302   302   302   302   302   302   302   302   302   302",  # POST
    ),
    "password_reset_complete": (
        "200   200   200   200   200   200   200   200   200   200   200   200",  # GET
        "405   405   405   405   405   405   405   405   405   405   405   405",  # POST
    ),
    "cohorts:detail": (
        "200   200   200   200   200   200   200   200   200   200   200   200",  # GET
        "200   200   200   200   200   200   200   200   200   200   200   200",  # POST
    ),
    "cohorts:people": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "cohorts:dashboard": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "cohorts:pairings": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    # A mentor's contract and its signed copy: the program manager's only.
    "cohorts:contract": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "cohorts:contract_document": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     405   L     405   405   405   405   405   405   405   405   405",  # POST
    ),
    # Removing a person asks first (GET); the undo gives the role back.
    "cohorts:remove_member": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   302",  # POST
    ),
    "cohorts:restore_member": (
        "L     405   L     405   405   405   405   405   405   405   405   405",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   302",  # POST
    ),
    # Any signed-in person sees the cohorts not yet over; a program manager also their past ones and pages.
    "cohorts:list": (
        "L     200   L     200   200   200   200   200   200   200   200   200",  # GET
        "L     405   L     405   405   405   405   405   405   405   405   405",  # POST
    ),
    # A new cohort is for whoever manages a cohort already (or the staff).
    "cohorts:new": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "cohorts:archive": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     405   L     405   405   405   405   405   405   405   405   405",  # POST
    ),
    "cohorts:copy": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "cohorts:settings": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "applications:detail": (
        "L     200   L     404   200   404   404   404   404   404   404   200",  # GET
        "L     200   L     404   200   404   404   404   404   404   404   200",  # POST
    ),
    "applications:form": (
        "L     200   L     404   404   404   404   404   404   404   404   404",  # GET
        "L     302   L     404   404   404   404   404   404   404   404   404",  # POST
    ),
    "applications:resume": (
        "L     200   L     404   404   404   404   404   404   404   404   404",  # GET
        "L     200   L     404   404   404   404   404   404   404   404   404",  # POST
    ),
    "applications:download_resume": (
        "L     200   L     404   200   404   404   404   404   404   404   200",  # GET
        "L     200   L     404   200   404   404   404   404   404   404   200",  # POST
    ),
    "applications:nomination": (
        "L     200   L     404   404   404   404   404   404   404   404   302",  # GET
        "L     200   L     404   404   404   404   404   404   404   404   302",  # POST
    ),
    "applications:resend_nomination": (
        "L     405   L     405   405   405   405   405   405   405   405   405",  # GET
        "L     302   L     404   404   404   404   404   404   404   404   404",  # POST
    ),
    "applications:availability": (
        "L     200   L     404   404   404   404   404   404   404   404   404",  # GET
        "L     302   L     404   404   404   404   404   404   404   404   404",  # POST
    ),
    "applications:submit": (
        "L     405   L     405   405   405   405   405   405   405   405   405",  # GET
        "L     302   L     404   404   404   404   404   404   404   404   404",  # POST
    ),
    # Reopening and withdrawing ask first (GET: the page that says what it means, here why it is refused).
    "applications:reopen": (
        "L     200   L     404   404   404   404   404   404   404   404   404",  # GET
        "L     302   L     404   404   404   404   404   404   404   404   404",  # POST
    ),
    "applications:withdraw": (
        "L     200   L     404   404   404   404   404   404   404   404   404",  # GET
        "L     302   L     404   404   404   404   404   404   404   404   404",  # POST
    ),
    "applications:undo_withdrawal": (
        "L     405   L     405   405   405   405   405   405   405   405   405",  # GET
        "L     302   L     404   404   404   404   404   404   404   404   404",  # POST
    ),
    "applications:place": (
        "L     200   L     404   404   404   404   404   404   404   404   404",  # GET
        "L     200   L     404   404   404   404   404   404   404   404   404",  # POST
    ),
    "applications:assign": (
        "L     405   L     405   405   405   405   405   405   405   405   405",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "applications:decide": (
        "L     405   L     405   405   405   405   405   405   405   405   405",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "applications:offer": (
        "L     405   L     405   405   405   405   405   405   405   405   405",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   302",  # POST
    ),
    "applications:answer_by": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "applications:nominate": (
        "410   410   200   410   410   410   410   410   410   410   410   410",  # GET
        "410   410   200   410   410   410   410   410   410   410   410   410",  # POST
    ),
    "applications:review": (
        "L     404   L     404   200   404   404   404   404   404   404   404",  # GET
        "L     404   L     404   200   404   404   404   404   404   404   404",  # POST
    ),
    # Declaring a conflict asks first; an empty POST is the form again with its error.
    "applications:declare_conflict": (
        "L     404   L     404   200   404   404   404   404   404   404   404",  # GET asks first
        "L     404   L     404   200   404   404   404   404   404   404   404",  # POST
    ),
    "applications:start": (
        "L     200   L     200   200   200   200   200   200   200   200   200",  # GET
        "L     200   L     200   200   200   200   200   200   200   200   200",  # POST
    ),
    "applications:queue": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "applications:export": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "applications:rubric": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "applications:change_criterion": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    # Actions on the queue's checked rows: with none checked, the manager is sent back to the queue.
    "applications:bulk_assign": (
        "L     404   L     404   404   404   404   404   404   404   404   302",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   302",  # POST
    ),
    "applications:bulk_decide": (
        "L     404   L     404   404   404   404   404   404   404   404   302",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   302",  # POST
    ),
    "applications:export_checked": (
        "L     404   L     404   404   404   404   404   404   404   404   302",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   302",  # POST
    ),
    "applications:reviewers": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "applications:remove_criterion": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET asks first
        "L     404   L     404   404   404   404   404   404   404   404   302",  # POST
    ),
    "applications:answers": (
        "L     200   L     404   404   404   404   404   404   404   404   404",  # GET
        "L     302   L     404   404   404   404   404   404   404   404   404",  # POST
    ),
    "applications:download_answer": (
        "L     200   L     404   200   404   404   404   404   404   404   200",  # GET
        "L     200   L     404   200   404   404   404   404   404   404   200",  # POST
    ),
    "applications:questions": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "applications:question_edit": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    # Moving, hiding and deleting are buttons; deleting is refused here (applications are submitted).
    "applications:question_move": (
        "L     405   L     405   405   405   405   405   405   405   405   405",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   302",  # POST
    ),
    "applications:question_hide": (
        "L     405   L     405   405   405   405   405   405   405   405   405",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   302",  # POST
    ),
    "applications:question_delete": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET asks first
        "L     404   L     404   404   404   404   404   404   404   404   302",  # POST
    ),
    "notifications:notice_texts": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "notifications:notice_text": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "notifications:reset_notice_text": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET asks first
        "L     404   L     404   404   404   404   404   404   404   404   302",  # POST
    ),
    # The program page is public, like the timeline; its text is the program manager's to edit.
    "cohorts:program": (
        "200   200   200   200   200   200   200   200   200   200   200   200",  # GET
        "200   200   200   200   200   200   200   200   200   200   200   200",  # POST
    ),
    "cohorts:program_edit": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "applications:extensions": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "applications:decisions": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   302",  # POST
    ),
    "applications:my_reviews": (
        "L     404   L     404   200   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   200   404   404   404   404   404   404   200",  # POST
    ),
    "class_sessions:schedule": (
        "L     404   L     404   200   200   200   200   200   200   200   200",  # GET
        "L     404   L     404   200   200   200   200   200   200   200   200",  # POST
    ),
    "class_sessions:create": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "class_sessions:attendance_grid": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "class_sessions:attendance_csv": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "class_sessions:assignment_grid": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "completion:progress": (
        "L     404   L     404   404   404   404   404   200   200   404   200",  # GET
        "L     404   L     404   404   404   404   404   200   200   404   200",  # POST
    ),
    "class_sessions:detail": (
        "L     404   L     404   200   200   200   200   200   200   200   200",  # GET
        "L     404   L     404   200   200   200   200   200   200   200   200",  # POST
    ),
    "class_sessions:edit": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    # A whole session with its two days, for the program manager like the rest of the schedule.
    "class_sessions:plan_create": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "class_sessions:plan_edit": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "class_sessions:delete": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET asks first
        "L     404   L     404   404   404   404   404   404   404   404   302",  # POST
    ),
    "class_sessions:session_ics": (
        "200   200   200   200   200   200   200   200   200   200   200   200",  # GET
        "200   200   200   200   200   200   200   200   200   200   200   200",  # POST
    ),
    "class_sessions:meeting_add": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "class_sessions:assignment_create": (
        "L     404   L     404   404   404   200   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   200   404   404   404   404   200",  # POST
    ),
    "class_sessions:presentation_create": (
        "L     404   L     404   404   404   200   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   200   404   404   404   404   200",  # POST
    ),
    "class_sessions:meeting_edit": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "class_sessions:meeting_delete": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET asks first
        "L     404   L     404   404   404   404   404   404   404   404   302",  # POST
    ),
    "class_sessions:attendance": (
        "L     404   L     404   404   404   200   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   302   404   404   404   404   302",  # POST
    ),
    # Make-up work is set by the staff (here refused on the page: the candidate's mark is "present").
    "class_sessions:make_up": (
        "L     404   L     404   404   404   200   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   200   404   404   404   404   200",  # POST
    ),
    "class_sessions:assignment": (
        "L     404   L     404   200   200   200   200   200   200   200   200",  # GET
        "L     404   L     404   200   200   200   200   200   200   200   200",  # POST
    ),
    "class_sessions:assignment_edit": (
        "L     404   L     404   404   404   200   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   200   404   404   404   404   200",  # POST
    ),
    "class_sessions:submit": (
        "L     404   L     404   404   404   404   404   404   200   200   404",  # GET
        "L     404   L     404   404   404   404   404   404   200   200   404",  # POST
    ),
    "class_sessions:attachment": (
        "L     404   L     404   200   200   200   200   200   200   200   200",  # GET
        "L     404   L     404   200   200   200   200   200   200   200   200",  # POST
    ),
    "class_sessions:submission": (
        "L     404   L     404   404   404   200   404   200   200   404   200",  # GET
        "L     404   L     404   404   404   200   404   404   404   404   200",  # POST
    ),
    # Graders open it; the page corrects only a grade its viewer gave (the world's work is not graded yet).
    "class_sessions:grade_correct": (
        "L     404   L     404   404   404   200   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   200   404   404   404   404   200",  # POST
    ),
    "class_sessions:submission_file": (
        "L     404   L     404   404   404   200   404   200   200   404   200",  # GET
        "L     404   L     404   404   404   200   404   200   200   404   200",  # POST
    ),
    "class_sessions:presentation_edit": (
        "L     404   L     404   404   404   200   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   200   404   404   404   404   200",  # POST
    ),
    "class_sessions:presentation_assess": (
        "L     404   L     404   404   404   200   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   200   404   404   404   404   200",  # POST
    ),
    "class_sessions:calendar_feed": (
        "L     200   L     200   200   200   200   200   200   200   200   200",  # GET
        "L     302   L     302   302   302   302   302   302   302   302   302",  # POST
    ),
    # Only the candidate has a feed that is on: turning it off asks first; turning it on again without one
    # turned off is refused with a message.
    "class_sessions:calendar_feed_off": (
        "L     404   L     404   404   404   404   404   404   200   404   404",  # GET
        "L     404   L     404   404   404   404   404   404   302   404   404",  # POST
    ),
    "class_sessions:calendar_feed_on": (
        "L     405   L     405   405   405   405   405   405   405   405   405",  # GET
        "L     302   L     302   302   302   302   302   302   302   302   302",  # POST
    ),
    "completion:cohort_table": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "completion:cohort_csv": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "completion:commencement": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    # The world's candidate is marked completed already: a second mark is refused on the page.
    "completion:complete": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "completion:settings": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "completion:certificate": (
        "L     404   L     404   404   404   404   404   200   200   404   200",  # GET
        "L     404   L     404   404   404   404   404   200   200   404   200",  # POST
    ),
    # After the certificate's rows: the manager's POST undoes the world's completion mark.
    "completion:uncomplete": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   302",  # POST
    ),
    "class_sessions:feed": (
        "404   404   404   404   404   404   404   404   404   200   404   404",  # GET
        "404   404   404   404   404   404   404   404   404   200   404   404",  # POST
    ),
    "portfolios:detail": (
        "L     404   L     404   404   404   404   404   200   200   404   200",  # GET
        "L     404   L     404   404   404   404   404   200   200   404   200",  # POST
    ),
    "portfolios:print": (
        "L     404   L     404   404   404   404   404   200   200   404   200",  # GET
        "L     404   L     404   404   404   404   404   200   200   404   200",  # POST
    ),
    "portfolios:export": (
        "L     404   L     404   404   404   404   404   404   200   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   200   404   200",  # POST
    ),
    "portfolios:topic_map": (
        "L     404   L     404   404   404   404   404   200   200   404   200",  # GET
        "L     404   L     404   404   404   404   404   200   200   404   200",  # POST
    ),
    "portfolios:add_artifact": (
        "L     404   L     404   404   404   404   404   404   200   404   404",  # GET
        "L     404   L     404   404   404   404   404   404   200   404   404",  # POST
    ),
    "portfolios:edit_artifact": (
        "L     404   L     404   404   404   404   404   404   200   404   404",  # GET
        "L     404   L     404   404   404   404   404   404   200   404   404",  # POST
    ),
    "portfolios:download_artifact": (
        "L     404   L     404   404   404   404   404   200   200   404   200",  # GET
        "L     404   L     404   404   404   404   404   200   200   404   200",  # POST
    ),
    "portfolios:add_reflection": (
        "L     404   L     404   404   404   404   404   404   200   404   404",  # GET
        "L     404   L     404   404   404   404   404   404   200   404   404",  # POST
    ),
    "portfolios:edit_reflection": (
        "L     404   L     404   404   404   404   404   404   200   404   404",  # GET
        "L     404   L     404   404   404   404   404   404   200   404   404",  # POST
    ),
    "portfolios:move_entry": (
        "L     405   L     405   405   405   405   405   405   405   405   405",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   404",  # POST
    ),
    "portfolios:mark_ready": (
        "L     405   L     405   405   405   405   405   405   405   405   405",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   404",  # POST
    ),
    # Removing asks first (GET), then moves the entry to the trash; putting back an entry not in the trash
    # is refused with a message on the trash page.
    "portfolios:delete_entry": (
        "L     404   L     404   404   404   404   404   404   200   404   404",  # GET
        "L     404   L     404   404   404   404   404   404   302   404   404",  # POST
    ),
    "portfolios:restore_entry": (
        "L     405   L     405   405   405   405   405   405   405   405   405",  # GET
        "L     404   L     404   404   404   404   404   404   302   404   404",  # POST
    ),
    "portfolios:trash": (
        "L     404   L     404   404   404   404   404   404   200   404   404",  # GET
        "L     405   L     405   405   405   405   405   405   405   405   405",  # POST
    ),
    "portfolios:meetings": (
        "L     404   L     404   404   404   404   404   200   200   404   200",  # GET
        "L     404   L     404   404   404   404   404   200   200   404   404",  # POST
    ),
    "portfolios:confirm_meeting": (
        "L     405   L     405   405   405   405   405   405   405   405   405",  # GET
        "L     404   L     404   404   404   404   404   404   302   404   404",  # POST
    ),
    "portfolios:add_meeting_follow_up": (
        "L     404   L     404   404   404   404   404   200   200   404   404",  # GET
        "L     404   L     404   404   404   404   404   200   200   404   404",  # POST
    ),
    "portfolios:close_follow_up": (
        "L     405   L     405   405   405   405   405   405   405   405   405",  # GET
        "L     404   L     404   404   404   404   404   302   302   404   302",  # POST
    ),
    "portfolios:feedback": (
        "L     404   L     404   404   404   404   404   200   200   404   200",  # GET
        "L     404   L     404   404   404   404   404   200   404   404   200",  # POST
    ),
    "portfolios:comment": (
        "L     405   L     405   405   405   405   405   405   405   405   405",  # GET
        "L     404   L     404   404   404   404   404   200   404   404   200",  # POST
    ),
    "portfolios:schedule_evaluation": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "portfolios:evaluation": (
        "L     404   L     404   404   404   404   404   200   200   404   200",  # GET
        "L     404   L     404   404   404   404   404   200   404   404   200",  # POST
    ),
    "portfolios:schedule_progress_review": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "portfolios:progress_review": (
        "L     404   L     404   404   404   404   404   404   200   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   302",  # POST
    ),
    "portfolios:schedule_meeting": (
        "L     404   L     404   404   404   404   404   200   200   404   404",  # GET
        "L     404   L     404   404   404   404   404   200   200   404   404",  # POST
    ),
    "portfolios:confirm_held": (
        "L     404   L     404   404   404   404   404   200   200   404   404",  # GET
        "L     404   L     404   404   404   404   404   200   200   404   404",  # POST
    ),
    "portfolios:cancel_meeting": (
        "L     404   L     404   404   404   404   404   200   200   404   404",  # GET
        "L     404   L     404   404   404   404   404   302   302   404   404",  # POST
    ),
    "portfolios:record_evaluation": (
        "L     404   L     404   404   404   404   404   200   404   404   404",  # GET
        "L     404   L     404   404   404   404   404   200   404   404   404",  # POST
    ),
    "portfolios:record_scheduled_evaluation": (
        "L     404   L     404   404   404   404   404   200   404   404   404",  # GET
        "L     404   L     404   404   404   404   404   200   404   404   404",  # POST
    ),
    # The mentor consults the instructors; the thread is the instructor's, the mentor's and the managers'.
    "portfolios:consultations": (
        "L     404   L     404   404   404   404   404   200   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   200   404   404   404",  # POST
    ),
    "portfolios:consultation": (
        "L     404   L     404   404   404   200   404   200   404   404   200",  # GET
        "L     404   L     404   404   404   200   404   200   404   404   404",  # POST
    ),
    "portfolios:work_study": (
        "L     404   L     404   404   404   404   404   200   200   404   200",  # GET
        "L     404   L     404   404   404   404   404   200   404   404   404",  # POST
    ),
    "portfolios:overview": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "portfolios:meeting_frequency": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "portfolios:portfolio_reviews": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "portfolios:portfolio_review": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "portfolios:check_ins": (
        "L     404   L     404   404   404   404   200   200   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "portfolios:check_in": (
        "L     404   L     404   404   404   404   200   200   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   302",  # POST
    ),
    "portfolios:program_feedback": (
        "L     404   L     404   404   404   404   404   404   200   200   404",  # GET
        "L     404   L     404   404   404   404   404   404   200   200   404",  # POST
    ),
    "portfolios:program_feedback_results": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "portfolios:program_feedback_csv": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "notifications:inbox": (
        "L     200   L     200   200   200   200   200   200   200   200   200",  # GET
        "L     200   L     200   200   200   200   200   200   200   200   200",  # POST
    ),
    "notifications:preferences": (
        "L     200   L     200   200   200   200   200   200   200   200   200",  # GET
        "L     302   L     302   302   302   302   302   302   302   302   302",  # POST
    ),
    # Messages of no cohort: for the staff only, and nobody in this world is staff.
    "notifications:program_outbox": (
        "L     404   L     404   404   404   404   404   404   404   404   404",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   404",  # POST
    ),
    "notifications:outbox": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "notifications:reminder_settings": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   302",  # POST
    ),
    "notifications:resend": (
        "L     405   L     405   405   405   405   405   405   405   405   405",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   302",  # POST
    ),
    "jobs:detail": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "jobs:status": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "jobs:download": (
        "L     404   L     404   404   404   404   404   404   404   404   200",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   200",  # POST
    ),
    "applications:export_in_background": (
        "L     405   L     405   405   405   405   405   405   405   405   405",  # GET
        "L     404   L     404   404   404   404   404   404   404   404   302",  # POST
    ),
}

# Each file download and the page it belongs to: the same people may open both.
DOWNLOADS = {
    "applications:download_resume": "applications:detail",
    "applications:download_answer": "applications:detail",
    "class_sessions:attachment": "class_sessions:assignment",
    "class_sessions:submission_file": "class_sessions:submission",
    "portfolios:download_artifact": "portfolios:detail",
    "completion:certificate": "completion:progress",
    "jobs:download": "jobs:detail",
}


def test_every_url_has_a_row():
    names = url_names()
    assert len(names) == len(set(names)), "two URL patterns share a name"
    assert sorted(set(names) - set(MATRIX)) == [], "URLs without a row in the permission matrix"
    assert sorted(set(MATRIX) - set(names)) == [], "rows of the matrix for URLs that no longer exist"
    assert set(ARGS) == set(MATRIX)


def test_permission_matrix(world):
    """Every cell: the expected outcome, and no data written by a refused request."""
    sessions = {role: session_key_for(world.people[role]) for role in ROLES}
    wrong, wrote = [], []
    for name, (get_row, post_row) in MATRIX.items():
        for method, row in (("GET", get_row), ("POST", post_row)):
            for role, expected in zip(ROLES, row.split(), strict=True):
                got, writes = request(sessions[role], method, url_for(name, world, role))
                if got != expected:
                    wrong.append(f"{method} {name} as {role}: expected {expected}, got {got}")
                if expected in REFUSED and writes:
                    wrote.append(f"{method} {name} as {role} ({got}) wrote: {writes}")
    assert wrong == []
    assert wrote == []


def test_matrix_size():
    cells = sum(len(row.split()) for rows in MATRIX.values() for row in rows)
    assert cells == len(MATRIX) * 2 * len(ROLES)


@pytest.mark.parametrize(("download", "page"), DOWNLOADS.items())
def test_download_allowed_to_exactly_the_people_who_see_its_page(download, page):
    allowed = [role for role, cell in zip(ROLES, MATRIX[download][0].split(), strict=True) if cell == "200"]
    page_allowed = [role for role, cell in zip(ROLES, MATRIX[page][0].split(), strict=True) if cell == "200"]
    assert allowed == page_allowed


@pytest.mark.parametrize("name", urls_taking_ids())
def test_missing_ids_answer_like_other_peoples(world, name):
    """An id that does not exist answers 404 to the program manager, as another person's id does to others."""
    kwargs = ARGS[name](world)
    missing = {key: 10_000_000 + value if isinstance(value, int) else value for key, value in kwargs.items()}
    session = session_key_for(world.people["program_manager"])
    get_row, post_row = MATRIX[name]
    method = "GET" if get_row.split()[-1] != "405" else "POST"
    got, writes = request(session, method, reverse(name, kwargs=missing))
    assert (got, writes) == ("404", [])
