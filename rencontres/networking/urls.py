app_name = "networking"

urlpatterns = []
