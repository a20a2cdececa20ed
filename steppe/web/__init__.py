"""The analyst workbench: a FastAPI app (REST API and server-rendered pages) over a steppe database.

`steppe.web.app.create_app` builds the app; `steppe.web.serve.serve` runs it with Uvicorn."""
