# Read by the flask command (python-dotenv): `.venv/bin/flask demo` works from a plain shell.
FLASK_APP=recruit:create_app
