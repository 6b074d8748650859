from django.urls import path

from . import views

app_name = "applications"
urlpatterns = [
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/form/", views.edit_form, name="form"),
    path("<int:pk>/resume/", views.resume, name="resume"),
    path("<int:pk>/resume/download/", views.download_resume, name="download_resume"),
    path("<int:pk>/nomination/", views.nomination, name="nomination"),
    path("<int:pk>/nomination/resend/", views.resend_nomination, name="resend_nomination"),
    path("<int:pk>/questions/", views.answers, name="answers"),
    path("<int:pk>/questions/<int:question_id>/file/", views.download_answer, name="download_answer"),
    path("<int:pk>/availability/", views.availability, name="availability"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/withdraw/undo/", views.undo_withdrawal, name="undo_withdrawal"),
    path("<int:pk>/place/", views.place, name="place"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/offer/", views.offer, name="offer"),
    path("<int:pk>/answer-by/", views.answer_by, name="answer_by"),
    path("nominate/<str:token>/", views.nominate, name="nominate"),
    path("reviews/<int:pk>/", views.review, name="review"),
    path("cohort/<slug:slug>/apply/", views.start, name="start"),
    path("cohort/<slug:slug>/", views.queue, name="queue"),
    path("cohort/<slug:slug>/export.csv", views.export, name="export"),
    path("cohort/<slug:slug>/export/background/", views.export_in_background, name="export_in_background"),
    path("cohort/<slug:slug>/rubric/", views.rubric, name="rubric"),
    path(
        "cohort/<slug:slug>/rubric/<int:criterion_id>/remove/",
        views.remove_criterion,
        name="remove_criterion",
    ),
    path("cohort/<slug:slug>/questions/", views.question_list, name="questions"),
    path("cohort/<slug:slug>/questions/<int:question_id>/", views.question_edit, name="question_edit"),
    path("cohort/<slug:slug>/questions/<int:question_id>/move/", views.question_move, name="question_move"),
    path("cohort/<slug:slug>/questions/<int:question_id>/hide/", views.question_hide, name="question_hide"),
    path(
        "cohort/<slug:slug>/questions/<int:question_id>/delete/",
        views.question_delete,
        name="question_delete",
    ),
    path("cohort/<slug:slug>/extensions/", views.extensions, name="extensions"),
    path("cohort/<slug:slug>/decisions/", views.decisions, name="decisions"),
    path("cohort/<slug:slug>/my-reviews/", views.my_reviews, name="my_reviews"),
]
