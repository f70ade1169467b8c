app_name = "ogc"

urlpatterns = []
