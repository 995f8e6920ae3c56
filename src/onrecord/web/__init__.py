"""The web interface: server-rendered pages, each with a JSON twin."""
