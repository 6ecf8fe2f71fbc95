"""Append-only tables and their tamper evidence, for every app that keeps proof.

Low in the dependency graph: it knows no other app of the project. Apps declare their
append-only models (`registry.register_append_only`), optionally hash-chained
(`models.HashChained`, see `chain` for the canonical format); `setup_db_roles` derives the
application role's privileges from that one registry and `verify_ledger` checks every chain.
"""
