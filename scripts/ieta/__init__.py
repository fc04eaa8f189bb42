"""The project's task runner: install, run, dev, test, cleanup, dashboard, browse and test_apis,
written once for Linux, macOS and Windows (standard library only: it runs on the system Python
before any venv exists). The ``.sh`` and ``.ps1`` scripts at the top of the repository call it;
docs/tasks.md describes each task."""
