"""Legal documents, versions and the acceptance ledger (see the versioned-legal-documents issue)."""
