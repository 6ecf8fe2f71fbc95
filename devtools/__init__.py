"""Development and test tools. Nothing here is imported by the site's code or installed as an app:
production never loads this package."""
