"""The HTML side, imported on first use: widgets, item pages, JSON-LD, oEmbed and feeds."""
