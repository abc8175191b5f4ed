"""Report and dashboard pages. Every view declares its audience (``ccpl.access``)."""
