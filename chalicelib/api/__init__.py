"""The JSON API: handlers, views, paging cursors, delta sync and the OpenAPI reference."""
