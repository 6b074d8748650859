from django.urls import path

from . import program_views, views

app_name = "cohorts"
urlpatterns = [
    path("", views.cohort_list, name="list"),
    path("new/", views.new_cohort, name="new"),
    path("<slug:slug>/", views.timeline, name="detail"),
    path("<slug:slug>/people/", views.people, name="people"),
    path("<slug:slug>/dashboard/", views.dashboard, name="dashboard"),
    path("<slug:slug>/pairings/", views.pairings, name="pairings"),
    path("<slug:slug>/contracts/<int:mentor_id>/", views.contract, name="contract"),
    path(
        "<slug:slug>/contracts/<int:mentor_id>/document/", views.contract_document, name="contract_document"
    ),
    path("<slug:slug>/people/<int:membership_id>/remove/", views.remove_member, name="remove_member"),
    path("<slug:slug>/people/<int:user_id>/restore/<str:role>/", views.restore_member, name="restore_member"),
    path("<slug:slug>/archive/", views.archive, name="archive"),
    path("<slug:slug>/copy/", views.copy, name="copy"),
    path("<slug:slug>/settings/", views.settings, name="settings"),
    path("<slug:slug>/program/", program_views.program_page, name="program"),
    path("<slug:slug>/program/edit/", program_views.program_page_edit, name="program_edit"),
]
