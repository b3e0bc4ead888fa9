"""REST API of the household dossier under /api/v1/households/."""
