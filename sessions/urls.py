app_name = "class_sessions"
urlpatterns = []
