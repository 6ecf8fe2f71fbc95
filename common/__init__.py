"""Request helpers every app needs, each rule in one function (no models, no app config)."""
