"""A Django settings module with debug left on."""
DEBUG = True  # expect: web-debug-mode-enabled
ALLOWED_HOSTS = ["*"]
