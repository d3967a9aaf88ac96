"""The coop content tool: validate, load and serve the published content. Never deployed."""
