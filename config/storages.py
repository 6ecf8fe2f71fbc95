from django.core.files.storage import storages


def private_storage():
    """Storage for personal files; resolved lazily so tests can swap it."""
    return storages["private"]
