"""FastAPI service for regional working groups: regions, versioned scenarios, runs and web forms."""
