SECRET_KEY = "only-for-the-lab-tests"
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "mysite.urls"
DATABASES: dict = {}
USE_TZ = True
