"""Demo texts of the legal documents, written for this platform (French authoritative, English).

Mini-format: "## " starts a section heading, "### " a sub-heading, lines starting with "- "
form a bulleted list, any other line is a paragraph. Facts come from the platform's own
specification (data collected, purposes, processors, retention, rights); the wording is new.
"""
