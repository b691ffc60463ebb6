"""Database migrations (Alembic): ``api.storage.Store`` brings a database to the newest revision on start."""
