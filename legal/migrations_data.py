"""The five documents: (kind, French slug, order). Used by migration 0002 and ensure_documents()."""

DOCUMENTS = [
    ("legal_notice", "mentions-legales", 10),
    ("terms_of_use", "conditions-generales-utilisation", 20),
    ("practitioner_terms", "conditions-generales-praticiens", 30),
    ("privacy_policy", "politique-de-confidentialite", 40),
    ("cookie_policy", "politique-cookies", 50),
]
